import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../lib/config-schema';
import { definitionHash, loadScorecards, parseScorecardsText, ScorecardsError } from './load-scorecards';
import { referencedPaths } from './referenced-paths';

const AT = new Date('2026-11-28T12:00:00Z');
const ROOT = path.resolve(__dirname, '..');

const card = (checks: string) => `
scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze, silver]
    checks:
${checks}`;

const check = (id: string, rule: string, extra = '') => `      - id: ${id}
        name: ${id}
        level: bronze
        rule: ${rule}
        remediation: Fix it.
${extra}`;

function errorOf(text: string, file = 'scorecards.yaml'): ScorecardsError {
  try {
    parseScorecardsText(text, file, { at: AT });
  } catch (error) {
    if (error instanceof ScorecardsError) return error;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('the shipped scorecards.yaml', () => {
  it('loads, with at least 15 checks across the five categories', () => {
    const loaded = loadScorecards({ config: configSchema.parse({}), file: null }, { cwd: ROOT, at: AT });
    expect(loaded.present).toBe(true);
    const checks = loaded.scorecards[0]!.checks;
    expect(checks.length).toBeGreaterThanOrEqual(15);
    expect(new Set(checks.map((c) => c.category))).toEqual(
      new Set(['ownership', 'ci_cd', 'security', 'operations', 'documentation']),
    );
    expect(new Set(checks.map((c) => c.rule.type))).toEqual(
      new Set([
        'has_owner',
        'file_exists',
        'yaml_path',
        'branch_protection',
        'any',
        'repo_setting',
        'workflow_uses',
        'has_oncall',
        'pipeline',
        'metric',
      ]),
    );
    expect(loaded.exemptions).toHaveLength(1);
    expect(referencedPaths(loaded)).toContain('.github/CODEOWNERS');
  });

  it('is absent-tolerant: no file means no scorecards, not an error', () => {
    const loaded = loadScorecards(
      { config: configSchema.parse({ scorecards: 'nope.yaml' }), file: null },
      { cwd: ROOT },
    );
    expect(loaded).toMatchObject({ present: false, scorecards: [] });
  });
});

describe('invalid files fail naming the file, the check, the key and the reason', () => {
  it.each([
    [
      'an unknown rule type',
      card(check('codeowners', '{ type: file_present, paths: [CODEOWNERS] }')),
      'codeowners',
      'rule.type',
      /unknown rule type "file_present" \(known: file_exists, .*not\)/,
    ],
    [
      'an unknown type nested in a combinator',
      card(check('ci', '{ type: any, rules: [{ type: file_exists, paths: [a] }, { type: workflow }] }')),
      'ci',
      'rule.rules[1].type',
      /unknown rule type "workflow"/,
    ],
    ['a missing rule type', card(check('ci', '{ paths: [a] }')), 'ci', 'rule.type', /a rule needs a type/],
    [
      'an enforcement day that does not exist',
      card(check('readme', '{ type: file_exists, paths: [README.md] }', '        enforcedFrom: 2026-02-30\n')),
      'readme',
      'enforcedFrom',
      /expected a real date as YYYY-MM-DD/,
    ],
    [
      'an unknown key',
      card(check('readme', '{ type: file_exists, paths: [README.md], glob: true }')),
      'readme',
      'rule.glob',
      /unknown key/,
    ],
    [
      'an unreadable value path',
      card(
        check('owner', '{ type: yaml_path, file: catalog-info.yaml, path: "spec..owner[", expect: { exists: true } }'),
      ),
      'owner',
      'rule.path',
      /a path such as spec\.owner/,
    ],
    [
      'a pattern only a backtracking engine runs',
      card(check('cf', '{ type: file_matches, path: a, pattern: "(a+)\\\\1" }')),
      'cf',
      'rule.pattern',
      /a valid regular expression \(RE2 syntax: no backreferences or lookaround\)/,
    ],
    [
      'a bad regex',
      card(check('owner', '{ type: yaml_path, file: catalog-info.yaml, path: spec.owner, expect: { matches: "([" } }')),
      'owner',
      'rule.expect.matches',
      /valid regular expression/,
    ],
    [
      'a level the scorecard lacks',
      card(check('readme', '{ type: file_exists, paths: [README.md] }').replace('level: bronze', 'level: platinum')),
      'readme',
      'level',
      /one of the scorecard's levels \(bronze, silver\), found "platinum"/,
    ],
    [
      'a metric level compared with a number',
      card(check('lt', '{ type: metric, metric: leadTimeForChanges.level, op: ">=", value: 3 }')),
      'lt',
      'rule.value',
      /a level \(low, medium, high, elite\) for a .level metric, a number for any other/,
    ],
    [
      'an unknown metric',
      card(check('df', '{ type: metric, metric: deploymentFrequency.perDay, op: ">=", value: 3 }')),
      'df',
      'rule.metric',
      /deploymentFrequency\.perWeek/,
    ],
    [
      'a bad version constraint',
      card(check('ci', '{ type: workflow_uses, uses: acme/ci, version: latest }')),
      'ci',
      'rule.version',
      /version constraint/,
    ],
    [
      'a missing remediation',
      card(check('readme', '{ type: file_exists, paths: [README.md] }').replace('        remediation: Fix it.\n', '')),
      'readme',
      'remediation',
      /expected string, found nothing/,
    ],
    [
      'a branch rule asking for nothing',
      card(check('bp', '{ type: branch_protection }')),
      'bp',
      'rule',
      /at least one of minApprovals/,
    ],
  ])('%s', (_name, text, checkId, key, reason) => {
    const error = errorOf(text, '/srv/paved/scorecards.yaml');
    expect(error.file).toBe('/srv/paved/scorecards.yaml');
    expect(error.checkId).toBe(checkId);
    expect(error.keyPath).toBe(key);
    expect(error.problem).toMatch(reason);
    expect(error.message).toContain(`/srv/paved/scorecards.yaml: check "${checkId}": ${key}:`);
  });

  it('rejects duplicate check ids and invalid YAML', () => {
    const twice = card(
      check('readme', '{ type: file_exists, paths: [README.md] }') + check('readme', '{ type: has_owner }'),
    );
    expect(errorOf(twice).problem).toMatch(/duplicate check id "readme"/);
    expect(errorOf('scorecards: [').problem).toMatch(/invalid YAML/);
  });

  it('requires a reason and an expiry on exemptions, within the maximum duration, for a known check', () => {
    const base = card(check('readme', '{ type: file_exists, paths: [README.md] }'));
    const withExemption = (e: string) => `${base}exemptions:\n  - ${e}\n`;
    expect(errorOf(withExemption('{ service: ledger, check: readme, expires: "2027-01-01" }'))).toMatchObject({
      checkId: 'readme',
      keyPath: 'exemptions[0].reason',
    });
    expect(errorOf(withExemption('{ service: ledger, check: readme, reason: legacy }'))).toMatchObject({
      keyPath: 'exemptions[0].expires',
    });
    expect(
      errorOf(withExemption('{ service: ledger, check: readme, reason: legacy, expires: "2027-12-31" }')).problem,
    ).toMatch(/398 days after today; exemptions last at most 180 days/);
    expect(
      errorOf(
        withExemption(
          '{ service: ledger, check: readme, reason: legacy, granted: "2026-01-01", expires: "2026-12-31" }',
        ),
      ).problem,
    ).toMatch(/364 days after granted/);
    expect(
      errorOf(withExemption('{ service: ledger, check: reedme, reason: legacy, expires: "2027-01-01" }')),
    ).toMatchObject({ checkId: 'reedme', keyPath: 'exemptions[0].check', problem: 'no check "reedme"' });
    const settings = `settings: { maxExemptionDays: 400 }\n${withExemption('{ service: ledger, check: readme, reason: legacy, expires: "2027-12-31" }')}`;
    expect(parseScorecardsText(settings, 'f.yaml', { at: AT }).exemptions).toHaveLength(1);
  });

  it('reads exemptions from a file beside it, and its text changes the file hash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paved-sc-'));
    writeFileSync(
      path.join(dir, 'scorecards.yaml'),
      `exemptionsFile: exemptions.yaml\n${card(check('readme', '{ type: file_exists, paths: [README.md] }'))}`,
    );
    writeFileSync(
      path.join(dir, 'exemptions.yaml'),
      'exemptions:\n  - { service: ledger, check: readme, reason: being rewritten, expires: "2027-01-31" }\n',
    );
    const config = { config: configSchema.parse({}), file: path.join(dir, 'paved.config.yaml') };
    const first = loadScorecards(config, { at: AT });
    expect(first.exemptions).toEqual([
      { service: 'ledger', check: 'readme', reason: 'being rewritten', expires: '2027-01-31' },
    ]);
    writeFileSync(
      path.join(dir, 'exemptions.yaml'),
      'exemptions:\n  - { service: ledger, check: readme, expires: "2027-01-31" }\n',
    );
    expect(() => loadScorecards(config, { at: AT })).toThrow(
      /exemptions\.yaml: check "readme": exemptions\[0\]\.reason/,
    );
    writeFileSync(path.join(dir, 'exemptions.yaml'), 'exemptions: []\n');
    expect(loadScorecards(config, { at: AT }).fileHash).not.toBe(first.fileHash);
  });
});

describe('definition hash', () => {
  it('names the rule and filter, ignoring key order, and ignores name, level, weight and remediation', () => {
    const rule = { type: 'file_exists' as const, paths: ['README.md'] };
    expect(definitionHash({ rule })).toBe(
      definitionHash({ rule: { paths: ['README.md'], type: 'file_exists' } as never }),
    );
    expect(definitionHash({ rule })).not.toBe(definitionHash({ rule: { ...rule, paths: ['README.md', 'README'] } }));
    expect(definitionHash({ rule })).not.toBe(definitionHash({ rule, filter: { lifecycle: ['production'] } }));
    const a = parseScorecardsText(card(check('readme', '{ type: file_exists, paths: [README.md] }')), 'f', { at: AT });
    const b = parseScorecardsText(
      card(
        check('readme', '{ type: file_exists, paths: [README.md] }', '        weight: 3\n').replace(
          'remediation: Fix it.',
          'remediation: Add one.',
        ),
      ),
      'f',
      { at: AT },
    );
    expect(b.scorecards[0]!.checks[0]!.definitionHash).toBe(a.scorecards[0]!.checks[0]!.definitionHash);
    expect(b.fileHash).not.toBe(a.fileHash);
  });
});
