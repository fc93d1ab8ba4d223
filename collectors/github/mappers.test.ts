import { describe, expect, it } from 'vitest';
import { FILE_TOO_LARGE, MAX_COLLECTED_FILE_CHARS } from '../../lib/limits';
import type { RepositoryFacts } from '../../scorecards/service-subjects';
import { ALIAS_BOMB } from '../../tests/helpers/hostile-content';
import { parseCatalogInfo } from './catalog-info';
import { toRepositoryFacts } from './facts';
import { factLookup, repositoryFactsNode } from './queries/facts';
import { backoffMs, decideRetry } from './retry';
import { isWantedRun, workflowRun } from './streams/actions-runs';
import { toCommitRow } from './streams/commits';

describe('catalog-info.yaml', () => {
  it.each([
    [
      'component with owner and annotations',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\n  description: Takes money\n  annotations:\n    github.com/project-slug: acme/payments-api\n    pagerduty.com/service-id: PABC123\nspec:\n  type: service\n  lifecycle: production\n  owner: group:default/payments\n',
      {
        kind: 'Component',
        name: 'payments-api',
        owner: 'group:default/payments',
        lifecycle: 'production',
        type: 'service',
        description: 'Takes money',
        projectSlug: 'acme/payments-api',
        pagerdutyServiceId: 'PABC123',
      },
    ],
    [
      'the Component among several documents',
      'kind: System\nmetadata:\n  name: pay\n---\nkind: Component\nmetadata:\n  name: ledger\nspec:\n  owner: payments\n',
      {
        kind: 'Component',
        name: 'ledger',
        owner: 'payments',
        lifecycle: null,
        type: null,
        description: null,
        projectSlug: null,
        pagerdutyServiceId: null,
      },
    ],
    ['no Component', 'kind: API\nmetadata:\n  name: pay-api\n', null],
  ])('%s', (_case, source, expected) => {
    expect(parseCatalogInfo(source)).toEqual(expected);
  });

  it('names the YAML error', () => {
    expect(() => parseCatalogInfo('kind: Component\nmetadata: [unclosed\n')).toThrow(
      /catalog-info.yaml is not valid YAML/,
    );
  });
});

describe('scorecard facts', () => {
  // The built-in files plus a glob a scorecard reads (its folder's tree is listed).
  const lookup = factLookup(['docs/adr/*.md']);
  const present: Record<string, string> = {
    '.github/CODEOWNERS': '* @acme/team\n',
    'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: api\n',
    'README.md': '# api\n',
    'renovate.json': '{}',
  };
  const base = {
    nameWithOwner: 'acme/api',
    isArchived: false,
    visibility: 'PRIVATE',
    deleteBranchOnMerge: true,
    hasVulnerabilityAlertsEnabled: true,
    licenseInfo: { spdxId: 'MIT' },
    ...Object.fromEntries(
      lookup.files.map((path, i) => [
        `f${i}`,
        present[path] === undefined ? null : { text: present[path], isBinary: false },
      ]),
    ),
    g0: {
      entries: [
        { name: '0001-record-decisions.md', type: 'blob' },
        { name: 'images', type: 'tree' },
      ],
    },
    workflows: {
      entries: [
        {
          name: 'ci.yml',
          path: '.github/workflows/ci.yml',
          type: 'blob',
          object: { text: 'uses: acme/golden/.github/workflows/ci.yml@v3', isBinary: false },
        },
        { name: 'scripts', path: '.github/workflows/scripts', type: 'tree', object: null },
      ],
    },
  };

  it('reads branch protection rules and rulesets into the stricter combined reading', () => {
    const node = repositoryFactsNode(lookup).parse({
      ...base,
      defaultBranchRef: {
        name: 'main',
        branchProtectionRule: {
          pattern: 'main',
          requiresApprovingReviews: true,
          requiredApprovingReviewCount: 1,
          requiresStatusChecks: true,
          requiredStatusCheckContexts: ['ci'],
          allowsForcePushes: true,
          requiresCodeOwnerReviews: false,
        },
        rules: {
          nodes: [
            { type: 'PULL_REQUEST', parameters: { requiredApprovingReviewCount: 2, requireCodeOwnerReview: true } },
            { type: 'NON_FAST_FORWARD', parameters: null },
            { type: 'REQUIRED_STATUS_CHECKS', parameters: { requiredStatusChecks: [{ context: 'lint' }] } },
          ],
        },
      },
    });
    const facts = toRepositoryFacts(node, new Date('2026-11-20T00:00:00Z'), lookup);
    expect(facts.branchProtection).toEqual({
      pattern: 'main',
      requiredApprovingReviewCount: 2,
      requiresStatusChecks: true,
      requiredStatusCheckContexts: ['ci', 'lint'],
      allowsForcePushes: false,
      requiresCodeOwnerReviews: true,
      source: 'both',
    });
    expect(facts.files).toEqual({
      '.github/CODEOWNERS': { content: '* @acme/team\n' },
      'catalog-info.yaml': { content: 'kind: Component\nmetadata:\n  name: api\n' },
      'README.md': { content: '# api\n' },
      'renovate.json': { content: '{}' },
      'docs/adr/0001-record-decisions.md': { content: null },
    });
    expect(facts.lookedUp).toEqual(expect.arrayContaining(['README.md', 'docs/adr/*.md']));
    expect(facts.workflows).toEqual([
      { path: '.github/workflows/ci.yml', content: 'uses: acme/golden/.github/workflows/ci.yml@v3' },
    ]);
    expect(facts.catalogInfo).toMatchObject({ kind: 'Component', name: 'api' });
    expect(facts.repository).toEqual({
      defaultBranch: 'main',
      archived: false,
      visibility: 'private',
      deleteBranchOnMerge: true,
      vulnerabilityAlertsEnabled: true,
      licenseSpdxId: 'MIT',
    });
  });

  it('has no branch protection when neither rules nor rulesets apply', () => {
    const node = repositoryFactsNode(lookup).parse({
      ...base,
      defaultBranchRef: { name: 'main', branchProtectionRule: null, rules: { nodes: [] } },
    });
    expect(toRepositoryFacts(node, new Date(), lookup).branchProtection).toBeNull();
  });

  it('keeps no content over the size cap or of a binary, saying why; an alias bomb in catalog-info is recorded', () => {
    const blob = (path: string, text: string, isBinary = false) => [
      `f${lookup.files.indexOf(path)}`,
      { text, isBinary },
    ];
    const huge = 'x'.repeat(MAX_COLLECTED_FILE_CHARS + 1);
    const node = repositoryFactsNode(lookup).parse({
      ...base,
      ...Object.fromEntries([
        blob('README.md', huge),
        blob('renovate.json', '\u0000', true),
        blob('catalog-info.yaml', ALIAS_BOMB),
      ]),
      defaultBranchRef: { name: 'main', branchProtectionRule: null, rules: { nodes: [] } },
      workflows: {
        entries: [
          { name: 'big.yml', path: '.github/workflows/big.yml', type: 'blob', object: { text: huge, isBinary: false } },
        ],
      },
    });
    const facts = toRepositoryFacts(node, new Date(), lookup) as RepositoryFacts & { catalogInfoError?: string };
    expect(facts.files!['README.md']).toEqual({ content: null, omitted: FILE_TOO_LARGE });
    expect(facts.files!['renovate.json']).toEqual({ content: null, omitted: 'binary' });
    expect(facts.workflows).toEqual([{ path: '.github/workflows/big.yml', content: null, omitted: FILE_TOO_LARGE }]);
    expect(facts.catalogInfo).toBeUndefined();
    expect(facts.catalogInfoError).toMatch(/Excessive alias count/);
  });
});

describe('commits and runs', () => {
  const commit = (headline: string, message: string) =>
    toCommitRow(1, {
      oid: 'a'.repeat(40),
      authoredDate: '2026-01-01T00:00:00Z',
      committedDate: '2026-01-01T00:00:00Z',
      messageHeadline: headline,
      message,
      author: { email: 'x@y', user: null },
      parents: { nodes: [{ oid: 'b'.repeat(40) }] },
      associatedPullRequests: { nodes: [{ number: 7 }] },
    });

  it('keeps the full message only for reverts', () => {
    expect(commit('Add caching', 'Add caching\n\nlong body').message).toBeNull();
    expect(commit('Revert "Add caching"', 'Revert "Add caching"\n\nThis reverts commit abcdef1.').message).toContain(
      'This reverts commit',
    );
    expect(commit('Undo', 'Undo\n\nThis reverts commit 0123456789abcdef.').message).not.toBeNull();
    expect(commit('Add caching', 'x').associated_pull_request_numbers).toEqual([7]);
  });

  const run = (over: Record<string, unknown>) =>
    workflowRun.parse({
      id: 1,
      name: 'CI',
      path: '.github/workflows/ci.yml',
      event: 'push',
      head_branch: 'feature',
      status: 'completed',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:05:00Z',
      ...over,
    });
  it.each([
    ['default-branch run', run({ head_branch: 'main' }), true],
    ['pull-request CI', run({ event: 'pull_request' }), true],
    ['feature-branch push of another workflow', run({}), false],
    [
      'configured deploy workflow on a tag',
      run({ name: 'Deploy', path: '.github/workflows/deploy.yml', head_branch: 'v1.2.0' }),
      true,
    ],
  ])('%s', (_case, r, wanted) => {
    expect(isWantedRun(r, 'main', ['deploy.yml'])).toBe(wanted);
  });
});

describe('retry decisions', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['502 backs off with jitter', { status: 502, headers: {}, message: '' }, 0, { retry: true, waitMs: 1000 }],
    ['504 on the third attempt', { status: 504, headers: {}, message: '' }, 2, { retry: true, waitMs: 4000 }],
    [
      'secondary limit honours retry-after',
      { status: 403, headers: { 'retry-after': '30' }, message: '' },
      0,
      { retry: true, waitMs: 30_000 },
    ],
    [
      '429 without retry-after waits a minute',
      { status: 429, headers: {}, message: 'secondary rate limit' },
      0,
      { retry: true, waitMs: 60_000 },
    ],
    [
      'exhausted primary limit waits for the reset',
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(at / 1000 + 120) },
        message: '',
      },
      0,
      { retry: true, waitMs: 121_000 },
    ],
    [
      'RATE_LIMITED waits for the reset',
      { headers: { 'x-ratelimit-reset': String(at / 1000 + 60) }, graphqlErrorTypes: ['RATE_LIMITED'], message: '' },
      0,
      { retry: true, waitMs: 61_000 },
    ],
    [
      '403 forbidden is final',
      { status: 403, headers: {}, message: 'Resource not accessible by integration' },
      0,
      { retry: false },
    ],
    ['404 is final', { status: 404, headers: {}, message: '' }, 0, { retry: false }],
    ['gives up after six attempts', { status: 502, headers: {}, message: '' }, 5, { retry: false }],
  ])('%s', (_case, call, attempt, expected) => {
    expect(decideRetry(call, attempt, at, () => 0.5)).toMatchObject(expected);
  });

  it('jitters within [0.5, 1.5) of the exponential step', () => {
    expect([backoffMs(3, () => 0), backoffMs(3, () => 0.999)]).toEqual([4000, 11992]);
  });
});
