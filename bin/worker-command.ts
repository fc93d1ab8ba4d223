import path from 'node:path';

/**
 * Node's own flags for every process that collects and derives (the worker, `npm run sync`).
 * A sync's live data is small (a page, one repository's history) but it makes garbage fast, and
 * V8's default heap growth (up to ~4× the live set before a full collection) took a 300-repository
 * sync's worker to ~300 MB. A fixed growth of 25 % keeps it near 210 MB for the same CPU time;
 * `--optimize-for-size` reached 184 MB but cost 77 % more CPU (bench/worker-sync.bench.ts).
 * package.json's `worker` and `sync` scripts restate these flags; bin/worker-command.test.ts keeps them equal.
 */
export const COLLECTOR_NODE_FLAGS = ['--heap-growing-percent=25'] as const;

/** The arguments after `node` that start a worker, as the supervisor, tests and benchmarks do. */
export function workerNodeArgs(entry = path.resolve('bin/worker.ts')): string[] {
  return [...COLLECTOR_NODE_FLAGS, '--import', 'tsx', entry];
}
