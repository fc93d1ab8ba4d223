import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_TOO_LARGE, MAX_COLLECTED_FILE_CHARS, MAX_REASON_CHARS } from '../lib/limits';
import { configSchema } from '../lib/config-schema';
import { getDoraFigures } from '../metrics/dora';
import { ALIAS_BOMB } from '../tests/helpers/hostile-content';
import { contextFor, goldenFacts, subjectWith } from '../tests/helpers/scorecard-facts';
import { seedServices } from '../tests/helpers/scorecard-org';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import type { Rule } from './definition-schema';
import { evaluateScorecards } from './evaluate-scorecards';
import { parseScorecardsText } from './load-scorecards';
import { getServiceScorecard } from './read/get-service-scorecard';
import { evaluateRule } from './rules/evaluate-rule';
import { workflowReferences } from './rules/repository-rules';
import type { RepositoryFacts } from './service-subjects';

/**
 * Repository content is written by anyone who can push to a collected repository: every rule
 * must take time linear in it, bound what it reports, and fail only the check it feeds.
 */

const run = (rule: Rule, facts: RepositoryFacts) => evaluateRule(rule, contextFor(subjectWith(facts)));
const withFile = (path: string, content: string): RepositoryFacts => ({
  ...goldenFacts(),
  files: { ...goldenFacts().files, [path]: { content } },
});
const elapsed = (work: () => unknown) => {
  const start = performance.now();
  work();
  return performance.now() - start;
};

describe('the uses: extraction is linear on hostile workflows', () => {
  it('reads 256 KiB of blank lines and spaces at once (the old pattern was cubic: 4 KB took 19 s)', () => {
    const hostile = [' \n'.repeat(MAX_COLLECTED_FILE_CHARS / 4), '-\n'.repeat(MAX_COLLECTED_FILE_CHARS / 4)].join('');
    const ms = elapsed(() => workflowReferences([{ path: '.github/workflows/x.yml', content: hostile }]));
    expect(ms).toBeLessThan(500);
  });

  it('still finds every reference, list item or not, with CRLF line ends', () => {
    const content = [
      'jobs:',
      '  build:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      -   uses: "actions/setup-node@v4" # pinned',
      '      -',
      '        uses: acme/golden/.github/workflows/ci.yml@v3\r',
      '    uses: docker://alpine',
      '      - run: echo uses: not/this@v1',
    ].join('\n');
    expect(workflowReferences([{ path: 'w.yml', content }])).toEqual([
      { workflow: 'w.yml', uses: 'actions/checkout', ref: 'v4' },
      { workflow: 'w.yml', uses: 'actions/setup-node', ref: 'v4' },
      { workflow: 'w.yml', uses: 'acme/golden/.github/workflows/ci.yml', ref: 'v3' },
      { workflow: 'w.yml', uses: 'docker://alpine', ref: null },
    ]);
  });
});

describe('patterns from the scorecards file run with RE2', () => {
  it('matches a pattern that backtracks exponentially in JavaScript in linear time', async () => {
    // /(a+)+$/ on "aaa…a!" takes 2^n steps with a backtracking engine; n = 40 would not finish.
    const facts = withFile('README.md', `${'a'.repeat(100_000)}!`);
    const rule: Rule = { type: 'file_matches', path: 'README.md', pattern: '(a+)+$', flags: 'm', negate: false };
    const start = performance.now();
    expect((await run(rule, facts)).outcome).toBe('fail');
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('applies the flags (i, m, s) as JavaScript does', async () => {
    const facts = withFile('README.md', 'intro\n## Security\nReport to security@acme.test');
    const rule = (pattern: string, flags: string): Rule => ({
      type: 'file_matches',
      path: 'README.md',
      pattern,
      flags,
      negate: false,
    });
    expect((await run(rule('^## security$', 'im'), facts)).outcome).toBe('pass');
    expect((await run(rule('^## security$', 'i'), facts)).outcome).toBe('fail');
    expect((await run(rule('Security.Report', 's'), facts)).outcome).toBe('pass');
    expect((await run(rule('Security.Report', ''), facts)).outcome).toBe('fail');
  });

  it('refuses, when the file is loaded, a pattern RE2 cannot run, naming the file and the key', () => {
    const text = `
scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze]
    checks:
      - { id: sec, name: Security policy, level: bronze, rule: { type: yaml_path, file: a.yaml, path: x, expect: { matches: '^(?!draft)' } }, remediation: x }
`;
    expect(() => parseScorecardsText(text, 'scorecards.yaml', { at: new Date() })).toThrow(
      /scorecards\.yaml.*sec.*rule\.expect\.matches.*RE2 syntax/s,
    );
  });
});

describe('reasons are bounded', () => {
  it('quotes at most a slice of a value as large as a file may be', async () => {
    const facts = withFile('catalog-info.yaml', `spec:\n  owner: "${'x'.repeat(MAX_COLLECTED_FILE_CHARS - 100)}"\n`);
    const result = await run(
      { type: 'yaml_path', file: 'catalog-info.yaml', path: 'spec.owner', expect: { equals: 'team' } },
      facts,
    );
    expect(result.outcome).toBe('fail');
    expect(result.reason.length).toBeLessThan(400);
    expect(result.reason).toMatch(
      /^spec\.owner in catalog-info\.yaml is "x+… \(\d+ more characters\), needs to equal "team"$/,
    );
  });

  it('cuts a reason joined from many repositories to the cap, saying how much was left out', async () => {
    const repositories = Array.from({ length: 200 }, (_, i) => ({
      id: i,
      fullName: `acme/service-part-with-a-long-name-${i}`,
      collectedAt: new Date('2026-11-28T12:00:00Z'),
      facts: goldenFacts(),
    }));
    const result = await evaluateRule(
      { type: 'file_exists', paths: ['NOPE.md'] },
      contextFor(subjectWith(goldenFacts(), { repositories })),
    );
    expect(result.reason.length).toBe(MAX_REASON_CHARS);
    expect(result.reason).toMatch(/… \(\d+ more characters\)$/);
  });

  it('does not read a file over the size cap stored before the collector enforced it', async () => {
    const facts = withFile('README.md', 'a'.repeat(MAX_COLLECTED_FILE_CHARS + 1));
    expect(
      await run({ type: 'file_matches', path: 'README.md', pattern: 'a', flags: 'm', negate: false }, facts),
    ).toEqual({ outcome: 'no_data', reason: `the content of README.md was not collected (${FILE_TOO_LARGE})` });
  });
});

describe('one bad repository fails only its own service', () => {
  let t: TestDatabase;
  const loaded = { config: configSchema.parse({}), file: null, fingerprint: 'test' };
  const FILE = `
scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze]
    checks:
      - { id: owner, name: Owner in catalog, level: bronze, rule: { type: yaml_path, file: catalog-info.yaml, path: spec.owner, expect: { exists: true } }, remediation: Set spec.owner. }
      - { id: golden-ci, name: Golden CI, level: bronze, rule: { type: workflow_uses, uses: acme/golden-path/.github/workflows/ci.yml }, remediation: Use it. }
`;
  beforeAll(async () => {
    t = await createTestDatabase();
    const at = new Date('2026-11-28T12:00:00Z');
    const catalog = (content: string) => withFile('catalog-info.yaml', content);
    await seedServices(t.db, [
      { slug: 'good', team: 'a', facts: catalog('spec:\n  owner: group:a\n'), collectedAt: at },
      { slug: 'bomb', team: 'b', facts: catalog(ALIAS_BOMB), collectedAt: at },
      {
        slug: 'odd-facts',
        team: 'c',
        // Facts a rule cannot read (not what the collector writes, but the database holds whatever it was given).
        facts: { ...goldenFacts(), workflows: [null as unknown as { path: string; content: string }] },
        collectedAt: at,
      },
    ]);
  });
  afterAll(() => t.drop());

  it('evaluates every service; the alias bomb and the unreadable facts fail their own check with the reason', async () => {
    const scorecards = parseScorecardsText(FILE, 'scorecards.yaml', { at: new Date('2026-11-28T12:00:00Z') });
    const summary = await evaluateScorecards(t.db, loaded, {
      metrics: getDoraFigures,
      at: new Date('2026-11-28T12:00:00Z'),
      scorecards,
    });
    expect(summary.results).toBe(6);
    const result = async (slug: string, check: string) =>
      (await getServiceScorecard(t.db, scorecards, 'golden-path', slug))!.results.find((r) => r.checkId === check)!;
    expect(await result('good', 'owner')).toMatchObject({ state: 'pass' });
    expect(await result('good', 'golden-ci')).toMatchObject({ state: 'pass' });
    expect(await result('bomb', 'owner')).toMatchObject({
      state: 'fail',
      reason: expect.stringMatching(/^catalog-info\.yaml is not valid YAML \(Excessive alias count/),
    });
    expect(await result('bomb', 'golden-ci')).toMatchObject({ state: 'pass' });
    expect(await result('odd-facts', 'golden-ci')).toMatchObject({
      state: 'fail',
      reason: expect.stringMatching(/^the facts of acme\/odd-facts could not be read \(/),
    });
    expect(await result('odd-facts', 'owner')).toMatchObject({ state: 'pass' });
  });
});
