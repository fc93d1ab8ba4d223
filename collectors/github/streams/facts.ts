import { updateRepositoryTopics, upsertRepositoryFacts } from '../../../db/writes/github';
import { getCursor, saveCursor } from '../../../db/writes/sync-state';
import type { Db } from '../../../db/database';
import type { GithubClient } from '../client';
import { FACTS_VERSION, toRepositoryFacts } from '../facts';
import {
  FACTS_BATCH,
  factLookup,
  repositoryFactsNode,
  repositoryFactsQuery,
  repositoryFactsResponse,
  type FactLookup,
  type RepositoryFactsNode,
} from '../queries/facts';
import { parseResponse, streamKey } from '../scope';

export interface FactsTarget {
  repositoryId: number;
  owner: string;
  name: string;
  fullName: string;
  headOid: string | null;
}

/** Facts are re-read when the default branch moved or, for settings that change without a push, daily. */
const REFRESH_MS = 24 * 3_600_000;

export interface FactsCursor {
  headOid: string | null;
  collectedAt: string;
  /** The files looked up; when the scorecards read new files, facts are read again. */
  lookup?: string;
}

const lookupKey = (lookup: FactLookup) => [...lookup.files, ...lookup.globs].join('|');

async function isStale(db: Db, target: FactsTarget, now: Date, full: boolean, lookup: FactLookup): Promise<boolean> {
  if (full) return true;
  const cursor = await getCursor<FactsCursor>(db, streamKey(target, 'facts'));
  return (
    !cursor ||
    cursor.headOid !== target.headOid ||
    cursor.lookup !== lookupKey(lookup) ||
    now.getTime() - Date.parse(cursor.collectedAt) >= REFRESH_MS
  );
}

/** Scorecard facts for the repositories whose facts are stale, several per query. */
export async function syncFacts(
  db: Db,
  client: GithubClient,
  targets: readonly FactsTarget[],
  now: Date,
  full: boolean,
  lookup: FactLookup = factLookup(),
): Promise<number> {
  const stale: FactsTarget[] = [];
  for (const t of targets) if (await isStale(db, t, now, full, lookup)) stale.push(t);
  const nodeSchema = repositoryFactsNode(lookup);
  let rows = 0;
  for (let i = 0; i < stale.length; i += FACTS_BATCH) {
    const batch = stale.slice(i, i + FACTS_BATCH);
    const variables = Object.fromEntries(
      batch.flatMap((t, j) => [
        [`owner${j}`, t.owner],
        [`name${j}`, t.name],
      ]),
    );
    const data = parseResponse(
      repositoryFactsResponse,
      await client.query(repositoryFactsQuery(batch.length, lookup), variables),
      'repository facts',
    );
    const entries = batch.flatMap((t, j) => {
      const raw = data[`r${j}`];
      return raw ? [{ target: t, node: parseResponse(nodeSchema, raw, `${t.fullName} facts`) }] : [];
    });
    await db.transaction().execute(async (trx) => {
      rows += await upsertRepositoryFacts(
        trx,
        entries.map((e) => ({
          repository_id: e.target.repositoryId,
          collected_at: now,
          version: FACTS_VERSION,
          facts: toRepositoryFacts(e.node as RepositoryFactsNode, now, lookup),
        })),
      );
      for (const e of entries) {
        const topics = (e.node as RepositoryFactsNode).repositoryTopics?.nodes.map((n) => n.topic.name);
        if (topics) await updateRepositoryTopics(trx, e.target.repositoryId, topics);
      }
      for (const e of entries)
        await saveCursor(
          trx,
          streamKey(e.target, 'facts'),
          {
            headOid: e.target.headOid,
            collectedAt: now.toISOString(),
            lookup: lookupKey(lookup),
          } satisfies FactsCursor,
          now,
        );
    });
  }
  return rows;
}
