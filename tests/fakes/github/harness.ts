import type { Db } from '../../../db/database';
import { createGithubSource } from '../../../collectors/github/source';
import { runSource, type ScopeReport } from '../../../collectors/source';
import { configSchema } from '../../../lib/config-schema';
import { createLogger } from '../../../lib/logger';
import { FAKE_GITHUB_TOKEN, type FakeGithub } from './server';

export interface GithubRunResult {
  reports: Record<string, ScopeReport>;
  error: string | null;
  sleeps: number[];
  logs: string[];
}

/** One GitHub source run against the fake, as the sync runner would make it. */
export async function runGithubSource(
  db: Db,
  fake: FakeGithub,
  options: {
    now: Date;
    full?: boolean;
    fetch?: typeof fetch;
    github?: Record<string, unknown>;
    onSleep?: (ms: number) => void;
    apiUrl?: string;
    factPaths?: string[];
    /** The local clock; by default the fake's, which tests pin to `now`. */
    clock?: () => number;
    timeoutMs?: number;
  },
): Promise<GithubRunResult> {
  const config = configSchema.parse({
    github: {
      apiUrl: options.apiUrl ?? fake.url,
      token: FAKE_GITHUB_TOKEN,
      organizations: [fake.org.login],
      backfillDays: 120,
      ...options.github,
    },
  });
  const reports: Record<string, ScopeReport> = {};
  const sleeps: number[] = [];
  const logs: string[] = [];
  const source = createGithubSource({
    sleep: async (ms) => {
      sleeps.push(ms);
      options.onSleep?.(ms);
    },
    random: () => 0.5,
    clock: options.clock ?? (() => options.now.getTime()),
    timeoutMs: options.timeoutMs,
  });
  let error: string | null = null;
  try {
    await runSource(source, {
      db,
      config,
      full: Boolean(options.full),
      now: options.now,
      factPaths: options.factPaths ?? [],
      log: createLogger('test', (line) => logs.push(line)),
      fetch: options.fetch ?? fetch,
      report: (scope, report) => {
        reports[scope] = report;
      },
    });
  } catch (e) {
    error = (e as Error).message;
  }
  return { reports, error, sleeps, logs };
}

/** Everything the GitHub collector writes, keyed by natural keys (serial ids differ between databases). */
export async function dumpGithubTables(db: Db): Promise<Record<string, unknown[]>> {
  const repoName = (await db.selectFrom('repositories').select(['id', 'full_name']).execute()).reduce(
    (m, r) => m.set(r.id, r.full_name),
    new Map<number, string>(),
  );
  const byRepo = <T extends { repository_id: number }>(rows: T[]) =>
    rows.map(({ repository_id, ...rest }) => ({ repository: repoName.get(repository_id), ...rest }));
  const sortKey = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    repositories: sortKey(
      (await db.selectFrom('repositories').selectAll().execute()).map(({ id: _id, updated_at: _u, ...rest }) => rest),
    ),
    commits: sortKey(byRepo(await db.selectFrom('commits').selectAll().execute())),
    pull_requests: sortKey(byRepo(await db.selectFrom('pull_requests').selectAll().execute())),
    pull_request_commits: sortKey(byRepo(await db.selectFrom('pull_request_commits').selectAll().execute())),
    deployments: sortKey(
      byRepo((await db.selectFrom('deployments').selectAll().execute()).map(({ id: _id, ...rest }) => rest)),
    ),
    pipeline_runs: sortKey(byRepo(await db.selectFrom('pipeline_runs').selectAll().execute())),
    repository_facts: sortKey(byRepo(await db.selectFrom('repository_facts').selectAll().execute())),
    sync_state: sortKey(
      await db.selectFrom('sync_state').select(['source', 'scope', 'stream', 'cursor', 'last_error']).execute(),
    ),
  };
}

/** A fetch that dies (as a killed process would stop talking) after `calls` requests. */
export function dyingFetch(calls: number): typeof fetch {
  let made = 0;
  return (input, init) => {
    made += 1;
    if (made > calls)
      return Promise.reject(
        new TypeError('fetch failed', { cause: { code: 'ECONNRESET', message: 'killed by the test' } }),
      );
    return fetch(input, init);
  };
}

/**
 * The database as seen by a process killed at its `count`-th statement, or (`afterCursorWrites`)
 * at the statement right after its `count`-th cursor write: the instant where a cursor saved
 * outside its page's transaction would lose the page.
 */
export function dyingDb(db: Db, count: number, mode: 'statements' | 'afterCursorWrites' = 'statements'): Db {
  let made = 0;
  let cursorWrites = 0;
  let dead = false;
  return db.withPlugin({
    transformQuery(args) {
      made += 1;
      if (dead || (mode === 'statements' && made > count) || (mode === 'afterCursorWrites' && cursorWrites >= count)) {
        dead = true;
        throw new Error(`killed by the test at statement ${made}`);
      }
      const node = args.node as { kind: string; into?: { table?: { identifier?: { name?: string } } } };
      if (node.kind === 'InsertQueryNode' && node.into?.table?.identifier?.name === 'sync_state') cursorWrites += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
}
