import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveRepository,
  type CommitInfo,
  type MergedPullRequest,
  type ProductionDeployment,
  type RepositoryHistory,
} from './derive-repository';

/** The obviously correct version: ancestors by plain recursion, every rule by brute force over pairs. */
function reference(history: RepositoryHistory) {
  const anc = (oid: string, acc = new Set<string>()): Set<string> => {
    if (acc.has(oid)) return acc;
    acc.add(oid);
    for (const p of history.commits.get(oid)?.parents ?? []) anc(p, acc);
    return acc;
  };
  const order = [...history.deployments].sort((a, b) => a.deployedAt - b.deployedAt || a.id.localeCompare(b.id));
  const commits = new Map<string, Set<string>>();
  for (const d of order) {
    const prev = order.filter((e) => e.environment === d.environment && order.indexOf(e) < order.indexOf(d)).at(-1);
    commits.set(d.id, prev ? new Set([...anc(d.commitOid)].filter((c) => !anc(prev.commitOid).has(c))) : new Set());
  }
  const prOf = (oid: string): number | null => {
    const prs = [...history.pullRequests.values()];
    const merged = prs.find((p) => p.mergeCommitOid === oid);
    if (merged) return merged.number;
    const listed = prs
      .filter(
        (p) =>
          (history.pullRequestCommits.get(oid) ?? []).includes(p.number) ||
          (history.commits.get(oid)?.associatedPullRequests ?? []).includes(p.number),
      )
      .map((p) => p.number);
    return listed.length ? Math.min(...listed) : null;
  };
  const changeDeployment = new Map<string, string>();
  for (const d of order) {
    for (const oid of commits.get(d.id)!) {
      const pr = prOf(oid);
      if (pr === null && !history.commits.has(oid)) continue;
      const key = pr === null ? `commit:${oid}` : `pr:${pr}`;
      if (!changeDeployment.has(key)) changeDeployment.set(key, d.id);
    }
  }
  const rolledBackBy = new Map<string, string>();
  const rollbackOf = new Map<string, string>();
  const revertedBy = new Map<string, string>();
  for (const later of order) {
    const earlier = order.filter(
      (e) =>
        e.deployedAt < later.deployedAt &&
        later.deployedAt - e.deployedAt <= 24 * 3_600_000 &&
        e.environment === later.environment &&
        e.commitOid !== later.commitOid &&
        anc(e.commitOid).has(later.commitOid),
    );
    if (earlier.length) rollbackOf.set(later.id, earlier.at(-1)!.id);
    for (const e of earlier) if (!rolledBackBy.has(e.id)) rolledBackBy.set(e.id, later.id);
    for (const oid of commits.get(later.id)!) {
      for (const m of (history.commits.get(oid)?.message ?? '').matchAll(/This reverts commit ([0-9a-f]{7,40})/gi)) {
        for (const e of order) {
          if (
            e.deployedAt < later.deployedAt &&
            later.deployedAt - e.deployedAt <= 7 * 86_400_000 &&
            commits.get(e.id)!.has(m[1]!) &&
            !revertedBy.has(e.id)
          )
            revertedBy.set(e.id, later.id);
        }
      }
    }
  }
  return { commits, changeDeployment, rolledBackBy, rollbackOf, revertedBy };
}

const HOUR = 3_600_000;
const hex = (i: number) => i.toString(16).padStart(40, '0');

/** Random histories: a DAG of commits (merges included), pull requests, reverts and deployments that jump back and forth. */
const historyArbitrary = fc
  .record({
    size: fc.integer({ min: 2, max: 30 }),
    parentPicks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: 30, maxLength: 30 }),
    prPicks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }),
    revertPicks: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
    deployPicks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 400 }), fc.boolean()), {
      minLength: 1,
      maxLength: 16,
    }),
  })
  .map(({ size, parentPicks, prPicks, revertPicks, deployPicks }): RepositoryHistory => {
    const commits = new Map<string, CommitInfo>();
    for (let i = 0; i < size; i++) {
      const [a, b, merge] = parentPicks[i]!;
      const parents =
        i === 0
          ? []
          : merge && i > 1
            ? [hex(a % i), hex(b % i)].filter((p, k, all) => all.indexOf(p) === k)
            : [hex(a % i)];
      commits.set(hex(i), {
        parents,
        authoredAt: i * HOUR,
        headline: `c${i}`,
        author: 'dev',
        message: null,
        associatedPullRequests: [],
      });
    }
    for (const [target, at] of revertPicks) {
      const oid = hex(at % size);
      commits.set(oid, { ...commits.get(oid)!, message: `Revert\n\nThis reverts commit ${hex(target % size)}.` });
    }
    const pullRequests = new Map<number, MergedPullRequest>();
    const pullRequestCommits = new Map<string, number[]>();
    prPicks.forEach(([merge, member, mode], n) => {
      const number = n + 1;
      pullRequests.set(number, {
        number,
        title: `PR ${number}`,
        author: 'dev',
        createdAt: 0,
        mergedAt: HOUR,
        mergeCommitOid: mode === 0 ? null : hex(merge % size),
        firstCommitAuthoredAt: 0,
        firstReviewAt: null,
        labels: [],
      });
      const oid = hex(member % size);
      if (mode >= 2) pullRequestCommits.set(oid, [...(pullRequestCommits.get(oid) ?? []), number]);
      if (mode === 3) commits.set(oid, { ...commits.get(oid)!, associatedPullRequests: [number] });
    });
    const deployments: ProductionDeployment[] = deployPicks.map(([commit, hour, prod], i) => ({
      id: `d${i}`,
      kind: 'deployment',
      environment: prod ? 'production' : 'prod',
      commitOid: hex(commit % size),
      deployedAt: hour * HOUR,
    }));
    return { commits, pullRequests, pullRequestCommits, deployments, hotfixLabels: [] };
  });

describe('phase one agrees with a brute-force reference on random histories', () => {
  it('commits, changes, rollbacks and reverts', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const ours = deriveRepository(history);
        const ref = reference(history);
        for (const d of ours.deployments) {
          expect([...d.commits].sort()).toEqual([...ref.commits.get(d.id)!].sort());
          expect(d.rolledBackBy).toBe(ref.rolledBackBy.get(d.id) ?? null);
          expect(d.rollbackOf).toBe(ref.rollbackOf.get(d.id) ?? null);
          expect(d.revertedBy).toBe(ref.revertedBy.get(d.id) ?? null);
        }
        expect(new Map(ours.changes.map((c) => [c.key, c.deploymentId]))).toEqual(ref.changeDeployment);
      }),
      { numRuns: 400 },
    );
  });
});
