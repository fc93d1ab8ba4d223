import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import type { FigureParts, Window } from './dora-figures';
import {
  countedIncidentInScope,
  failedDeployment,
  leadTimeSample,
  reworkDeployment,
  SAMPLES,
  type StageMetric,
} from './dora-samples';
import { repositoryInScope, type ResolvedScope } from './scope';
import { epochSeconds } from './epoch-seconds';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The figure parts of any scope, aggregated straight from the derived rows. */
export async function figurePartsFromDerivedRows(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  { from, to }: Window,
): Promise<FigureParts> {
  const deployed = (alias: 'c' | 'd') =>
    sql`${repositoryInScope(alias, scope)} and ${sql.ref(`${alias}.deployed_at`)} >= ${from} and ${sql.ref(`${alias}.deployed_at`)} < ${to}`;
  const fromEpoch = from.getTime() / 1000;
  const deployedAt = epochSeconds(sql.ref('d.deployed_at'));
  const { recovery, restore } = SAMPLES;
  const stageMedian = (stage: StageMetric) =>
    sql<
      number | null
    >`percentile_cont(0.5) within group (order by ${SAMPLES[stage].value}) filter (where ${SAMPLES[stage].where})`;
  const [deployments, days, changes, stages, incidents] = await Promise.all([
    sql<{ deployments: number; failed: number; rework: number; recovered: number; recovery: number | null }>`
      select count(*)::int as deployments, count(*) filter (where ${failedDeployment})::int as failed,
        count(*) filter (where ${reworkDeployment})::int as rework,
        count(*) filter (where ${recovery.where})::int as recovered,
        percentile_cont(0.5) within group (order by ${recovery.value}) filter (where ${recovery.where}) as recovery
      from derived_deployments d where ${deployed('d')}`.execute(db),
    // Integer arithmetic on epoch seconds: the day (24 hours counted from the window's start) and the 7- and 30-day bucket indexes.
    sql<{ b7: number; b30: number; day: number }>`
      select b7, b30, day from (
        select floor((${deployedAt} - ${fromEpoch}) / ${7 * 86400})::int as b7,
          floor((${deployedAt} - ${fromEpoch}) / ${30 * 86400})::int as b30,
          floor((${deployedAt} - ${fromEpoch}) / 86400)::int as day
        from derived_deployments d where ${deployed('d')}) x
      group by b7, b30, day`.execute(db),
    // One sort serves the three lead-time percentiles; the stage medians run beside it.
    sql<{ changes: number; p: number[] | null }>`
      select count(*)::int as changes, percentile_cont(array[0.5, 0.75, 0.9]) within group (order by ${SAMPLES.lead.value}) as p
      from derived_changes c where ${deployed('c')} and ${SAMPLES.lead.where}`.execute(db),
    sql<{ coding: number | null; pickup: number | null; review: number | null; deploy: number | null }>`
      select ${stageMedian('coding')} as coding, ${stageMedian('pickup')} as pickup, ${stageMedian('review')} as review,
        ${stageMedian('deploy')} as deploy
      from derived_changes c where ${deployed('c')} and ${leadTimeSample} and c.kind = 'pull_request'`.execute(db),
    sql<{ incidents: number; resolved: number; restore: number | null }>`
      select count(*)::int as incidents, count(*) filter (where ${restore.where})::int as resolved,
        percentile_cont(0.5) within group (order by ${restore.value}) filter (where ${restore.where}) as restore
      from incidents i
      where i.created_at >= ${from} and i.created_at < ${to} and ${countedIncidentInScope(config, scope)}`.execute(db),
  ]);
  const d = deployments.rows[0]!;
  const c = changes.rows[0]!;
  const st = stages.rows[0]!;
  const inc = incidents.rows[0]!;
  return {
    deployments: {
      deployments: d.deployments,
      failed: d.failed,
      rework: d.rework,
      recovered: d.recovered,
      recovery: num(d.recovery),
    },
    deploymentDays: days.rows,
    changes: { changes: c.changes, p: c.p ? c.p.map(num) : null },
    stages: { coding: num(st.coding), pickup: num(st.pickup), review: num(st.review), deploy: num(st.deploy) },
    incidents: { incidents: inc.incidents, resolved: inc.resolved, restore: num(inc.restore) },
  };
}
