import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../lib/config';
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
