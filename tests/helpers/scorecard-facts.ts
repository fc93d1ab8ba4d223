import type { RepositoryFacts, ServiceSubject } from '../../scorecards/service-subjects';
import type { RuleContext } from '../../scorecards/rules/outcome';

/**
 * Test facts in the shape the GitHub collector and the demo store. `goldenFacts` is a
 * repository far along the golden path (like the demo's payments-api); `legacyFacts` one
 * that is not (like billing-monolith).
 */
export const goldenFacts = (): RepositoryFacts => ({
  files: {
    'README.md': { content: '# Payments API\n\nOwned by payments.\n' },
    '.github/CODEOWNERS': { content: '* @acme/payments\n' },
    'catalog-info.yaml': {
      content: [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: payments-api',
        '  annotations:',
        '    github.com/project-slug: acme/payments-api',
        '    pagerduty.com/service-id: P12PAYME',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: group:default/payments',
        '',
      ].join('\n'),
    },
    'SECURITY.md': { content: '# Security\n\nReport vulnerabilities to security@acme.example.\n' },
    '.github/dependabot.yml': {
      content:
        'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
    },
    'docs/runbook.md': { content: '# Runbook\n\n## Alerts\n' },
    'docs/adr/0001-record-architecture-decisions.md': { content: '# 1. Record architecture decisions\n' },
    'package.json': {
      content: JSON.stringify(
        { name: 'payments-api', engines: { node: '>=22' }, scripts: { test: 'vitest run', lint: 'eslint .' } },
        null,
        2,
      ),
    },
    'docs/logo.png': { content: null },
  },
  workflows: [
    {
      path: '.github/workflows/ci.yml',
      content:
        'name: CI\non: [push, pull_request]\njobs:\n  ci:\n    uses: acme/golden-path/.github/workflows/ci.yml@v3\n',
    },
    {
      path: '.github/workflows/deploy.yml',
      content:
        'name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    uses: acme/golden-path/.github/workflows/deploy.yml@v2\n',
    },
    {
      path: '.github/workflows/codeql.yml',
      content:
        'name: CodeQL\non: [push]\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: "github/codeql-action/analyze@v3.27.1" # pinned\n',
    },
  ],
  branchProtection: {
    pattern: 'main',
    requiredApprovingReviewCount: 2,
    requiresStatusChecks: true,
    requiredStatusCheckContexts: ['ci'],
    allowsForcePushes: false,
    requiresCodeOwnerReviews: true,
  },
  repository: {
    defaultBranch: 'main',
    archived: false,
    visibility: 'private',
    deleteBranchOnMerge: true,
    vulnerabilityAlertsEnabled: true,
    licenseSpdxId: null,
  },
});

export const legacyFacts = (): RepositoryFacts => ({
  files: {
    'README.md': { content: '# Billing monolith\n' },
    'package.json': { content: '{ "name": "billing", "engines": { "node": ">=18" } ' },
  },
  workflows: [
    {
      path: '.github/workflows/ci.yml',
      content:
        'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - uses: acme/golden-path/.github/workflows/ci.yml@main\n      - run: make test\n',
    },
  ],
  branchProtection: {
    pattern: 'main',
    requiredApprovingReviewCount: 0,
    requiresStatusChecks: false,
    requiredStatusCheckContexts: [],
    allowsForcePushes: true,
    requiresCodeOwnerReviews: false,
  },
  repository: {
    defaultBranch: 'main',
    archived: false,
    visibility: 'private',
    deleteBranchOnMerge: false,
    vulnerabilityAlertsEnabled: false,
    licenseSpdxId: null,
  },
});

export const AT = new Date('2026-11-28T12:00:00Z');

export function subjectWith(
  facts: RepositoryFacts | null,
  overrides: Partial<ServiceSubject> = {},
  collectedAt: Date = AT,
): ServiceSubject {
  return {
    id: 1,
    slug: 'payments-api',
    name: 'Payments API',
    team: 'payments',
    lifecycle: 'production',
    tier: 'tier-1',
    type: 'service',
    repositories: [{ id: 1, fullName: 'acme/payments-api', collectedAt: facts ? collectedAt : null, facts }],
    pagerduty: [{ id: 'P12PAYME', status: 'active', collected: true }],
    ...overrides,
  };
}

export function contextFor(subject: ServiceSubject, parts: Partial<RuleContext> = {}): RuleContext {
  return {
    subject,
    at: AT,
    factsMaxAgeDays: 7,
    dora: () => Promise.reject(new Error('this test does not expect DORA figures')),
    pipeline: () => Promise.reject(new Error('this test does not expect pipeline figures')),
    ...parts,
  };
}
