import { sql } from 'kysely';
import type { Db } from '../database';

export async function getSetting<T>(db: Db, key: string): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return (row?.value as T | undefined) ?? null;
}

export async function setSetting(db: Db, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: new Date() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

/** What GitHub last said was left of one token's or installation's GraphQL budget. */
export interface GithubBudget {
  remaining: number;
  resetAt: string | null;
  /** When it was read (the local clock, not a pinned PAVED_NOW). */
  seenAt: string;
}

export const GITHUB_BUDGETS_KEY = 'github_budgets';

/** What GitHub's REST answers last said of one token's or installation's REST budget (their x-ratelimit-* headers). */
export interface GithubRestBudget extends GithubBudget {
  limit: number;
}

export const GITHUB_REST_BUDGETS_KEY = 'github_rest_budgets';

/**
 * Merges budgets into one setting (GITHUB_BUDGETS_KEY or GITHUB_REST_BUDGETS_KEY) in a single
 * statement (`||` on jsonb), so parts finishing on several workers at once never undo each
 * other's entries.
 */
export async function recordGithubBudgets(
  db: Db,
  key: typeof GITHUB_BUDGETS_KEY | typeof GITHUB_REST_BUDGETS_KEY,
  budgets: Record<string, GithubBudget>,
): Promise<void> {
  if (Object.keys(budgets).length === 0) return;
  const json = JSON.stringify(budgets);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: sql`settings.value || excluded.value`, updated_at: new Date() }),
    )
    .execute();
}
