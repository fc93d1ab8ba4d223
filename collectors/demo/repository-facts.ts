import type { Random } from './random';

/**
 * Scorecard facts for a demo repository, in the shape the GitHub collector stores:
 * present files with their content, workflows, default-branch protection and settings.
 * `maturity` (0–1) is how far along the golden path the owning team is.
 */
export function generateRepositoryFacts(
  rng: Random,
  repo: string,
  service: { slug: string; name: string; lifecycle: string; type: string },
  team: string,
  maturity: number,
  collectedAt: Date,
) {
  const has = (p: number) => rng.chance(Math.min(0.98, Math.max(0.02, p)));
  const files: Record<string, { content: string | null }> = {};
  files['README.md'] = { content: `# ${service.name}\n\nOwned by ${team}.\n` };
  if (has(maturity + 0.2)) files['.github/CODEOWNERS'] = { content: `* @acme/${team}\n` };
  if (has(maturity + 0.1)) {
    files['catalog-info.yaml'] = {
      content: [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${service.slug}`,
        '  annotations:',
        `    github.com/project-slug: ${repo}`,
        ...(has(maturity + 0.1)
          ? [`    pagerduty.com/service-id: P${service.slug.length}${service.slug.slice(0, 5).toUpperCase()}`]
          : []),
        'spec:',
        `  type: ${service.type}`,
        `  lifecycle: ${service.lifecycle}`,
        `  owner: group:default/${team}`,
        '',
      ].join('\n'),
    };
  }
  if (has(maturity))
    files['SECURITY.md'] = { content: '# Security\n\nReport vulnerabilities to security@acme.example.\n' };
  if (has(maturity + 0.15))
    files[rng.chance(0.5) ? '.github/dependabot.yml' : 'renovate.json'] = {
      content: '{ "extends": ["config:recommended"] }\n',
    };
  if (has(maturity - 0.1)) files['docs/runbook.md'] = { content: '# Runbook\n\n## Alerts\n' };
  if (has(maturity - 0.2))
    files['docs/adr/0001-record-architecture-decisions.md'] = { content: '# 1. Record architecture decisions\n' };
  if (has(maturity + 0.1)) files['.github/pull_request_template.md'] = { content: '## What\n\n## Why\n' };
  if (has(0.6))
    files['package.json'] = {
      content: JSON.stringify(
        {
          name: service.slug,
          engines: { node: has(maturity) ? '>=22' : '>=18' },
          scripts: { test: 'vitest run', lint: 'eslint .' },
        },
        null,
        2,
      ),
    };

  const usesGoldenCi = has(maturity + 0.05);
  const ciVersion = has(maturity) ? 'v3' : 'v2';
  const workflows = [
    {
      path: '.github/workflows/ci.yml',
      content: usesGoldenCi
        ? `name: CI\non: [push, pull_request]\njobs:\n  ci:\n    uses: acme/golden-path/.github/workflows/ci.yml@${ciVersion}\n`
        : 'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - run: make test\n',
    },
  ];
  if (has(maturity)) {
    workflows.push({
      path: '.github/workflows/deploy.yml',
      content:
        'name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    uses: acme/golden-path/.github/workflows/deploy.yml@v2\n',
    });
  }
  if (has(maturity - 0.1)) {
    workflows.push({
      path: '.github/workflows/codeql.yml',
      content:
        'name: CodeQL\non: [push]\njobs:\n  analyze:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: github/codeql-action/analyze@v3\n',
    });
  }

  const protectedBranch = has(maturity + 0.25);
  return {
    files,
    workflows,
    branchProtection: protectedBranch
      ? {
          pattern: 'main',
          requiredApprovingReviewCount: has(maturity + 0.1) ? (has(maturity) ? 2 : 1) : 0,
          requiresStatusChecks: has(maturity + 0.1),
          requiredStatusCheckContexts: ['ci'],
          allowsForcePushes: !has(maturity + 0.3),
          requiresCodeOwnerReviews: has(maturity - 0.1),
        }
      : null,
    repository: {
      defaultBranch: 'main',
      archived: false,
      visibility: 'private',
      deleteBranchOnMerge: has(maturity + 0.2),
      vulnerabilityAlertsEnabled: has(maturity + 0.15),
      licenseSpdxId: has(0.3) ? 'MIT' : null,
    },
    collectedAt: collectedAt.toISOString(),
  };
}
