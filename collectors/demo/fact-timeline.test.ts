import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/clock';
import { demoFactsAsOf } from './fact-timeline';
import { demoHistorySpan } from './load-demo';
import { DEMO_OWNER, DEMO_TEAMS } from './organisation';
import { createRandom } from './random';
import { generateRepositoryFacts } from './repository-facts';

const END = new Date('2026-06-01T12:00:00Z');
const span = demoHistorySpan(END);
const repos = DEMO_TEAMS.flatMap((team) =>
  team.services.map((service, i) => {
    const repo = `${DEMO_OWNER}/${service.slug}`;
    return {
      repo,
      facts: generateRepositoryFacts(createRandom(1000 + i), repo, service, team.slug, team.goldenPath, END),
    };
  }),
);

/** Every practice a set of facts shows, as comparable strings. */
function practices(f: ReturnType<typeof demoFactsAsOf<(typeof repos)[number]['facts']>>): Set<string> {
  const out = new Set<string>();
  for (const [path, file] of Object.entries(f.files))
    out.add(`file:${path}:${file.content?.includes('">=22"') ? 'node22' : ''}`);
  for (const w of f.workflows)
    out.add(
      `workflow:${w.path}:${w.content?.includes('golden-path') ? (w.content.includes('@v3') ? 'golden-v3' : 'golden') : 'plain'}`,
    );
  const p = f.branchProtection;
  if (p) {
    out.add('protected');
    if ((p.requiredApprovingReviewCount ?? 0) >= 2) out.add('two-reviews');
    if (p.requiresCodeOwnerReviews) out.add('code-owner-reviews');
    if (!p.allowsForcePushes) out.add('no-force-push');
  }
  if (f.repository.deleteBranchOnMerge) out.add('delete-branch-on-merge');
  if (f.repository.vulnerabilityAlertsEnabled) out.add('vulnerability-alerts');
  return out;
}

/** What a later state has that an earlier one may have lacked: the weaker form of a practice counts as the same file or workflow. */
const weaker: [string, string[]][] = [
  [':golden-v3', [':golden', ':plain']],
  [':golden', [':plain']],
  [':node22', [':']],
];
const taken = (s: Set<string>) =>
  new Set(
    [...s].flatMap((p) => [
      p,
      ...(weaker
        .find(([suffix]) => p.endsWith(suffix))?.[1]
        .map((w) => p.slice(0, -weaker.find(([suffix]) => p.endsWith(suffix))![0].length) + w) ?? []),
    ]),
  );

describe('the demo repositories over their history', () => {
  it('have today exactly the facts the generator made', () => {
    for (const { repo, facts } of repos)
      expect(demoFactsAsOf(repo, facts, END, span)).toEqual({ ...facts, collectedAt: END.toISOString() });
  });

  it('only take practices up as time passes: an earlier day has a subset of a later one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: repos.length - 1 }),
        fc.integer({ min: span.start, max: span.end }),
        fc.integer({ min: span.start, max: span.end }),
        (i, a, b) => {
          const { repo, facts } = repos[i]!;
          const [early, late] = a <= b ? [a, b] : [b, a];
          const before = practices(demoFactsAsOf(repo, facts, new Date(early), span));
          const after = taken(practices(demoFactsAsOf(repo, facts, new Date(late), span)));
          for (const p of before)
            expect(
              after,
              `${repo}: ${p} at ${new Date(early).toISOString()} but not ${new Date(late).toISOString()}`,
            ).toContain(p);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('had fewer practices six months ago, and some were taken up in every month since', () => {
    const count = (at: number) =>
      repos.reduce((n, { repo, facts }) => n + practices(demoFactsAsOf(repo, facts, new Date(at), span)).size, 0);
    const months = Array.from({ length: 7 }, (_, m) => count(span.start + m * 30 * DAY_MS));
    for (let m = 1; m < months.length; m++) expect(months[m]!, `month ${m}`).toBeGreaterThan(months[m - 1]!);
    expect(count(span.start)).toBeLessThan(count(span.end) * 0.8);
  });
});
