import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { NewIncident } from '../../db/schema';
import { recordHistoryFrom } from '../../db/writes/collected-history';
import { replaceServiceLinks, upsertServices, upsertTeams } from '../../db/writes/catalog';
import {
  upsertCommits,
  upsertDeployments,
  upsertPipelineRuns,
  upsertPullRequestCommits,
  upsertPullRequests,
  upsertRepositories,
  recordRepositoryFactHistory,
  upsertRepositoryFacts,
} from '../../db/writes/github';
import { upsertIncidents, upsertPagerdutyServices } from '../../db/writes/pagerduty';
import { getSetting, setSetting } from '../../db/writes/settings';
import { DAY_MS, now, startOfUtcDay } from '../../lib/clock';
import { logger } from '../../lib/logger';
import { demoFactsAsOf, weeklyInstants } from './fact-timeline';
import { generateServiceHistory } from './generate-history';
import { DEMO_OWNER, DEMO_TEAMS, type TeamProfile } from './organisation';
import { createRandom, oid } from './random';
import { generateRepositoryFacts } from './repository-facts';

export const DEMO_SETTING = 'demo';
export const DEMO_SEED = 20261128;
const HISTORY_DAYS = 183;
const DEMO_LOCK_KEY = 0x5a7ed_0002;

export interface DemoInfo {
  loadedAt: string;
  /** The instant the demo history ends at: the clock's "now" when it was generated. */
  anchor: string;
  seed: number;
  counts: Record<string, number>;
}

/**
 * The tables a demo load replaces. Sync bookkeeping and settings are kept. The scorecard
 * history goes too: it was evaluated from the rows being removed.
 */
const COLLECTED_TABLES = [
  'teams',
  'services',
  'repositories',
  'pagerduty_services',
  'incidents',
  'sync_state',
  'scorecard_snapshots',
  'scorecard_service_sets',
] as const;

/** The span the demo's history covers: from midnight UTC six months before its anchor to the anchor. */
export function demoHistorySpan(anchor: Date): { start: number; end: number } {
  return { start: startOfUtcDay(new Date(anchor.getTime() - HISTORY_DAYS * DAY_MS)).getTime(), end: anchor.getTime() };
}

export async function clearCollectedData(db: Db): Promise<void> {
  await sql`truncate ${sql.join(COLLECTED_TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
  await db.deleteFrom('settings').where('key', '=', DEMO_SETTING).execute();
}

/**
 * Replaces the database's collected data with the deterministic demo organisation: 5 teams,
 * 23 services, six months of history ending at the clock's now. It is written through the
 * same upserts the collectors use, so every derivation sees it exactly as real data.
 */
export async function loadDemoOrganisation(
  db: Db,
  options: { at?: Date; onlyIfStale?: boolean } = {},
): Promise<DemoInfo> {
  const end = options.at ?? now();
  const counts: Record<string, number> = {
    teams: 0,
    services: 0,
    commits: 0,
    pullRequests: 0,
    deployments: 0,
    pipelineRuns: 0,
    incidents: 0,
  };

  let info: DemoInfo = { loadedAt: new Date().toISOString(), anchor: end.toISOString(), seed: DEMO_SEED, counts };
  await db.transaction().execute(async (trx) => {
    // Several app instances may start at once: one loads, the others find it fresh and stop.
    await sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`.execute(trx);
    const current = await getSetting<DemoInfo>(trx, DEMO_SETTING);
    if (
      options.onlyIfStale &&
      current &&
      startOfUtcDay(new Date(current.anchor)).getTime() === startOfUtcDay(end).getTime()
    ) {
      info = current;
      return;
    }
    await clearCollectedData(trx);
    const catalog = await writeDemoCatalog(trx);
    counts.teams = DEMO_TEAMS.length;
    counts.services = catalog.services.length;
    await writeDemoHistories(trx, catalog, end, counts);
    await upsertIncidents(trx, unclaimedIncidents(demoHistorySpan(end).start));
    const historyStart = new Date(demoHistorySpan(end).start);
    await recordHistoryFrom(trx, 'repositories', 'all', historyStart, { full: true });
    await recordHistoryFrom(trx, 'pagerduty_services', 'all', historyStart, { full: true });
    await setSetting(trx, DEMO_SETTING, info);
    logger.child('demo').info('demo organisation loaded', counts);
  });
  return info;
}

type DemoService = { team: TeamProfile; service: TeamProfile['services'][number] };

interface DemoCatalog {
  services: DemoService[];
  repositoryIds: Map<string, number>;
  pagerdutyIds: Map<string, string>;
}

/** Teams, services, their repositories and PagerDuty services, and the links between them. */
async function writeDemoCatalog(trx: Db): Promise<DemoCatalog> {
  await upsertTeams(
    trx,
    DEMO_TEAMS.map((t) => ({ slug: t.slug, name: t.name, source: 'demo' })),
  );
  const services = DEMO_TEAMS.flatMap((team) => team.services.map((service) => ({ team, service })));
  const serviceIds = await upsertServices(
    trx,
    services.map(({ team, service }) => ({
      slug: service.slug,
      name: service.name,
      teamSlug: team.slug,
      lifecycle: service.lifecycle,
      tier: service.tier,
      type: service.type,
      description: `${service.name}, run by ${team.name}.`,
      source: 'demo',
    })),
  );
  const repositoryIds = await upsertRepositories(
    trx,
    services.map(({ service }) => ({
      full_name: `${DEMO_OWNER}/${service.slug}`,
      owner: DEMO_OWNER,
      name: service.slug,
      node_id: `R_${oid(service.slug).slice(0, 12)}`,
      url: `https://github.com/${DEMO_OWNER}/${service.slug}`,
      default_branch: 'main',
      visibility: 'private',
      source: 'demo',
    })),
  );
  const pagerdutyIds = new Map(
    services.map(({ service }) => [service.slug, `P${oid('pd', service.slug).slice(0, 6).toUpperCase()}`]),
  );
  await upsertPagerdutyServices(trx, [
    ...services.map(({ team, service }) => ({
      id: pagerdutyIds.get(service.slug)!,
      name: service.name,
      status: 'active',
      escalation_policy_id: `EP${team.slug.length}`,
      escalation_policy_name: `${team.name} on-call`,
      teams: [{ id: `T${team.slug.slice(0, 4).toUpperCase()}`, name: team.name }],
      html_url: `https://acme.pagerduty.com/service-directory/${pagerdutyIds.get(service.slug)}`,
      source: 'demo',
    })),
    {
      id: 'PUNCLMD',
      name: 'Office network',
      status: 'active',
      escalation_policy_id: 'EPIT',
      escalation_policy_name: 'IT on-call',
      teams: [],
      html_url: null,
      source: 'demo',
    },
  ]);
  await replaceServiceLinks(
    trx,
    'demo',
    services
      // Two services have no on-call yet: the scorecards should notice.
      .map(({ service }) => ({
        serviceId: serviceIds.get(service.slug)!,
        repositoryIds: [repositoryIds.get(`${DEMO_OWNER}/${service.slug}`)!],
        pagerdutyServiceIds: ['audit-log', 'dunning-jobs'].includes(service.slug)
          ? []
          : [pagerdutyIds.get(service.slug)!],
      })),
  );
  return { services, repositoryIds, pagerdutyIds };
}

/** Each service's delivery history and repository facts (today's, and one per past week). */
async function writeDemoHistories(
  trx: Db,
  catalog: DemoCatalog,
  end: Date,
  counts: Record<string, number>,
): Promise<void> {
  const span = demoHistorySpan(end);
  const ids = { deployment: 1000, run: 5_000_000, incident: 0 };
  for (const [index, { team, service }] of catalog.services.entries()) {
    const rng = createRandom(DEMO_SEED + index * 7919);
    const repo = `${DEMO_OWNER}/${service.slug}`;
    const repositoryId = catalog.repositoryIds.get(repo)!;
    const history = generateServiceHistory({
      rng,
      team,
      repo,
      pagerdutyServiceId: catalog.pagerdutyIds.get(service.slug)!,
      start: span.start,
      end: end.getTime(),
      ids,
    });
    const withRepo = <T extends object>(rows: T[]) => rows.map((row) => ({ ...row, repository_id: repositoryId }));
    counts.commits! += await upsertCommits(trx, withRepo(history.commits));
    counts.pullRequests! += await upsertPullRequests(trx, withRepo(history.pullRequests));
    await upsertPullRequestCommits(trx, withRepo(history.pullRequestCommits));
    counts.deployments! += await upsertDeployments(trx, withRepo(history.deployments));
    counts.pipelineRuns! += await upsertPipelineRuns(trx, withRepo(history.pipelineRuns));
    counts.incidents! += await upsertIncidents(trx, history.incidents);
    const facts = generateRepositoryFacts(rng, repo, service, team.slug, team.goldenPath, end);
    await upsertRepositoryFacts(trx, [{ repository_id: repositoryId, collected_at: end, version: 1, facts }]);
    // Generated in one go, the demo also records what its repositories had in past weeks, so the scorecards can evaluate those weeks.
    await recordRepositoryFactHistory(
      trx,
      weeklyInstants(span).map((at) => ({
        repository_id: repositoryId,
        collected_at: at,
        version: 1,
        facts: demoFactsAsOf(repo, facts, at, span),
      })),
    );
  }
}

/** Incidents of a PagerDuty service no service claims: listed in data quality, never counted. */
function unclaimedIncidents(start: number): NewIncident[] {
  const noise = createRandom(DEMO_SEED - 1);
  return Array.from({ length: 6 }, (_, i) => {
    const created = start + noise.int(1, HISTORY_DAYS - 1) * DAY_MS;
    return {
      source: 'pagerduty',
      external_id: `QUNCLAIMED${i}`,
      number: 90_000 + i,
      pagerduty_service_id: 'PUNCLMD',
      title: 'Office Wi-Fi down',
      urgency: 'low',
      priority: null,
      status: 'resolved',
      created_at: new Date(created),
      acknowledged_at: new Date(created + 600_000),
      resolved_at: new Date(created + 3_600_000),
      last_status_change_at: new Date(created + 3_600_000),
      html_url: null,
      updated_at: new Date(created + 3_600_000),
    };
  });
}
