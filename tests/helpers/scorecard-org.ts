import type { Db } from '../../db/database';
import { DAY_MS } from '../../lib/clock';
import { replaceServiceLinks, upsertServices, upsertTeams } from '../../db/writes/catalog';
import { upsertCommits, upsertDeployments, upsertRepositories, upsertRepositoryFacts } from '../../db/writes/github';
import { upsertIncidents, upsertPagerdutyServices } from '../../db/writes/pagerduty';
import type { RepositoryFacts } from '../../scorecards/service-subjects';

export interface SeedService {
  slug: string;
  team: string | null;
  lifecycle?: string;
  tier?: string;
  type?: string;
  /** null: the repository exists but its facts were never collected. */
  facts: RepositoryFacts | null;
  collectedAt?: Date;
  pagerduty?: string[];
}

/** Teams, services, one repository each (acme/<slug>), facts and PagerDuty links. Returns slug → ids. */
export async function seedServices(
  db: Db,
  services: readonly SeedService[],
): Promise<Map<string, { serviceId: number; repositoryId: number }>> {
  const teams = [...new Set(services.map((s) => s.team).filter((t): t is string => t !== null))];
  await upsertTeams(
    db,
    teams.map((slug) => ({ slug, name: slug, source: 'test' })),
  );
  const serviceIds = await upsertServices(
    db,
    services.map((s) => ({
      slug: s.slug,
      name: s.slug,
      teamSlug: s.team,
      lifecycle: s.lifecycle ?? 'production',
      tier: s.tier ?? 'tier-2',
      type: s.type ?? 'service',
      source: 'test',
    })),
  );
  const repoIds = await upsertRepositories(
    db,
    services.map((s) => ({ full_name: `acme/${s.slug}`, owner: 'acme', name: s.slug, source: 'test' })),
  );
  const pd = services.flatMap((s) => s.pagerduty ?? []);
  if (pd.length)
    await upsertPagerdutyServices(
      db,
      pd.map((id) => ({
        id,
        name: id,
        status: 'active',
        escalation_policy_id: null,
        escalation_policy_name: null,
        teams: [],
        html_url: null,
        source: 'test',
      })),
    );
  await replaceServiceLinks(
    db,
    'test',
    services.map((s) => ({
      serviceId: serviceIds.get(s.slug)!,
      repositoryIds: [repoIds.get(`acme/${s.slug}`)!],
      pagerdutyServiceIds: s.pagerduty ?? [],
    })),
  );
  const withFacts = services.filter((s) => s.facts !== null);
  await upsertRepositoryFacts(
    db,
    withFacts.map((s) => ({
      repository_id: repoIds.get(`acme/${s.slug}`)!,
      collected_at: s.collectedAt ?? new Date(),
      version: 1,
      facts: s.facts as Record<string, unknown>,
    })),
  );
  return new Map(
    services.map((s) => [s.slug, { serviceId: serviceIds.get(s.slug)!, repositoryId: repoIds.get(`acme/${s.slug}`)! }]),
  );
}

/** Marks every repository's facts as collected at `at` (a fresh sync). */
export async function refreshFacts(db: Db, at: Date): Promise<void> {
  await db.updateTable('repository_facts').set({ collected_at: at }).execute();
}

const BASELINE_LEAD_MS = 90 * DAY_MS;

/**
 * A repository's delivery history for the real DORA engine (run deriveDelivery after
 * seeding). Each deployment ships one direct-push commit authored `leadSeconds` before its
 * deploy time, so each is one change with exactly that lead time; a baseline deployment 90
 * days before the first carries the history that predates the window (it has no change and
 * falls outside the tests' windows). A deployment with `incidentResolvedAt` failed: an
 * incident of the service opens a minute after it and is resolved then, its recovery.
 */
export async function seedDeliveries(
  db: Db,
  repo: { repositoryId: number; pagerdutyServiceId?: string },
  deployments: readonly { deployedAt: Date; leadSeconds: number; incidentResolvedAt?: Date }[],
): Promise<void> {
  const sorted = [...deployments].sort((a, b) => a.deployedAt.getTime() - b.deployedAt.getTime());
  if (sorted.length === 0) return;
  const baselineAt = new Date(sorted[0]!.deployedAt.getTime() - BASELINE_LEAD_MS);
  const shipped = [{ deployedAt: baselineAt, leadSeconds: 3600 }, ...sorted];
  const oid = (i: number) => `r${repo.repositoryId}c${i}`;
  await upsertCommits(
    db,
    shipped.map((d, i) => {
      const authored = new Date(d.deployedAt.getTime() - d.leadSeconds * 1000);
      return {
        repository_id: repo.repositoryId,
        oid: oid(i),
        parent_oids: i === 0 ? [] : [oid(i - 1)],
        authored_at: authored,
        committed_at: authored,
        author_login: 'dev',
        author_email: null,
        message_headline: `change ${i}`,
        message: null,
        associated_pull_request_numbers: [],
      };
    }),
  );
  await upsertDeployments(
    db,
    shipped.map((d, i) => ({
      repository_id: repo.repositoryId,
      source: 'test',
      external_id: `${repo.repositoryId}-${i}`,
      environment: 'production',
      commit_oid: oid(i),
      created_at: d.deployedAt.toISOString(),
      updated_at: d.deployedAt.toISOString(),
      statuses: [{ state: 'SUCCESS', createdAt: d.deployedAt.toISOString() }],
    })),
  );
  const failed = sorted.filter((d) => d.incidentResolvedAt);
  if (failed.length === 0) return;
  if (!repo.pagerdutyServiceId) throw new Error("a failed deployment needs the service's PagerDuty service");
  await upsertIncidents(
    db,
    failed.map((d, i) => ({
      source: 'pagerduty',
      external_id: `${repo.repositoryId}-incident-${i}`,
      number: null,
      pagerduty_service_id: repo.pagerdutyServiceId!,
      title: 'the deployment broke something',
      urgency: 'high',
      priority: null,
      status: 'resolved',
      created_at: new Date(d.deployedAt.getTime() + 60_000),
      acknowledged_at: null,
      resolved_at: d.incidentResolvedAt!,
      last_status_change_at: null,
      html_url: null,
    })),
  );
}
