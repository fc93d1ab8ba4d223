import { describe, expect, it } from 'vitest';
import { readRawItems } from '../../tests/helpers/csv';
import { AT, contextFor, goldenFacts, legacyFacts, subjectWith } from '../../tests/helpers/scorecard-facts';
import type { Rule } from '../definition-schema';
import type { DoraFigures } from '../dora-contract';
import type { RepositoryFacts } from '../service-subjects';
import { evaluateRule } from './evaluate-rule';
import { satisfiesVersion } from './version';

const run = (rule: Rule, facts: RepositoryFacts | null, ctx = {}) =>
  evaluateRule(rule, contextFor(subjectWith(facts), ctx));

/** panjf2000/ants as GitHub's REST API returned it (DevLake fixture), mapped to facts as the collector does. */
function antsFacts(): RepositoryFacts {
  const repo = readRawItems<{
    default_branch: string;
    archived: boolean;
    visibility: string;
    delete_branch_on_merge: boolean | null;
    license: { spdx_id: string } | null;
  }>('devlake-github/history/github-2022-12/_raw_github_api_repositories.csv')[0]!;
  const paths = [
    ...new Set(
      readRawItems<{ path: string }>('devlake-github/github/raw_tables/_raw_github_api_runs.csv').map((r) => r.path),
    ),
  ];
  return {
    files: {
      'README.md': { content: '# ants\n' },
      LICENSE: { content: 'MIT License\n' },
      'go.mod': { content: 'module github.com/panjf2000/ants/v2\n\ngo 1.13\n' },
    },
    // The runs fixture names the workflow files; their content is not in it, so this is written in their style.
    workflows: paths.map((path) => ({
      path,
      content: path.endsWith('codeql.yml')
        ? 'jobs:\n  analyze:\n    steps:\n      - uses: actions/checkout@v3\n      - uses: github/codeql-action/init@v2\n      - uses: github/codeql-action/analyze@v2\n'
        : 'jobs:\n  test:\n    steps:\n      - uses: actions/checkout@v3\n      - uses: actions/setup-go@v3\n',
    })),
    branchProtection: null,
    repository: {
      defaultBranch: repo.default_branch,
      archived: repo.archived,
      visibility: repo.visibility,
      deleteBranchOnMerge: repo.delete_branch_on_merge,
      vulnerabilityAlertsEnabled: null,
      licenseSpdxId: repo.license?.spdx_id ?? null,
    },
  };
}

describe('repository rules against realistic facts', () => {
  it.each<[string, Rule, RepositoryFacts | null, string, RegExp]>([
    [
      'file_exists: first of several paths',
      { type: 'file_exists', paths: ['CODEOWNERS', '.github/CODEOWNERS'] },
      goldenFacts(),
      'pass',
      /^\.github\/CODEOWNERS exists$/,
    ],
    [
      'file_exists: none present',
      { type: 'file_exists', paths: ['CODEOWNERS', '.github/CODEOWNERS'] },
      legacyFacts(),
      'fail',
      /none of CODEOWNERS, \.github\/CODEOWNERS exists/,
    ],
    [
      'file_exists: a glob',
      { type: 'file_exists', paths: ['docs/adr/*.md'] },
      goldenFacts(),
      'pass',
      /docs\/adr\/0001-record-architecture-decisions\.md exists/,
    ],
    [
      'file_exists: glob does not cross folders',
      { type: 'file_exists', paths: ['docs/*.md'] },
      { files: { 'docs/adr/1.md': { content: '' } } },
      'fail',
      /does not exist/,
    ],
    [
      'file_exists: facts never collected',
      { type: 'file_exists', paths: ['README.md'] },
      null,
      'no_data',
      /have not been collected yet/,
    ],
    [
      'file_exists: a path the collector did not look up is unknown',
      { type: 'file_exists', paths: ['docs/runbook.md', 'RUNBOOK.md'] },
      { files: {}, lookedUp: ['docs/runbook.md'] },
      'no_data',
      /RUNBOOK\.md not collected yet/,
    ],
    [
      'file_exists: looked up and absent fails',
      { type: 'file_exists', paths: ['docs/runbook.md'] },
      { files: {}, lookedUp: ['docs/runbook.md'] },
      'fail',
      /docs\/runbook\.md does not exist/,
    ],
    [
      'file_exists: one looked-up variant present passes',
      { type: 'file_exists', paths: ['RUNBOOK.md', 'docs/runbook.md'] },
      { files: { 'docs/runbook.md': { content: '' } }, lookedUp: ['docs/runbook.md'] },
      'pass',
      /docs\/runbook\.md exists/,
    ],
    [
      'file_matches: not looked up',
      { type: 'file_matches', path: 'SECURITY.md', pattern: 'x', flags: 'm', negate: false },
      { files: {}, lookedUp: ['README.md'] },
      'no_data',
      /SECURITY\.md was not collected/,
    ],
    [
      'file_matches: content matches',
      { type: 'file_matches', path: '.github/CODEOWNERS', pattern: '^\\*\\s+@acme/', flags: 'm', negate: false },
      goldenFacts(),
      'pass',
      /matches/,
    ],
    [
      'file_matches: negated',
      { type: 'file_matches', path: 'README.md', pattern: 'TODO', flags: 'm', negate: true },
      goldenFacts(),
      'pass',
      /does not match \/TODO\//,
    ],
    [
      'file_matches: content not collected',
      { type: 'file_matches', path: 'docs/logo.png', pattern: 'x', flags: 'm', negate: false },
      goldenFacts(),
      'no_data',
      /too large or binary/,
    ],
    [
      'file_matches: file missing',
      { type: 'file_matches', path: '.github/CODEOWNERS', pattern: 'x', flags: 'm', negate: false },
      legacyFacts(),
      'fail',
      /does not exist/,
    ],
    [
      'yaml_path: annotation with dots and slashes',
      {
        type: 'yaml_path',
        file: 'catalog-info.yaml',
        path: 'metadata.annotations["pagerduty.com/service-id"]',
        expect: { exists: true },
      },
      goldenFacts(),
      'pass',
      /is "P12PAYME"/,
    ],
    [
      'yaml_path: owner is a group',
      { type: 'yaml_path', file: 'catalog-info.yaml', path: 'spec.owner', expect: { matches: '^group:' } },
      goldenFacts(),
      'pass',
      /spec\.owner in catalog-info\.yaml is "group:default\/payments"/,
    ],
    [
      'yaml_path: value not among allowed',
      { type: 'yaml_path', file: 'catalog-info.yaml', path: 'spec.lifecycle', expect: { oneOf: ['experimental'] } },
      goldenFacts(),
      'fail',
      /is "production", needs one of "experimental"/,
    ],
    [
      'json_path: engines.node',
      { type: 'json_path', file: 'package.json', path: 'engines.node', expect: { matches: '^>=\\s*2[2-9]' } },
      goldenFacts(),
      'pass',
      /engines\.node in package\.json is ">=22"/,
    ],
    [
      'json_path: invalid JSON is a failure',
      { type: 'json_path', file: 'package.json', path: 'engines.node', expect: { exists: true } },
      legacyFacts(),
      'fail',
      /package\.json is not valid JSON/,
    ],
    [
      'json_path: missing key',
      { type: 'json_path', file: 'package.json', path: 'scripts.build', expect: { exists: true } },
      goldenFacts(),
      'fail',
      /scripts\.build in package\.json is absent, needs to be set/,
    ],
    [
      'workflow_uses: reusable workflow at v3',
      { type: 'workflow_uses', uses: 'acme/golden-path/.github/workflows/ci.yml', version: '>=v3' },
      goldenFacts(),
      'pass',
      /ci\.yml uses acme\/golden-path\/\.github\/workflows\/ci\.yml@v3, satisfies >=v3/,
    ],
    [
      'workflow_uses: quoted, pinned patch version',
      { type: 'workflow_uses', uses: 'github/codeql-action/analyze', version: '^v3' },
      goldenFacts(),
      'pass',
      /@v3\.27\.1/,
    ],
    [
      'workflow_uses: branch ref has no version',
      { type: 'workflow_uses', uses: 'acme/golden-path/.github/workflows/ci.yml', version: '>=v3' },
      legacyFacts(),
      'fail',
      /uses acme\/golden-path\/\.github\/workflows\/ci\.yml@main, needs >=v3/,
    ],
    [
      'workflow_uses: not referenced',
      { type: 'workflow_uses', uses: 'acme/golden-path/.github/workflows/deploy.yml' },
      legacyFacts(),
      'fail',
      /no workflow uses/,
    ],
    [
      'workflow_uses: ants CodeQL is v2 (real workflow paths)',
      { type: 'workflow_uses', uses: 'github/codeql-action/analyze', version: '>=v3' },
      antsFacts(),
      'fail',
      /@v2, needs >=v3/,
    ],
    [
      'branch_protection: golden',
      {
        type: 'branch_protection',
        minApprovals: 1,
        requiredContexts: ['ci'],
        blockForcePushes: true,
        requireCodeOwnerReviews: true,
      },
      goldenFacts(),
      'pass',
      /required approvals is 2/,
    ],
    [
      'branch_protection: lists every gap',
      {
        type: 'branch_protection',
        minApprovals: 1,
        requiredContexts: ['ci'],
        blockForcePushes: true,
        requireCodeOwnerReviews: true,
      },
      legacyFacts(),
      'fail',
      /required approvals is 0, needs ≥ 1; main: status checks are not required before merging; main: force pushes are allowed; main: code-owner review is not required/,
    ],
    [
      'branch_protection: unprotected default branch (ants)',
      { type: 'branch_protection', minApprovals: 1 },
      antsFacts(),
      'fail',
      /master has no branch protection rule/,
    ],
    [
      'branch_protection: not collected',
      { type: 'branch_protection', minApprovals: 1 },
      { files: {} },
      'no_data',
      /not collected/,
    ],
    [
      'repo_setting: golden',
      { type: 'repo_setting', deleteBranchOnMerge: true, vulnerabilityAlerts: true, notArchived: true },
      goldenFacts(),
      'pass',
      /delete branch on merge is on; vulnerability alerts is on; not archived/,
    ],
    [
      'repo_setting: legacy',
      { type: 'repo_setting', deleteBranchOnMerge: true, vulnerabilityAlerts: true },
      legacyFacts(),
      'fail',
      /delete branch on merge is off, needs on; vulnerability alerts is off, needs on/,
    ],
    [
      'repo_setting: ants licence from the REST response',
      { type: 'repo_setting', license: ['MIT', 'Apache-2.0'], visibility: ['public'], notArchived: true },
      antsFacts(),
      'pass',
      /licence is MIT; visibility is public/,
    ],
    [
      'repo_setting: a setting the token cannot see is no_data (ants)',
      { type: 'repo_setting', deleteBranchOnMerge: true },
      antsFacts(),
      'no_data',
      /delete branch on merge is not visible to the token/,
    ],
    [
      'repo_setting: no licence',
      { type: 'repo_setting', license: true },
      goldenFacts(),
      'fail',
      /no licence is detected/,
    ],
  ])('%s', async (_name, rule, facts, outcome, reason) => {
    const result = await run(rule, facts);
    expect(result.outcome).toBe(outcome);
    expect(result.reason).toMatch(reason);
  });

  it('says no_data for stale facts and for a service without repositories', async () => {
    const stale = subjectWith(goldenFacts(), {}, new Date(AT.getTime() - 10 * 86_400_000));
    expect(await evaluateRule({ type: 'file_exists', paths: ['README.md'] }, contextFor(stale))).toEqual({
      outcome: 'no_data',
      reason: 'repository facts for acme/payments-api are 10 days old (stale after 7)',
    });
    expect(
      (
        await evaluateRule(
          { type: 'file_exists', paths: ['README.md'] },
          contextFor(subjectWith(null, { repositories: [] })),
        )
      ).reason,
    ).toBe('no repository is linked to this service');
  });

  it('requires every repository of a multi-repository service to pass, naming the one that fails', async () => {
    const subject = subjectWith(goldenFacts(), {
      repositories: [
        { id: 1, fullName: 'acme/payments-api', collectedAt: AT, facts: goldenFacts() },
        { id: 2, fullName: 'acme/payments-legacy', collectedAt: AT, facts: legacyFacts() },
      ],
    });
    expect(await evaluateRule({ type: 'file_exists', paths: ['.github/CODEOWNERS'] }, contextFor(subject))).toEqual({
      outcome: 'fail',
      reason: 'acme/payments-legacy: .github/CODEOWNERS does not exist',
    });
  });
});

describe('catalog rules', () => {
  it('has_owner and has_oncall', async () => {
    expect(await evaluateRule({ type: 'has_owner' }, contextFor(subjectWith(goldenFacts())))).toEqual({
      outcome: 'pass',
      reason: 'owned by team payments',
    });
    expect(
      (await evaluateRule({ type: 'has_owner' }, contextFor(subjectWith(goldenFacts(), { team: null })))).outcome,
    ).toBe('fail');
    expect(await evaluateRule({ type: 'has_oncall' }, contextFor(subjectWith(goldenFacts())))).toEqual({
      outcome: 'pass',
      reason: 'on-call through PagerDuty P12PAYME',
    });
    expect(
      (await evaluateRule({ type: 'has_oncall' }, contextFor(subjectWith(goldenFacts(), { pagerduty: [] })))).reason,
    ).toMatch(/no PagerDuty service is linked/);
    expect(
      (
        await evaluateRule(
          { type: 'has_oncall' },
          contextFor(subjectWith(goldenFacts(), { pagerduty: [{ id: 'POLD', status: 'disabled', collected: true }] })),
        )
      ).reason,
    ).toBe('the linked PagerDuty service is disabled (POLD)');
  });
});

const figures = (overrides: {
  perWeek?: number;
  leadLevel?: DoraFigures['leadTimeForChanges']['level'];
  recovery?: number | null;
}): DoraFigures => ({
  deploymentFrequency: {
    deployments: Math.round((overrides.perWeek ?? 0) * 4),
    perWeek: overrides.perWeek ?? 0,
    medianDeployDaysPerWeek: 0,
    level: null,
    levelStatus: 'no_data',
  },
  leadTimeForChanges: {
    changes: 10,
    medianSeconds: 3600,
    p75Seconds: null,
    p90Seconds: null,
    level: overrides.leadLevel ?? null,
    levelStatus: overrides.leadLevel ? 'ok' : 'no_data',
    stages: { codingSeconds: null, pickupSeconds: null, reviewSeconds: null, deploySeconds: null },
  },
  changeFailureRate: { deployments: 0, failedDeployments: 0, rate: null, level: null, levelStatus: 'no_data' },
  failedDeploymentRecoveryTime: {
    failedDeployments: 0,
    recovered: 0,
    medianSeconds: overrides.recovery ?? null,
    level: null,
    levelStatus: 'no_data',
  },
  timeToRestore: { incidents: 0, resolved: 0, medianSeconds: null },
  reworkRate: { deployments: 0, reworkDeployments: 0, rate: null },
});

describe('metric rules (DORA figures injected)', () => {
  it.each<[string, Rule, DoraFigures, string, string]>([
    [
      'below the threshold',
      { type: 'metric', metric: 'deploymentFrequency.perWeek', op: '>=', value: 3, windowDays: 30 },
      figures({ perWeek: 1.2 }),
      'fail',
      'deployments per week is 1.2, needs ≥ 3 over the last 30 days (deploymentFrequency.perWeek)',
    ],
    [
      'above the threshold',
      { type: 'metric', metric: 'deploymentFrequency.perWeek', op: '>=', value: 3, windowDays: 30 },
      figures({ perWeek: 4.25 }),
      'pass',
      'deployments per week is 4.25 over the last 30 days (deploymentFrequency.perWeek)',
    ],
    [
      'a level at least high',
      { type: 'metric', metric: 'leadTimeForChanges.level', op: '>=', value: 'high', windowDays: 30 },
      figures({ leadLevel: 'elite' }),
      'pass',
      'lead time level is elite over the last 30 days (leadTimeForChanges.level)',
    ],
    [
      'a level below high',
      { type: 'metric', metric: 'leadTimeForChanges.level', op: '>=', value: 'high', windowDays: 30 },
      figures({ leadLevel: 'medium' }),
      'fail',
      'lead time level is medium, needs ≥ high over the last 30 days (leadTimeForChanges.level)',
    ],
    [
      'a duration, in words',
      { type: 'metric', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<=', value: 86400, windowDays: 90 },
      figures({ recovery: 13_688 }),
      'pass',
      'median failed deployment recovery time is 3.8 h over the last 90 days (failedDeploymentRecoveryTime.medianSeconds)',
    ],
    [
      'a duration over the threshold',
      { type: 'metric', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<=', value: 3600, windowDays: 90 },
      figures({ recovery: 5400 }),
      'fail',
      'median failed deployment recovery time is 1.5 h, needs ≤ 1 h over the last 90 days (failedDeploymentRecoveryTime.medianSeconds)',
    ],
    [
      'no value is no_data',
      { type: 'metric', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<=', value: 86400, windowDays: 90 },
      figures({}),
      'no_data',
      'median failed deployment recovery time has no value over the last 90 days (failedDeploymentRecoveryTime.medianSeconds): too few events to measure',
    ],
  ])('%s', async (_name, rule, dora, outcome, reason) => {
    const windows: number[] = [];
    const result = await run(rule, goldenFacts(), { dora: async (days: number) => (windows.push(days), dora) });
    expect(result).toEqual({ outcome, reason });
    expect(windows).toEqual([(rule as { windowDays: number }).windowDays]);
  });
});

describe('combinators', () => {
  const present: Rule = { type: 'file_exists', paths: ['README.md'] };
  const absent: Rule = { type: 'file_exists', paths: ['NOPE.md'] };
  const unknown: Rule = { type: 'branch_protection', minApprovals: 1 };
  const facts: RepositoryFacts = { files: { 'README.md': { content: '' } } };
  it.each<[string, Rule, string]>([
    ['all pass', { type: 'all', rules: [present, present] }, 'pass'],
    ['all with a failure', { type: 'all', rules: [present, absent, unknown] }, 'fail'],
    ['all with missing data', { type: 'all', rules: [present, unknown] }, 'no_data'],
    ['any with one pass', { type: 'any', rules: [absent, present] }, 'pass'],
    ['any with none', { type: 'any', rules: [absent, absent] }, 'fail'],
    ['any undecided', { type: 'any', rules: [absent, unknown] }, 'no_data'],
    ['not of a pass', { type: 'not', rule: present }, 'fail'],
    ['not of a failure', { type: 'not', rule: absent }, 'pass'],
    ['not of no_data', { type: 'not', rule: unknown }, 'no_data'],
  ])('%s', async (_name, rule, outcome) => {
    expect((await run(rule, facts)).outcome).toBe(outcome);
  });
});

describe('version constraints', () => {
  it.each([
    ['v3', '>=v3', true],
    ['v2', '>=v3', false],
    ['v3.1.0', '>v3', true],
    ['v4', '^v3', false],
    ['v3.9', '^v3.2', true],
    ['v3.2.9', '~v3.2', true],
    ['v3.3', '~v3.2', false],
    ['v4.1.2', 'v4.1', true],
    ['v4.2', 'v4.1', false],
    ['main', '>=v1', false],
    ['a1b2c3d', 'v1', false],
    ['2.0.0', '<v3', true],
  ])('%s satisfies %s: %s', (ref, constraint, expected) => {
    expect(satisfiesVersion(ref, constraint)).toBe(expected);
  });
});

describe('pipeline: finished runs', () => {
  const runs = (finished: number) => ({
    pipeline: async () => ({
      runs: finished,
      finished,
      succeeded: finished,
      successRate: finished ? 1 : null,
      medianDurationSeconds: null,
    }),
  });
  const rule: Rule = { type: 'pipeline', measure: 'finishedRuns', op: '>=', value: 1, windowDays: 30, minRuns: 5 };

  it('passes on runs, whatever the workflow file is called, and fails (not no_data) on none', async () => {
    expect(await run(rule, goldenFacts(), runs(2))).toMatchObject({
      outcome: 'pass',
      reason: '2 finished runs over the last 30 days',
    });
    expect(await run(rule, goldenFacts(), runs(0))).toMatchObject({
      outcome: 'fail',
      reason: '0 finished runs over the last 30 days, needs ≥ 1',
    });
  });
});
