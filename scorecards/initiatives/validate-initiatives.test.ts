import { describe, expect, it } from 'vitest';
import { parseScorecardsText } from '../load-scorecards';

/** The `initiatives:` key of the scorecards file: what loads, and the error each mistake gives. */
const CARDS = `scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze]
    checks:
      - { id: readme, name: README, level: bronze, rule: { type: file_exists, paths: [README.md] }, remediation: Add one. }
      - { id: codeowners, name: CODEOWNERS, level: bronze, rule: { type: file_exists, paths: [CODEOWNERS] }, remediation: Add one. }
  - id: security
    name: Security
    levels: [base]
    checks:
      - { id: codeowners, name: CODEOWNERS, level: base, rule: { type: file_exists, paths: [CODEOWNERS] }, remediation: Add one. }
      - { id: codeql, name: CodeQL, level: base, rule: { type: file_exists, paths: [.github/workflows/codeql.yml] }, remediation: Add it. }
`;
const load = (initiatives: string) => parseScorecardsText(`${CARDS}initiatives:\n${initiatives}`, '/srv/sc.yaml');
const problem = (initiatives: string) => {
  try {
    load(initiatives);
  } catch (error) {
    return (error as Error).message;
  }
  return 'loaded';
};

describe('initiatives in the scorecards file', () => {
  it('load with their scorecard found from their checks, scope and dates kept', () => {
    const loaded = load(`  - id: docs
    title: Every service documented
    checks: [readme]
    deadline: '2026-09-30'
    start: '2026-06-01'
    owner: platform
    scope: { teams: [payments], tiers: [tier-1] }
  - { id: scan, title: Scan, scorecard: security, checks: [codeowners, codeql], deadline: '2026-12-31', owner: Security guild }
`);
    expect(loaded.initiatives.map((i) => [i.id, i.scorecard, i.checks, i.scope ?? null])).toEqual([
      ['docs', 'golden-path', ['readme'], { teams: ['payments'], tiers: ['tier-1'] }],
      ['scan', 'security', ['codeowners', 'codeql'], null],
    ]);
    expect(parseScorecardsText(CARDS, '/srv/sc.yaml').initiatives).toEqual([]);
  });

  it.each([
    [
      'an unknown check, naming the expected ones',
      `  - { id: a, title: A, checks: [readme, nope], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].checks[1]: no check "nope" in scorecard "golden-path" (expected one of: readme, codeowners)',
    ],
    [
      'a check of another scorecard',
      `  - { id: a, title: A, checks: [readme, codeql], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].checks[1]: no check "codeql" in scorecard "golden-path" (expected one of: readme, codeowners)',
    ],
    [
      'a check two scorecards share, without a scorecard',
      `  - { id: a, title: A, checks: [codeowners], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].scorecard: check "codeowners" exists in several scorecards (golden-path, security): name one',
    ],
    [
      'an unknown scorecard',
      `  - { id: a, title: A, scorecard: gold, checks: [readme], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].scorecard: no scorecard "gold" (expected one of: golden-path, security)',
    ],
    [
      'a deadline that is no day',
      `  - { id: a, title: A, checks: [readme], deadline: '2026-02-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].deadline: expected a real date as YYYY-MM-DD (found "2026-02-30")',
    ],
    [
      'a start after the deadline',
      `  - { id: a, title: A, checks: [readme], start: '2026-10-01', deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].start: 2026-10-01 is after the deadline (2026-09-30)',
    ],
    [
      'a repeated id',
      `  - { id: a, title: A, checks: [readme], deadline: '2026-09-30', owner: x }\n  - { id: a, title: B, checks: [readme], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[1].id: duplicate initiative id "a"',
    ],
    [
      'a repeated check',
      `  - { id: a, title: A, checks: [readme, readme], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].checks: check ids must be unique',
    ],
    [
      'an unknown key',
      `  - { id: a, title: A, checks: [readme], deadline: '2026-09-30', owner: x, due: '2026-09-30' }`,
      '/srv/sc.yaml: initiatives[0].due: unknown key',
    ],
    [
      'an unknown key in the scope',
      `  - { id: a, title: A, checks: [readme], deadline: '2026-09-30', owner: x, scope: { team: [payments] } }`,
      '/srv/sc.yaml: initiatives[0].scope.team: unknown key',
    ],
    [
      'no owner',
      `  - { id: a, title: A, checks: [readme], deadline: '2026-09-30' }`,
      '/srv/sc.yaml: initiatives[0].owner: expected string, found nothing (the key is missing)',
    ],
    [
      'an id that is no slug',
      `  - { id: Big Push, title: A, checks: [readme], deadline: '2026-09-30', owner: x }`,
      '/srv/sc.yaml: initiatives[0].id: a lowercase id (letters, digits, ".", "_", "-") (found "Big Push")',
    ],
  ])('refuse %s', (_, initiatives, message) => {
    expect(problem(initiatives)).toBe(message);
  });

  it('are capped, so a hostile file cannot make every request slow', () => {
    const many = Array.from(
      { length: 101 },
      (_, i) => `  - { id: i${i}, title: T, checks: [readme], deadline: '2026-09-30', owner: x }`,
    ).join('\n');
    expect(problem(many)).toMatch(/^\/srv\/sc\.yaml: initiatives: at most 100 initiatives/);
    const checks = Array.from({ length: 201 }, (_, i) => `c${i}`).join(', ');
    expect(problem(`  - { id: a, title: A, checks: [${checks}], deadline: '2026-09-30', owner: x }`)).toMatch(
      /^\/srv\/sc\.yaml: initiatives\[0\]\.checks: /,
    );
  });
});
