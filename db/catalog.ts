import type { CatalogServiceConfig, PavedConfig } from '../lib/config-schema';
import type { Db } from './database';
import { replaceServiceLinks, upsertServices, upsertTeams, type ServiceInput } from './writes/catalog';
import { setSetting } from './writes/settings';

/**
 * A Backstage `catalog-info.yaml` Component as the GitHub collector stores it in a
 * repository's facts (`facts.catalogInfo`).
 */
export interface CatalogDescriptor {
  kind: string;
  name: string;
  owner?: string | null;
  lifecycle?: string | null;
  type?: string | null;
  description?: string | null;
  projectSlug?: string | null;
  pagerdutyServiceId?: string | null;
}

/** `group:default/payments`, `group:payments` and `payments` all name team `payments`. */
export function teamSlugFromOwner(owner: string | null | undefined): string | null {
  if (!owner) return null;
  const name =
    owner
      .trim()
      .replace(/^[a-z]+:/i, '')
      .split('/')
      .at(-1) ?? '';
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || null;
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'service'
  );
}

const OWNED_SOURCES = ['config', 'catalog-info', 'repository'] as const;

/** The setting that holds what the last catalog pass ignored, for the data-quality page. */
export const IGNORED_CLAIMS_SETTING = 'catalog.ignoredClaims';

/** A claim a catalog-info.yaml made that Paved did not follow, and why. */
export interface IgnoredCatalogClaim {
  /** The repository whose catalog-info.yaml made the claim. */
  repository: string;
  claim: string;
  reason: string;
}

type DiscoveredDescriptor = CatalogDescriptor & { repositoryId: number; repository: string; slug: string };

/**
 * Anyone who can push to a repository writes its catalog-info.yaml, so a descriptor may speak
 * only for its own repository: its `github.com/project-slug` never links another one, and it
 * cannot take over a service the config defines (unless the config lists this repository for
 * it) or one another repository's descriptor already defines. When two descriptors name one
 * service, the repository named like the service wins, then the first by name. The rest is
 * listed, not applied.
 */
function acceptedClaims(
  repositories: readonly CollectedRepository[],
  configured: ReadonlyMap<string, CatalogServiceConfig>,
): { accepted: DiscoveredDescriptor[]; ignored: IgnoredCatalogClaim[] } {
  const names = new Set(repositories.map((r) => r.full_name.toLowerCase()));
  const candidates: (DiscoveredDescriptor & { ownName: boolean })[] = [];
  for (const repo of repositories) {
    if (repo.archived) continue;
    const descriptor = (repo.facts as { catalogInfo?: CatalogDescriptor } | null)?.catalogInfo;
    if (descriptor?.kind !== 'Component' || !descriptor.name) continue;
    const slug = slugify(descriptor.name);
    candidates.push({
      ...descriptor,
      repositoryId: repo.id,
      repository: repo.full_name,
      slug,
      ownName: slugify(repo.name) === slug,
    });
  }
  candidates.sort((a, b) => Number(b.ownName) - Number(a.ownName) || a.repository.localeCompare(b.repository));
  const accepted = new Map<string, DiscoveredDescriptor>();
  const ignored: IgnoredCatalogClaim[] = [];
  for (const d of candidates) {
    const project = d.projectSlug?.toLowerCase();
    if (project && project !== d.repository.toLowerCase() && names.has(project))
      ignored.push({
        repository: d.repository,
        claim: `repository ${d.projectSlug}`,
        reason: 'a catalog-info.yaml may link only the repository it is in',
      });
    const inConfig = configured.get(d.slug);
    const earlier = accepted.get(d.slug);
    if (inConfig) {
      if (!inConfig.repositories.some((r) => r.toLowerCase() === d.repository.toLowerCase()))
        ignored.push({
          repository: d.repository,
          claim: `service ${d.slug}`,
          reason: 'the service is defined in the configuration (catalog.services), which does not list this repository',
        });
    } else if (earlier) {
      ignored.push({
        repository: d.repository,
        claim: `service ${d.slug}`,
        reason: `the service is defined by the catalog-info.yaml of ${earlier.repository}`,
      });
    } else accepted.set(d.slug, d);
  }
  return {
    accepted: [...accepted.values()],
    ignored: ignored.sort((a, b) => a.repository.localeCompare(b.repository)),
  };
}

type CatalogTeam = { slug: string; name: string; source: string };
type CatalogService = ServiceInput & { repositoryIds: Set<number>; pagerdutyServiceIds: Set<string> };
type CollectedRepository = { id: number; full_name: string; name: string; archived: boolean; facts: unknown };

/**
 * Derives teams, services and their links from the configured catalog, the collected
 * catalog-info descriptors and the collected repositories. Config wins over discovered
 * descriptors; a repository no service claims becomes a service of its own, with no team.
 * Demo rows (source `demo`) are left alone.
 */
export async function applyCatalog(db: Db, config: PavedConfig): Promise<{ teams: number; services: number }> {
  return db.transaction().execute(async (trx) => {
    const repositories = await trx
      .selectFrom('repositories')
      .leftJoin('repository_facts', 'repository_facts.repository_id', 'repositories.id')
      .select([
        'repositories.id',
        'repositories.full_name',
        'repositories.name',
        'repositories.archived',
        'repositories.source',
        'repository_facts.facts',
      ])
      .where('repositories.source', '!=', 'demo')
      .execute();
    const configured = new Map<string, CatalogServiceConfig>(config.catalog.services.map((s) => [s.slug, s]));
    const { accepted: discovered, ignored } = acceptedClaims(repositories, configured);
    await setSetting(trx, IGNORED_CLAIMS_SETTING, ignored);

    const teams = catalogTeams(config, discovered);
    await upsertTeams(trx, [...teams.values()]);
    const services = catalogServices(config, discovered, repositories);
    await writeServices(trx, services);
    await trx
      .deleteFrom('teams')
      .where('source', 'in', OWNED_SOURCES)
      .where('slug', 'not in', ['', ...teams.keys()])
      .execute();
    return { teams: teams.size, services: services.size };
  });
}

/** Teams named by descriptors' owners and by the config; the config's names win. */
function catalogTeams(config: PavedConfig, discovered: readonly DiscoveredDescriptor[]): Map<string, CatalogTeam> {
  const teams = new Map<string, CatalogTeam>();
  for (const d of discovered) {
    const slug = teamSlugFromOwner(d.owner);
    if (slug) teams.set(slug, { slug, name: slug, source: 'catalog-info' });
  }
  for (const s of config.catalog.services)
    if (s.team) teams.set(s.team, { slug: s.team, name: s.team, source: 'config' });
  for (const t of config.catalog.teams) teams.set(t.slug, { slug: t.slug, name: t.name ?? t.slug, source: 'config' });
  return teams;
}

/**
 * Services from descriptors, then from the config (which wins, and takes its repositories from
 * any descriptor), then one for each repository no service claims.
 */
function catalogServices(
  config: PavedConfig,
  discovered: readonly DiscoveredDescriptor[],
  repositories: readonly CollectedRepository[],
): Map<string, CatalogService> {
  const repoIdByName = new Map(repositories.map((r) => [r.full_name.toLowerCase(), r.id]));
  const services = new Map<string, CatalogService>();
  for (const d of discovered) {
    services.set(d.slug, {
      slug: d.slug,
      name: d.name,
      teamSlug: teamSlugFromOwner(d.owner),
      lifecycle: d.lifecycle ?? null,
      type: d.type ?? null,
      description: d.description ?? null,
      source: 'catalog-info',
      repositoryIds: new Set([d.repositoryId]),
      pagerdutyServiceIds: new Set(d.pagerdutyServiceId ? [d.pagerdutyServiceId] : []),
    });
  }
  for (const s of config.catalog.services) {
    services.set(s.slug, {
      slug: s.slug,
      name: s.name ?? s.slug,
      teamSlug: s.team ?? null,
      lifecycle: s.lifecycle ?? null,
      tier: s.tier ?? null,
      type: s.type ?? null,
      source: 'config',
      repositoryIds: new Set(
        s.repositories.map((r) => repoIdByName.get(r.toLowerCase())).filter((id): id is number => id !== undefined),
      ),
      pagerdutyServiceIds: new Set(s.pagerdutyServiceIds),
    });
  }
  // A repository claimed by a configured service is not also claimed by a descriptor.
  const claimedByConfig = new Set(
    [...services.values()].filter((s) => s.source === 'config').flatMap((s) => [...s.repositoryIds]),
  );
  for (const s of services.values()) {
    if (s.source !== 'config') for (const id of claimedByConfig) s.repositoryIds.delete(id);
  }
  const claimed = new Set([...services.values()].flatMap((s) => [...s.repositoryIds]));
  for (const repo of repositories) {
    if (repo.archived || claimed.has(repo.id)) continue;
    const slug = slugify(repo.name);
    if (services.has(slug)) continue;
    services.set(slug, {
      slug,
      name: repo.name,
      teamSlug: null,
      source: 'repository',
      repositoryIds: new Set([repo.id]),
      pagerdutyServiceIds: new Set(),
    });
  }
  return services;
}

/** Writes the services and their links; services and links of the owned sources not in `services` go. */
async function writeServices(trx: Db, services: ReadonlyMap<string, CatalogService>): Promise<void> {
  const ids = await upsertServices(trx, [...services.values()]);
  await trx
    .deleteFrom('services')
    .where('source', 'in', OWNED_SOURCES)
    .where('slug', 'not in', ['', ...services.keys()])
    .execute();
  // A service may move between sources (a descriptor later claimed in config): drop every owned link first.
  await trx.deleteFrom('service_repositories').where('source', 'in', OWNED_SOURCES).execute();
  await trx.deleteFrom('service_pagerduty_services').where('source', 'in', OWNED_SOURCES).execute();
  for (const source of OWNED_SOURCES) {
    await replaceServiceLinks(
      trx,
      source,
      [...services.values()]
        .filter((s) => s.source === source)
        .map((s) => ({
          serviceId: ids.get(s.slug)!,
          repositoryIds: [...s.repositoryIds],
          pagerdutyServiceIds: [...s.pagerdutyServiceIds],
        })),
    );
  }
}
