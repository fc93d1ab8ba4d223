import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { DAY_MS } from '../../lib/clock';
import { derivationConfigKey } from '../derive/config-key';
import {
  dayAggregates,
  histogramAggregates,
  incidentDayAggregates,
  mergedHistograms,
  ORGANISATION_SCOPE,
  scopeMemberships,
} from './aggregates';
import type { KeyedRanges } from './time-ranges';

type Executor = Db | Transaction<Database>;

/** Marks days whose derived rows changed; the next refresh recomputes them, and requests until then read the rows. */
export async function markDirtyDays(db: Executor, days: Iterable<string>): Promise<void> {
  const list = [...new Set(days)];
  for (let i = 0; i < list.length; i += 5000) {
    await db
      .insertInto('org_rollup_dirty_days')
      .values(list.slice(i, i + 5000).map((day) => ({ day })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Requests read the derived rows until the next refresh rebuilds the rollups from scratch. */
export async function invalidateOrgRollups(db: Executor): Promise<void> {
  await db.deleteFrom('org_rollup_state').execute();
}

/** Whole UTC days as [from, to) instants, consecutive days merged. */
export function dayRanges(days: readonly string[]): { key: number; from: Date; to: Date }[] {
  const starts = [...new Set(days)].map((d) => Date.parse(`${d}T00:00:00Z`)).sort((a, b) => a - b);
  const ranges: { key: number; from: Date; to: Date }[] = [];
  for (const start of starts) {
    const last = ranges.at(-1);
    if (last && last.to.getTime() === start) last.to = new Date(start + DAY_MS);
    else ranges.push({ key: 0, from: new Date(start), to: new Date(start + DAY_MS) });
  }
  return ranges;
}

/**
 * Brings the rollups of the organisation and of every team up to date with the derived rows,
 * in one transaction: the days marked dirty and the days whose counted incidents changed are
 * recomputed, then their months. A scope is rebuilt from scratch when it has no rollups yet, when
 * the config changed, or when the repositories and PagerDuty services it pools changed (a service
 * moved team, a repository was linked); a team that is gone loses its rollups.
 */
export async function refreshOrgRollups(
  db: Db,
  config: PavedConfig,
): Promise<{ rebuilt: boolean; rebuiltScopes: number; days: number }> {
  return db.transaction().execute(async (trx) => {
    // One refresh at a time (a sync and a start-up derivation can overlap), and no day is marked
    // while one runs: a mark made meanwhile would find the old mark and be deleted with it.
    await sql`lock table org_rollup_state in exclusive mode`.execute(trx);
    await sql`lock table org_rollup_dirty_days in share row exclusive mode`.execute(trx);
    const states = new Map(
      (await trx.selectFrom('org_rollup_state').select(['scope_id', 'config_key', 'membership']).execute()).map((s) => [
        s.scope_id,
        s,
      ]),
    );
    const teams = (await trx.selectFrom('teams').select('id').execute()).map((t) => t.id);
    const scopeIds = [ORGANISATION_SCOPE, ...teams];
    const { rows: memberships } = await scopeMemberships(scopeIds).execute(trx);
    const configKey = derivationConfigKey(config);
    const stale = memberships.filter((m) => {
      const state = states.get(m.scope_id);
      return !state || state.config_key !== configKey || state.membership !== m.membership;
    });
    const staleIds = stale.map((m) => m.scope_id);
    const gone = [...states.keys()].filter((id) => !scopeIds.includes(id));
    await deleteScopes(trx, [...staleIds, ...gone]);
    if (stale.length > 0) {
      await writeDays(trx, config, staleIds, null);
      await rollUpMonths(trx, staleIds, null);
      await trx
        .insertInto('org_rollup_state')
        .values(
          stale.map((m) => ({
            scope_id: m.scope_id,
            config_key: configKey,
            membership: m.membership,
            built_at: new Date(),
          })),
        )
        .execute();
    }
    // The scopes that were not rebuilt follow the days that changed.
    const current = scopeIds.filter((id) => !staleIds.includes(id));
    const dirty = (
      await trx
        .selectFrom('org_rollup_dirty_days')
        .select(sql<string>`day::text`.as('day'))
        .execute()
    ).map((r) => r.day);
    const days = current.length ? [...new Set([...dirty, ...(await incidentDaysChanged(trx, config, current))])] : [];
    if (days.length > 0) await recomputeDays(trx, config, current, days);
    if (dirty.length > 0) await trx.deleteFrom('org_rollup_dirty_days').where('day', 'in', dirty).execute();
    if (days.length > 0) await trx.updateTable('org_rollup_state').set({ built_at: new Date() }).execute();
    return { rebuilt: staleIds.includes(ORGANISATION_SCOPE), rebuiltScopes: stale.length, days: days.length };
  });
}

async function deleteScopes(trx: Transaction<Database>, scopeIds: number[]): Promise<void> {
  if (scopeIds.length === 0) return;
  await trx.deleteFrom('org_rollup_days').where('scope_id', 'in', scopeIds).execute();
  await trx.deleteFrom('org_rollup_histograms').where('scope_id', 'in', scopeIds).execute();
  await trx.deleteFrom('org_rollup_state').where('scope_id', 'in', scopeIds).execute();
}

async function recomputeDays(
  trx: Transaction<Database>,
  config: PavedConfig,
  scopeIds: number[],
  days: string[],
): Promise<void> {
  await trx.deleteFrom('org_rollup_days').where('scope_id', 'in', scopeIds).where('day', 'in', days).execute();
  await trx
    .deleteFrom('org_rollup_histograms')
    .where('scope_id', 'in', scopeIds)
    .where('period', '=', 'day')
    .where('period_start', 'in', days)
    .execute();
  await writeDays(trx, config, scopeIds, dayRanges(days));
  await rollUpMonths(trx, scopeIds, [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))]);
}

async function writeDays(
  trx: Transaction<Database>,
  config: PavedConfig,
  scopeIds: number[],
  ranges: KeyedRanges,
): Promise<void> {
  await sql`insert into org_rollup_days (scope_id, day, deployments, failed, rework, first_deployed_at, last_deployed_at, incidents)
    select scope_id, day, deployments, failed, rework, first_deployed_at, last_deployed_at, incidents
    from (${dayAggregates(config, scopeIds, ranges)}) a`.execute(trx);
  await sql`insert into org_rollup_histograms (scope_id, period, period_start, metric, bucket, samples, min_value, max_value, listed_values, listed_counts)
    select scope_id, 'day', day, metric, bucket, samples, min_value, max_value, listed_values, listed_counts
    from (${histogramAggregates(config, scopeIds, ranges)}) h`.execute(trx);
}

/** Month rows are sums of their day rows; `months` null rolls up every month. */
async function rollUpMonths(trx: Transaction<Database>, scopeIds: number[], months: string[] | null): Promise<void> {
  const inScopes = sql`scope_id in (${sql.join(scopeIds)})`;
  await sql`delete from org_rollup_histograms where period = 'month' and ${inScopes}
    and ${months === null ? sql`true` : sql`period_start in (${sql.join(months)})`}`.execute(trx);
  const only = months === null ? sql`true` : sql`date_trunc('month', period_start)::date in (${sql.join(months)})`;
  const days = sql`select scope_id, date_trunc('month', period_start)::date as month, metric, bucket, samples, min_value, max_value,
      listed_values, listed_counts
    from org_rollup_histograms where period = 'day' and ${inScopes} and ${only}`;
  await sql`insert into org_rollup_histograms (scope_id, period, period_start, metric, bucket, samples, min_value, max_value, listed_values, listed_counts)
    select scope_id, 'month', month, metric, bucket, samples, min_value, max_value, listed_values, listed_counts
    from (${mergedHistograms(days, ['scope_id', 'month', 'metric', 'bucket'])}) m`.execute(trx);
}

/**
 * Incidents arrive without touching derived rows: compare each scope's stored incident figures
 * with fresh ones (a few thousand rows) and return the days that differ in any of them.
 */
async function incidentDaysChanged(
  trx: Transaction<Database>,
  config: PavedConfig,
  scopeIds: number[],
): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`
    with fresh_incidents as (
      select scope_id, day, incidents from (${incidentDayAggregates(config, scopeIds, null)}) a),
    fresh_restore as (select scope_id, day, bucket, samples, min_value, max_value, listed_values, listed_counts
      from (${histogramAggregates(config, scopeIds, null, ['restore'])}) h),
    stored_restore as (select scope_id, period_start as day, bucket, samples, min_value, max_value, listed_values, listed_counts
      from org_rollup_histograms
      where period = 'day' and metric = 'restore' and scope_id in (${sql.join(scopeIds)})),
    stored_incidents as (select scope_id, day, incidents from org_rollup_days where incidents > 0 and scope_id in (${sql.join(scopeIds)}))
    select distinct day::text as day from (
      (select * from fresh_incidents except select * from stored_incidents)
      union all (select * from stored_incidents except select * from fresh_incidents)
      union all (select scope_id, day, 0 from (select * from fresh_restore except select * from stored_restore) a)
      union all (select scope_id, day, 0 from (select * from stored_restore except select * from fresh_restore) b)
    ) changed`.execute(trx);
  return rows.map((r) => r.day);
}
