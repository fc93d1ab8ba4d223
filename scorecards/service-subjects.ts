import type { Db } from '../db/database';

/** Repository facts as the GitHub collector (and the demo) store them; any part may be missing. */
export interface RepositoryFacts {
  /** `content` is null for a binary file or one over the collector's size cap (`omitted` says which). */
  files?: Record<string, { content: string | null; omitted?: string }>;
  /** Paths and globs the collector looked up; a path outside it is unknown, not absent. Demo facts omit it. */
  lookedUp?: string[];
  workflows?: { path: string; content: string | null; omitted?: string }[];
  branchProtection?: {
    pattern: string;
    requiredApprovingReviewCount: number | null;
    requiresStatusChecks: boolean | null;
    requiredStatusCheckContexts: string[] | null;
    allowsForcePushes: boolean | null;
    requiresCodeOwnerReviews: boolean | null;
  } | null;
  repository?: {
    defaultBranch: string | null;
    archived: boolean | null;
    visibility: string | null;
    deleteBranchOnMerge: boolean | null;
    vulnerabilityAlertsEnabled: boolean | null;
    licenseSpdxId: string | null;
  };
  catalogInfo?: unknown;
}

/** A service with everything the rules read about it. */
export interface ServiceSubject {
  id: number;
  slug: string;
  name: string;
  team: string | null;
  lifecycle: string | null;
  tier: string | null;
  type: string | null;
  repositories: { id: number; fullName: string; collectedAt: Date | null; facts: RepositoryFacts | null }[];
  pagerduty: { id: string; status: string | null; collected: boolean }[];
}

/**
 * Every service with its team, repositories (and their latest facts) and PagerDuty links.
 * @example const subjects = await loadServiceSubjects(db);
 */
export async function loadServiceSubjects(db: Db): Promise<ServiceSubject[]> {
  const [services, repos, pagerduty] = await Promise.all([
    db
      .selectFrom('services')
      .leftJoin('teams', 'teams.id', 'services.team_id')
      .select([
        'services.id',
        'services.slug',
        'services.name',
        'services.lifecycle',
        'services.tier',
        'services.type',
        'teams.slug as team',
      ])
      .orderBy('services.slug')
      .execute(),
    db
      .selectFrom('service_repositories')
      .innerJoin('repositories', 'repositories.id', 'service_repositories.repository_id')
      .leftJoin('repository_facts', 'repository_facts.repository_id', 'repositories.id')
      // A repository GitHub no longer shows has no settings to judge (archived ones still do).
      .where('repositories.removed_at', 'is', null)
      .select([
        'service_repositories.service_id',
        'repositories.id',
        'repositories.full_name',
        'repository_facts.collected_at',
        'repository_facts.facts',
      ])
      .orderBy('repositories.full_name')
      .execute(),
    db
      .selectFrom('service_pagerduty_services')
      .leftJoin('pagerduty_services', 'pagerduty_services.id', 'service_pagerduty_services.pagerduty_service_id')
      .select([
        'service_pagerduty_services.service_id',
        'service_pagerduty_services.pagerduty_service_id',
        'pagerduty_services.status',
        'pagerduty_services.id as collected_id',
      ])
      .execute(),
  ]);
  return services.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    team: s.team ?? null,
    lifecycle: s.lifecycle,
    tier: s.tier,
    type: s.type,
    repositories: repos
      .filter((r) => r.service_id === s.id)
      .map((r) => ({
        id: r.id,
        fullName: r.full_name,
        collectedAt: r.collected_at ?? null,
        facts: (r.facts as RepositoryFacts | null) ?? null,
      })),
    pagerduty: pagerduty
      .filter((p) => p.service_id === s.id)
      .map((p) => ({ id: p.pagerduty_service_id, status: p.status ?? null, collected: p.collected_id !== null })),
  }));
}
