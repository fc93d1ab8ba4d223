import { DAY_MS } from '../../lib/clock';
import { createRandom, oid } from './random';

/** The part of the demo's repository facts a timeline rewinds (see repository-facts.ts). */
interface DemoFacts {
  files?: Record<string, { content: string | null }>;
  workflows?: { path: string; content: string | null }[];
  branchProtection?: {
    requiredApprovingReviewCount: number | null;
    requiresStatusChecks: boolean | null;
    allowsForcePushes: boolean | null;
    requiresCodeOwnerReviews: boolean | null;
  } | null;
  repository?: { deleteBranchOnMerge: boolean | null; vulnerabilityAlertsEnabled: boolean | null };
  collectedAt?: string;
}

const PLAIN_CI =
  'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - run: make test\n';

/** One instant a week, back from the end of the demo's history to its second week. */
export function weeklyInstants(history: { start: number; end: number }): Date[] {
  const out: Date[] = [];
  for (let at = history.end - 7 * DAY_MS; at >= history.start + 7 * DAY_MS; at -= 7 * DAY_MS) out.push(new Date(at));
  return out.reverse();
}

/**
 * When a demo repository took up one practice: a day in the demo's history, or null when it
 * already had it when the history starts. Deterministic per repository and practice, drawn
 * apart from the generator's own sequence so the facts of today stay exactly as generated.
 */
export function adoptionDay(repo: string, practice: string, history: { start: number; end: number }): number | null {
  const rng = createRandom(Number.parseInt(oid('adoption', repo, practice).slice(0, 8), 16));
  // About half of what a repository has today it already had six months ago.
  if (rng.chance(0.45)) return null;
  const firstDay = Math.floor(history.start / DAY_MS) + 14;
  const lastDay = Math.floor(history.end / DAY_MS) - 7;
  return rng.int(firstDay, lastDay) * DAY_MS;
}

/**
 * A demo repository's facts as they were at `at`: each practice it has today is removed,
 * or set back to its weaker form, before the day it was adopted. Only ever takes away, so
 * a repository's golden-path adoption grows over the history the way real teams' does.
 */
export function demoFactsAsOf<T extends DemoFacts>(
  repo: string,
  facts: T,
  at: Date,
  history: { start: number; end: number },
): T {
  const before = (practice: string) => {
    const day = adoptionDay(repo, practice, history);
    return day !== null && at.getTime() < day;
  };
  const files = Object.fromEntries(
    Object.entries(facts.files ?? {}).filter(([path]) => path === 'README.md' || !before(`file:${path}`)),
  );
  const packageJson = files['package.json'];
  if (packageJson?.content?.includes('">=22"') && before('node-22'))
    files['package.json'] = { content: packageJson.content.replace('">=22"', '">=18"') };

  const workflows = (facts.workflows ?? [])
    .filter((w) => w.path === '.github/workflows/ci.yml' || !before(`workflow:${w.path}`))
    .map((w) => {
      if (w.path !== '.github/workflows/ci.yml' || !w.content?.includes('acme/golden-path')) return w;
      if (before('golden-ci')) return { ...w, content: PLAIN_CI };
      return before('golden-ci-v3') ? { ...w, content: w.content.replace('@v3', '@v2') } : w;
    });

  let branchProtection = facts.branchProtection ?? null;
  if (branchProtection && before('branch-protection')) branchProtection = null;
  else if (branchProtection && before('review-rules')) {
    branchProtection = {
      ...branchProtection,
      requiredApprovingReviewCount: Math.min(branchProtection.requiredApprovingReviewCount ?? 0, 1),
      requiresCodeOwnerReviews: false,
      allowsForcePushes: true,
    };
  }

  const repository = facts.repository
    ? {
        ...facts.repository,
        deleteBranchOnMerge: facts.repository.deleteBranchOnMerge && !before('delete-branch-on-merge'),
        vulnerabilityAlertsEnabled: facts.repository.vulnerabilityAlertsEnabled && !before('vulnerability-alerts'),
      }
    : facts.repository;

  return { ...facts, files, workflows, branchProtection, repository, collectedAt: at.toISOString() };
}
