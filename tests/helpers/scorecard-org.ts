import type { Db } from '../../db/database';
import { replaceServiceLinks, upsertServices, upsertTeams } from '../../db/writes/catalog';
import { upsertDeployments, upsertRepositories, upsertRepositoryFacts } from '../../db/writes/github';
import { upsertPagerdutyServices } from '../../db/writes/pagerduty';
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

/**
 * Production deployments for the DORA stand-in: each with a lead time (created_at →
 * deployed_at); a `failed` one gets a FAILURE status a minute after its SUCCESS, and the
 * stand-in measures its recovery to the repository's next successful deployment.
 */
export async function seedDeployments(
  db: Db,
  repositoryId: number,
  deployments: readonly { deployedAt: Date; leadSeconds: number; failed?: boolean }[],
): Promise<void> {
  await upsertDeployments(
    db,
    deployments.map((d, i) => {
      const deployedAt = d.deployedAt.toISOString();
      const statuses = [
        { state: 'SUCCESS', createdAt: deployedAt },
        ...(d.failed ? [{ state: 'FAILURE', createdAt: new Date(d.deployedAt.getTime() + 60_000).toISOString() }] : []),
      ];
      return {
        repository_id: repositoryId,
        source: 'test',
        external_id: `${repositoryId}-${i}-${deployedAt}`,
        environment: 'production',
        commit_oid: `c${i}`,
        created_at: new Date(d.deployedAt.getTime() - d.leadSeconds * 1000).toISOString(),
        updated_at: statuses.at(-1)!.createdAt,
        statuses,
      };
    }),
  );
}
