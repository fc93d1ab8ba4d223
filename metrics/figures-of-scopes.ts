import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { countedIncident } from './derive/incident-filter';
import { assembleFigures, deploymentDay, type DoraFigures, type FigureParts, type Window } from './dora-figures';
import { countedIncidentInScope, failedDeployment, reworkDeployment, SAMPLES, type StageMetric } from './dora-samples';
import { deploySignalsOnly, repositoryInScope, type ResolvedScope } from './scope';
import { scopeMembers } from './scope-members';
import { epochSeconds } from './epoch-seconds';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The resolved scope of every team (`by: 'team'`, keyed by slug) or every service (`by:
 * 'service'`, optionally one team's), in one query: what resolveScope gives one at a time.
 */
export async function resolveScopesBy(
  db: Db,
  by: 'team' | 'service',
  filter: { teamSlug?: string } = {},
): Promise<Map<string, ResolvedScope>> {
  const { rows } =
    by === 'team'
      ? await sql<{ key: string; team_id?: number; service_ids: number[]; repository_ids: number[]; without: number }>`
      select t.slug as key, t.id as team_id,
        coalesce((select array_agg(s.id order by s.id) from services s where s.team_id = t.id), '{}') as service_ids,
        coalesce((select array_agg(distinct sr.repository_id) from services s join service_repositories sr on sr.service_id = s.id
          where s.team_id = t.id), '{}') as repository_ids,
        (select count(*) from services s where s.team_id = t.id
          and not exists (select 1 from service_pagerduty_services sp where sp.service_id = s.id))::int as without
      from teams t order by t.slug`.execute(db)
      : await sql<{ key: string; team_id?: number; service_ids: number[]; repository_ids: number[]; without: number }>`
      select s.slug as key, array[s.id] as service_ids,
        coalesce((select array_agg(distinct sr.repository_id) from service_repositories sr where sr.service_id = s.id), '{}') as repository_ids,
        (case when exists (select 1 from service_pagerduty_services sp where sp.service_id = s.id) then 0 else 1 end) as without
      from services s
      where ${filter.teamSlug === undefined ? sql`true` : sql`s.team_id = (select id from teams where slug = ${filter.teamSlug})`}
      order by s.slug`.execute(db);
  return new Map(
    rows.map((r) => [
      r.key,
      {
        serviceIds: r.service_ids,
        repositoryIds: r.repository_ids,
        ...(r.team_id === undefined ? {} : { teamId: r.team_id }),
        withoutIncidentSource: r.without,
      },
    ]),
  );
}

/**
 * The figures of many scopes over one window in one pass: every query of
 * figurePartsFromDerivedRows, grouped by scope instead of run once per scope. A repository or
 * PagerDuty service in several scopes counts in each, as it does one scope at a time; the
 * equality with the one-at-a-time path is tested (metrics/figures-of-scopes.test.ts).
 */
export async function figuresOfScopes(
  db: Db,
  config: PavedConfig,
  scopes: readonly ResolvedScope[],
  window: Window,
): Promise<DoraFigures[]> {
  const parts = await figurePartsOfScopes(db, config, scopes, window);
  return scopes.map((scope, i) =>
    assembleFigures(parts[i]!, window, {
      minimumSample: config.metrics.minimumSample,
      deploySignalsOnly: deploySignalsOnly(scope),
    }),
  );
}

/**
 * What a list of services shows of each (deployment frequency, change failure rate, recovery time,
 * and the lead time's median and level), read without what the list leaves out (the upper
 * lead-time percentiles, the stage medians, time to restore): the same figures as figuresOfScopes,
 * with less to sort (metrics/figures-of-scopes.test.ts holds them equal).
 */
export type ListedFigures = Pick<
  DoraFigures,
  'deploymentFrequency' | 'changeFailureRate' | 'failedDeploymentRecoveryTime'
> & {
  leadTimeForChanges: Pick<DoraFigures['leadTimeForChanges'], 'changes' | 'medianSeconds' | 'level' | 'levelStatus'>;
};

export async function listedFiguresOfScopes(
  db: Db,
  config: PavedConfig,
  scopes: readonly ResolvedScope[],
  window: Window,
): Promise<ListedFigures[]> {
  const parts = await groupedFigureParts(db, config, byScope(scopes, window, config), 'listed');
  return scopes.map((scope, i) => {
    const f = assembleFigures(parts[i]!, window, {
      minimumSample: config.metrics.minimumSample,
      deploySignalsOnly: deploySignalsOnly(scope),
    });
    const { changes, medianSeconds, level, levelStatus } = f.leadTimeForChanges;
    return {
      deploymentFrequency: f.deploymentFrequency,
      changeFailureRate: f.changeFailureRate,
      failedDeploymentRecoveryTime: f.failedDeploymentRecoveryTime,
      leadTimeForChanges: { changes, medianSeconds, level, levelStatus },
    };
  });
}

/**
 * How rows fall into groups: `rows` for derived deployments (`d`) and changes (`c`), `incidents`
 * for incidents (`i`); each gives a join (or nothing), a condition, the group index, and for
 * rows the epoch second its group's window starts at (days and 7- and 30-day buckets count from it).
 */
interface Grouping {
  count: number;
  rows: (alias: 'c' | 'd') => {
    join: RawBuilder<unknown>;
    where: RawBuilder<boolean>;
    group: RawBuilder<number>;
    start: RawBuilder<number>;
  };
  incidents: { join: RawBuilder<unknown>; where: RawBuilder<boolean>; group: RawBuilder<number> };
}

const time = (alias: 'c' | 'd') => sql.ref(`${alias}.deployed_at`);
const inWindow = (column: RawBuilder<unknown> | ReturnType<typeof sql.ref>, { from, to }: Window) =>
  sql<boolean>`${column} >= ${from} and ${column} < ${to}`;

function byScope(scopes: readonly ResolvedScope[], window: Window, config: PavedConfig): Grouping {
  const members = scopeMembers(scopes);
  const fromEpoch = window.from.getTime() / 1000;
  return {
    count: scopes.length,
    rows: (alias) => ({
      join: sql`join ${members.repositories} m on m.repository_id = ${sql.ref(`${alias}.repository_id`)}`,
      where: inWindow(time(alias), window),
      group: sql<number>`m.scope`,
      start: sql<number>`${fromEpoch}::float8`,
    }),
    incidents: {
      join: sql`join ${members.pagerdutyServices} p on p.pagerduty_service_id = i.pagerduty_service_id`,
      where: sql<boolean>`${inWindow(sql.ref('i.created_at'), window)} and ${countedIncident(config)}`,
      group: sql<number>`p.scope`,
    },
  };
}

function byBucket(scope: ResolvedScope, buckets: readonly Window[], config: PavedConfig): Grouping {
  const bounds = [...buckets.map((b) => b.from.getTime() / 1000), buckets.at(-1)!.to.getTime() / 1000];
  const whole = { from: buckets[0]!.from, to: buckets.at(-1)!.to };
  // width_bucket: 1 for [bounds[1], bounds[2]), …; rows outside the buckets are filtered out first.
  const bucketOf = (column: RawBuilder<unknown> | ReturnType<typeof sql.ref>) =>
    sql<number>`(width_bucket(${epochSeconds(column)}, ${bounds}::float8[]) - 1)`;
  return {
    count: buckets.length,
    rows: (alias) => ({
      join: sql``,
      where: sql<boolean>`${repositoryInScope(alias, scope)} and ${inWindow(time(alias), whole)}`,
      group: bucketOf(time(alias)),
      start: sql<number>`(${bounds}::float8[])[${bucketOf(time(alias))} + 1]`,
    }),
    incidents: {
      join: sql``,
      where: sql<boolean>`${inWindow(sql.ref('i.created_at'), whole)} and ${countedIncidentInScope(config, scope)}`,
      group: bucketOf(sql.ref('i.created_at')),
    },
  };
}

/**
 * The figures of one scope per bucket (the weekly or monthly series) in one pass over the
 * derived rows instead of one computation per bucket; equal to computeFigures per bucket
 * (metrics/figures-of-scopes.test.ts).
 */
export async function figuresOfBuckets(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  buckets: readonly Window[],
): Promise<DoraFigures[]> {
  const parts = await figurePartsOfBuckets(db, config, scope, buckets);
  const rules = { minimumSample: config.metrics.minimumSample, deploySignalsOnly: deploySignalsOnly(scope) };
  return buckets.map((bucket, i) => assembleFigures(parts[i]!, bucket, rules));
}

/** The figure parts of figuresOfBuckets (consecutive buckets), for callers that choose between readers. */
export async function figurePartsOfBuckets(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  buckets: readonly Window[],
): Promise<FigureParts[]> {
  if (buckets.length === 0) return [];
  return groupedFigureParts(db, config, byBucket(scope, buckets, config));
}

/** The figure parts of figuresOfScopes, for callers that choose between readers. */
export async function figurePartsOfScopes(
  db: Db,
  config: PavedConfig,
  scopes: readonly ResolvedScope[],
  window: Window,
): Promise<FigureParts[]> {
  return groupedFigureParts(db, config, byScope(scopes, window, config));
}

/**
 * The queries of figurePartsFromDerivedRows, grouped: one pass each, whatever the number of groups.
 * `listed`: only what ListedFigures needs (no upper lead-time percentiles, stage medians or incidents).
 */
async function groupedFigureParts(
  db: Db,
  config: PavedConfig,
  g: Grouping,
  detail: 'all' | 'listed' = 'all',
): Promise<FigureParts[]> {
  const d = g.rows('d');
  const c = g.rows('c');
  const { recovery, restore } = SAMPLES;
  const stageMedian = (stage: StageMetric) =>
    sql<
      number | null
    >`percentile_cont(0.5) within group (order by ${SAMPLES[stage].value}) filter (where ${SAMPLES[stage].where})`;
  // The day (24 hours from the group's start) of each deployment.
  const deployDay = sql<number>`floor((${epochSeconds(sql.ref('d.deployed_at'))} - ${d.start}) / 86400)::int`;
  // Three passes: deployments (with the days they fall on), changes (lead time and its stages), incidents.
  const [deployments, changes, incidents] = await Promise.all([
    sql<{
      scope: number;
      deployments: number;
      failed: number;
      rework: number;
      recovered: number;
      recovery: number | null;
      days: number[];
    }>`
      select ${d.group} as scope, count(*)::int as deployments, count(*) filter (where ${failedDeployment})::int as failed,
        count(*) filter (where ${reworkDeployment})::int as rework,
        count(*) filter (where ${recovery.where})::int as recovered,
        percentile_cont(0.5) within group (order by ${recovery.value}) filter (where ${recovery.where}) as recovery,
        array_agg(distinct ${deployDay}) as days
      from derived_deployments d ${d.join}
      where ${d.where} group by 1`.execute(db),
    sql<{
      scope: number;
      changes: number;
      p: number[] | null;
      coding: number | null;
      pickup: number | null;
      review: number | null;
      deploy: number | null;
    }>`
      select ${c.group} as scope, count(*)::int as changes,
        ${
          detail === 'all'
            ? sql`percentile_cont(array[0.5, 0.75, 0.9]) within group (order by ${SAMPLES.lead.value}) as p,
        ${stageMedian('coding')} as coding, ${stageMedian('pickup')} as pickup,
        ${stageMedian('review')} as review, ${stageMedian('deploy')} as deploy`
            : sql`array[percentile_cont(0.5) within group (order by ${SAMPLES.lead.value})] as p`
        }
      from derived_changes c ${c.join}
      where ${c.where} and ${SAMPLES.lead.where} group by 1`.execute(db),
    detail === 'all'
      ? sql<{ scope: number; incidents: number; resolved: number; restore: number | null }>`
      select ${g.incidents.group} as scope, count(*)::int as incidents, count(*) filter (where ${restore.where})::int as resolved,
        percentile_cont(0.5) within group (order by ${restore.value}) filter (where ${restore.where}) as restore
      from incidents i ${g.incidents.join}
      where ${g.incidents.where} group by 1`.execute(db)
      : { rows: [] },
  ]);
  const indexed = <T extends { scope: number }>(rows: T[]) => new Map(rows.map((r) => [r.scope, r]));
  const dep = indexed(deployments.rows);
  const ch = indexed(changes.rows);
  const inc = indexed(incidents.rows);
  return Array.from({ length: g.count }, (_, i) => {
    const deployed = dep.get(i);
    const changed = ch.get(i);
    const incident = inc.get(i);
    return {
      deployments: {
        deployments: deployed?.deployments ?? 0,
        failed: deployed?.failed ?? 0,
        rework: deployed?.rework ?? 0,
        recovered: deployed?.recovered ?? 0,
        recovery: num(deployed?.recovery),
      },
      deploymentDays: (deployed?.days ?? []).map(deploymentDay),
      changes: { changes: changed?.changes ?? 0, p: changed?.p ? changed.p.map(num) : null },
      stages: {
        coding: num(changed?.coding),
        pickup: num(changed?.pickup),
        review: num(changed?.review),
        deploy: num(changed?.deploy),
      },
      incidents: {
        incidents: incident?.incidents ?? 0,
        resolved: incident?.resolved ?? 0,
        restore: num(incident?.restore),
      },
    };
  });
}
