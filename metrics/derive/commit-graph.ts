/** A repository's commit graph as the derivation needs it: oid → parent oids. */
export type CommitGraph = ReadonlyMap<string, readonly string[]>;

/** Every commit reachable from `oid` through all parents, `oid` included. Unknown commits are leaves. */
export function ancestorsOf(graph: CommitGraph, oid: string): Set<string> {
  const seen = new Set<string>([oid]);
  const stack = [oid];
  while (stack.length > 0) {
    for (const parent of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        stack.push(parent);
      }
    }
  }
  return seen;
}

/**
 * The commits reachable from `oid` and not in `excluded` (git's `rev-list excluded..oid`),
 * plus the frontier: the excluded commits where the walk stopped.
 */
export function commitsSince(
  graph: CommitGraph,
  oid: string,
  excluded: ReadonlySet<string>,
): { commits: Set<string>; frontier: Set<string> } {
  const commits = new Set<string>();
  const frontier = new Set<string>();
  if (excluded.has(oid)) return { commits, frontier: new Set([oid]) };
  commits.add(oid);
  const stack = [oid];
  while (stack.length > 0) {
    for (const parent of graph.get(stack.pop()!) ?? []) {
      if (excluded.has(parent)) frontier.add(parent);
      else if (!commits.has(parent)) {
        commits.add(parent);
        stack.push(parent);
      }
    }
  }
  return { commits, frontier };
}

/**
 * Walks a sequence of deployments of one (repository, environment) in deploy-time order and
 * returns each one's commits: reachable from it and not from the previous one. The first is a
 * baseline with no commits. The previous deployment's ancestor set is carried forward, so a
 * fast-forward costs only the new commits; a rollback or rewritten history recomputes it.
 */
export function attributeCommits(graph: CommitGraph, commitOids: readonly string[]): Set<string>[] {
  const result: Set<string>[] = [];
  let previousOid: string | null = null;
  let previousAncestors: Set<string> | null = null;
  for (const oid of commitOids) {
    if (previousAncestors === null || previousOid === null) {
      result.push(new Set());
      previousAncestors = ancestorsOf(graph, oid);
      previousOid = oid;
      continue;
    }
    const { commits, frontier } = commitsSince(graph, oid, previousAncestors);
    result.push(commits);
    if (commits.size > 0 && frontier.has(previousOid)) {
      // Fast-forward: the new ancestors are the old ones plus the new commits.
      for (const c of commits) previousAncestors.add(c);
    } else if (oid !== previousOid) {
      previousAncestors = ancestorsOf(graph, oid);
    }
    previousOid = oid;
  }
  return result;
}
