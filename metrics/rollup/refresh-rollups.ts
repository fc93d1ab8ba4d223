import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { DAY_MS } from '../../lib/clock';
import { derivationConfigKey } from '../derive/config-key';
import { countedIncidentInScope } from '../dora-samples';
import { ORGANISATION, organisationMembership } from '../scope';
import { dayAggregates, histogramAggregates } from './aggregates';
import { utcDay, type TimeRanges } from './time-ranges';

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
export function dayRanges(days: readonly string[]): { from: Date; to: Date }[] {
  const starts = [...new Set(days)].map((d) => Date.parse(`${d}T00:00:00Z`)).sort((a, b) => a - b);
  const ranges: { from: Date; to: Date }[] = [];
  for (const start of starts) {
    const last = ranges.at(-1);
    if (last && last.to.getTime() === start) last.to = new Date(start + DAY_MS);
    else ranges.push({ from: new Date(start), to: new Date(start + DAY_MS) });
  }
  return ranges;
}

/**
 * Brings the organisation rollups up to date with the derived rows, in one transaction:
 * the days marked dirty and the days whose counted incidents changed are recomputed, then
 * their months. Rebuilds everything when there are no rollups yet or when the config or
 * the organisation's repositories and PagerDuty services changed.
 */
export async function refreshOrgRollups(db: Db, config: PavedConfig): Promise<{ rebuilt: boolean; days: number }> {
  return db.transaction().execute(async (trx) => {
    // One refresh at a time (a sync and a start-up derivation can overlap), and no day is marked
    // while one runs: a mark made meanwhile would find the old mark and be deleted with it.
    await sql`lock table org_rollup_state in exclusive mode`.execute(trx);
    await sql`lock table org_rollup_dirty_days in share row exclusive mode`.execute(trx);
    const state = await trx.selectFrom('org_rollup_state').select(['config_key', 'membership']).executeTakeFirst();
    const { rows } = await sql<{ membership: string }>`select ${organisationMembership} as membership`.execute(trx);
    const membership = rows[0]!.membership;
    const configKey = derivationConfigKey(config);
    if (!state || state.config_key !== configKey || state.membership !== membership) {
      await rebuild(trx, config);
      await trx.deleteFrom('org_rollup_state').execute();
      await trx
        .insertInto('org_rollup_state')
        .values({ config_key: configKey, membership, built_at: new Date() })
        .execute();
      return { rebuilt: true, days: -1 };
    }
    const dirty = (
      await trx
        .selectFrom('org_rollup_dirty_days')
        .select(sql<string>`day::text`.as('day'))
        .execute()
    ).map((r) => r.day);
    const days = [...new Set([...dirty, ...(await incidentDaysChanged(trx, config))])];
    if (days.length > 0) {
      await recomputeDays(trx, config, days);
      await trx
        .deleteFrom('org_rollup_dirty_days')
        .where('day', 'in', dirty.length ? dirty : ['1970-01-01'])
        .execute();
      await trx.updateTable('org_rollup_state').set({ built_at: new Date() }).execute();
    }
    return { rebuilt: false, days: days.length };
  });
}

async function rebuild(trx: Transaction<Database>, config: PavedConfig): Promise<void> {
  await sql`truncate org_rollup_days, org_rollup_histograms, org_rollup_dirty_days`.execute(trx);
  await writeDays(trx, config, null);
  await rollUpMonths(trx, null);
}

async function recomputeDays(trx: Transaction<Database>, config: PavedConfig, days: string[]): Promise<void> {
  await trx.deleteFrom('org_rollup_days').where('day', 'in', days).execute();
  await trx.deleteFrom('org_rollup_histograms').where('period', '=', 'day').where('period_start', 'in', days).execute();
  await writeDays(trx, config, dayRanges(days));
  await rollUpMonths(trx, [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))]);
}

async function writeDays(trx: Transaction<Database>, config: PavedConfig, ranges: TimeRanges): Promise<void> {
  await sql`insert into org_rollup_days (day, deployments, failed, rework, first_deployed_at, last_deployed_at, incidents)
    select day, deployments, failed, rework, first_deployed_at, last_deployed_at, incidents from (${dayAggregates(config, ranges)}) a`.execute(
    trx,
  );
  await sql`insert into org_rollup_histograms (period, period_start, metric, bucket, samples, min_value, max_value)
    select 'day', day, metric, bucket, samples, min_value, max_value from (${histogramAggregates(config, ranges)}) h`.execute(
    trx,
  );
}

/** Month rows are sums of their day rows; `months` null rolls up every month. */
async function rollUpMonths(trx: Transaction<Database>, months: string[] | null): Promise<void> {
  const only = months === null ? sql`true` : sql`date_trunc('month', period_start)::date in (${sql.join(months)})`;
  await sql`delete from org_rollup_histograms where period = 'month' and ${months === null ? sql`true` : sql`period_start in (${sql.join(months)})`}`.execute(
    trx,
  );
  await sql`insert into org_rollup_histograms (period, period_start, metric, bucket, samples, min_value, max_value)
    select 'month', date_trunc('month', period_start)::date, metric, bucket, sum(samples), min(min_value), max(max_value)
    from org_rollup_histograms where period = 'day' and ${only}
    group by 2, 3, 4`.execute(trx);
}

/**
 * Incidents arrive without touching derived rows: compare the stored incident figures with
 * fresh ones (a few thousand rows) and return the days that differ.
 */
async function incidentDaysChanged(trx: Transaction<Database>, config: PavedConfig): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`
    with fresh_incidents as (
      select ${utcDay(sql`i.created_at`)} as day, count(*)::int as incidents
      from incidents i where ${countedIncidentInScope(config, ORGANISATION)} group by 1),
    fresh_restore as (select day, bucket, samples, min_value, max_value from (${histogramAggregates(config, null, ['restore'])}) h),
    stored_restore as (select period_start as day, bucket, samples, min_value, max_value from org_rollup_histograms where period = 'day' and metric = 'restore'),
    stored_incidents as (select day, incidents from org_rollup_days where incidents > 0)
    select distinct day::text as day from (
      (select day, incidents from fresh_incidents except select day, incidents from stored_incidents)
      union all (select day, incidents from stored_incidents except select day, incidents from fresh_incidents)
      union all (select day, 0 from (select * from fresh_restore except select * from stored_restore) a)
      union all (select day, 0 from (select * from stored_restore except select * from fresh_restore) b)
    ) changed`.execute(trx);
  return rows.map((r) => r.day);
}
