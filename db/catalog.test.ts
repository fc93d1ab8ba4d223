import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../lib/config';
import { getDataQuality } from '../metrics/data-quality';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { applyCatalog, teamSlugFromOwner } from './catalog';
import { upsertRepositories, upsertRepositoryFacts } from './writes/github';

describe('catalog', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await upsertRepositories(t.db, [
      { full_name: 'acme/payments', owner: 'acme', name: 'payments', source: 'github' },
      { full_name: 'acme/search', owner: 'acme', name: 'search', source: 'github' },
      { full_name: 'acme/tools', owner: 'acme', name: 'tools', source: 'github' },
      { full_name: 'acme/old', owner: 'acme', name: 'old', source: 'github', archived: true },
    ]);
    const facts = (catalogInfo: object) => ({ files: {}, catalogInfo });
    await upsertRepositoryFacts(t.db, [
      {
        repository_id: ids.get('acme/payments')!,
        collected_at: new Date(),
        version: 1,
        facts: facts({
          kind: 'Component',
          name: 'payments-api',
          owner: 'group:default/payments',
          lifecycle: 'production',
          pagerdutyServiceId: 'PPAY',
        }),
      },
      {
        repository_id: ids.get('acme/search')!,
        collected_at: new Date(),
        version: 1,
        facts: facts({ kind: 'Component', name: 'search', owner: 'search-team', type: 'service' }),
      },
      {
        repository_id: ids.get('acme/old')!,
        collected_at: new Date(),
        version: 1,
        facts: facts({ kind: 'Component', name: 'old-thing', owner: 'legacy' }),
      },
    ]);
  });
  afterAll(() => t.drop());

  async function services() {
    return t.db
      .selectFrom('services')
      .leftJoin('teams', 'teams.id', 'services.team_id')
      .select(['services.slug', 'services.source', 'teams.slug as team', 'services.lifecycle'])
      .select((eb) => [
        eb
          .selectFrom('service_repositories')
          .innerJoin('repositories', 'repositories.id', 'service_repositories.repository_id')
          .whereRef('service_repositories.service_id', '=', 'services.id')
          .select((e) => e.fn.agg<string[]>('array_agg', ['repositories.full_name']).as('r'))
          .as('repos'),
        eb
          .selectFrom('service_pagerduty_services')
          .whereRef('service_pagerduty_services.service_id', '=', 'services.id')
          .select((e) => e.fn.agg<string[]>('array_agg', ['pagerduty_service_id']).as('p'))
          .as('pd'),
      ])
      .orderBy('services.slug')
      .execute();
  }

  it.each([
    ['group:default/payments', 'payments'],
    ['group:payments', 'payments'],
    ['payments', 'payments'],
    ['user:default/Jane.Doe', 'jane.doe'],
    ['', null],
  ])('owner %j means team %j', (owner, team) => {
    expect(teamSlugFromOwner(owner)).toBe(team);
  });

  it('discovers services from descriptors and unclaimed repositories, skipping archived ones', async () => {
    await applyCatalog(t.db, parseConfigText('{}', 'test.yaml', {}).config);
    expect(await services()).toEqual([
      {
        slug: 'payments-api',
        source: 'catalog-info',
        team: 'payments',
        lifecycle: 'production',
        repos: ['acme/payments'],
        pd: ['PPAY'],
      },
      {
        slug: 'search',
        source: 'catalog-info',
        team: 'search-team',
        lifecycle: null,
        repos: ['acme/search'],
        pd: null,
      },
      { slug: 'tools', source: 'repository', team: null, lifecycle: null, repos: ['acme/tools'], pd: null },
    ]);
  });

  it('lets the config win over a discovered descriptor, and prunes what is no longer claimed', async () => {
    const config = parseConfigText(
      [
        'catalog:',
        '  teams: [{ slug: core, name: Core }]',
        '  services:',
        '    - slug: payments-api',
        '      name: Payments',
        '      team: core',
        '      tier: tier-1',
        '      repositories: [acme/payments, acme/tools]',
        '      pagerdutyServiceIds: [PCORE]',
      ].join('\n'),
      'test.yaml',
      {},
    ).config;
    await applyCatalog(t.db, config);
    expect(await services()).toEqual([
      {
        slug: 'payments-api',
        source: 'config',
        team: 'core',
        lifecycle: null,
        repos: expect.arrayContaining(['acme/payments', 'acme/tools']),
        pd: ['PCORE'],
      },
      {
        slug: 'search',
        source: 'catalog-info',
        team: 'search-team',
        lifecycle: null,
        repos: ['acme/search'],
        pd: null,
      },
    ]);
    // Applying again changes nothing.
    const before = await services();
    await applyCatalog(t.db, config);
    expect(await services()).toEqual(before);
    const teams = await t.db.selectFrom('teams').select('slug').orderBy('slug').execute();
    expect(teams.map((r) => r.slug)).toEqual(['core', 'search-team']);
  });
});

describe('catalog claims: a catalog-info.yaml speaks only for its own repository', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const repos = ['acme/api', 'acme/billing', 'acme/aaa-fork', 'acme/intruder', 'acme/payments'];
    const ids = await upsertRepositories(
      t.db,
      repos.map((full_name) => ({ full_name, owner: 'acme', name: full_name.slice(5), source: 'github' })),
    );
    const descriptor = (repo: string, catalogInfo: object) => ({
      repository_id: ids.get(repo)!,
      collected_at: new Date(),
      version: 1,
      facts: { files: {}, catalogInfo: { kind: 'Component', ...catalogInfo } },
    });
    await upsertRepositoryFacts(t.db, [
      // Links another collected repository: the link is ignored, its own repository is linked.
      descriptor('acme/api', {
        name: 'api',
        owner: 'api-team',
        projectSlug: 'acme/billing',
        pagerdutyServiceId: 'PSHARED',
      }),
      descriptor('acme/billing', { name: 'billing', owner: 'billing-team', pagerdutyServiceId: 'PSHARED' }),
      // Names the service acme/api defines (and sorts first by name): ignored, becomes a service of its own.
      descriptor('acme/aaa-fork', { name: 'api', owner: 'intruders' }),
      // Names a configured service that does not list it: ignored.
      descriptor('acme/intruder', { name: 'payments', owner: 'intruders' }),
      // Names the configured service that lists it: consistent, nothing to report.
      descriptor('acme/payments', { name: 'payments', owner: 'payments' }),
    ]);
    const config = parseConfigText(
      'catalog:\n  services:\n    - { slug: payments, team: payments, repositories: [acme/payments] }\n',
      'test.yaml',
      {},
    ).config;
    await applyCatalog(t.db, config);
  });
  afterAll(() => t.drop());

  it('links each descriptor to its own repository only and lists every claim it ignored', async () => {
    const links = await t.db
      .selectFrom('services')
      .innerJoin('service_repositories', 'service_repositories.service_id', 'services.id')
      .innerJoin('repositories', 'repositories.id', 'service_repositories.repository_id')
      .leftJoin('teams', 'teams.id', 'services.team_id')
      .select(['services.slug', 'repositories.full_name', 'teams.slug as team'])
      .orderBy('services.slug')
      .execute();
    expect(links).toEqual([
      { slug: 'aaa-fork', full_name: 'acme/aaa-fork', team: null },
      { slug: 'api', full_name: 'acme/api', team: 'api-team' },
      { slug: 'billing', full_name: 'acme/billing', team: 'billing-team' },
      { slug: 'intruder', full_name: 'acme/intruder', team: null },
      { slug: 'payments', full_name: 'acme/payments', team: 'payments' },
    ]);
    const teams = await t.db.selectFrom('teams').select('slug').orderBy('slug').execute();
    expect(teams.map((r) => r.slug)).not.toContain('intruders');

    const quality = await getDataQuality(t.db);
    expect(quality.ignoredCatalogClaims).toEqual([
      {
        repository: 'acme/aaa-fork',
        claim: 'service api',
        reason: 'the service is defined by the catalog-info.yaml of acme/api',
      },
      {
        repository: 'acme/api',
        claim: 'repository acme/billing',
        reason: 'a catalog-info.yaml may link only the repository it is in',
      },
      {
        repository: 'acme/intruder',
        claim: 'service payments',
        reason: 'the service is defined in the configuration (catalog.services), which does not list this repository',
      },
    ]);
    expect(quality.pagerdutyServicesLinkedTwice).toEqual([
      { pagerdutyService: 'PSHARED', name: null, services: ['api', 'billing'] },
    ]);
  });
});
