import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { applyCatalog } from '../db/catalog';
import { parseConfigText } from '../lib/config';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { getCoverageStart, getCoverageStarts } from './coverage';
import { deriveDelivery } from './derive/run-derivation';
import { getDoraReport, getTeamReports } from './dora-report';
import { resolveScopesBy } from './figures-of-scopes';
import { countIncidentOverrides, countIncidentOverridesOf } from './incident-overrides';
import { ORGANISATION, resolveScope } from './scope';

/**
 * Every team's report read at once equals each team's report read alone (GET /api/v1/dora?team=),
 * on the demo organisation with overrides, collected-history starts and team targets, so every
 * part of a report has something to differ in.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
let t: TestDatabase;
let config: ReturnType<typeof parseConfigText>['config'];

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoOrganisation(t.db, { at: NOW });
  config = parseConfigText('{}', 'test.yaml', {}).config;
  await applyCatalog(t.db, config);
  await deriveDelivery(t.db, config);
  const teams = [...(await resolveScopesBy(t.db, 'team')).keys()];
  config = parseConfigText(
    JSON.stringify({
      targets: teams.slice(0, 3).flatMap((team) => [
        { team, metric: 'changeFailureRate.rate', op: '<=', value: 0.15 },
        { team, metric: 'deploymentFrequency.perWeek', op: '>=', value: 3, due: '2026-12-31' },
      ]),
    }),
    'test.yaml',
    {},
  ).config;
  // Some teams' history starts inside the windows, another's PagerDuty history later still.
  await sql`update repositories set history_from = timestamptz '2026-02-10T00:00:00Z' + id * interval '1 day' where id % 3 = 0`.execute(
    t.db,
  );
  await sql`update pagerduty_services set history_from = '2026-04-01T00:00:00Z' where id in (select id from pagerduty_services order by id limit 1)`.execute(
    t.db,
  );
  await sql`insert into incident_overrides (source, external_id, action, reason, created_by, created_at)
    select source, external_id, 'not_caused_by_change', 'test', 'test', now() from incidents
    where created_at >= '2026-03-03' order by external_id limit 7`.execute(t.db);
}, 120_000);
afterAll(async () => {
  await t.drop();
});

describe("every team's report at once", () => {
  for (const [label, window, compare] of [
    [
      'the last 90 days, against the 90 before',
      { from: new Date('2026-03-03T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') },
      'previous-period',
    ],
    [
      'a quarter so far, against the same days of the last',
      { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-05-20T16:45:30Z') },
      'previous-quarter',
    ],
  ] as const)
    it(`equals each team's report read alone: ${label}`, async () => {
      const together = await getTeamReports(t.db, config, window, compare);
      const slugs = Object.keys(together);
      expect(slugs.length).toBeGreaterThan(3);
      for (const slug of slugs)
        expect(together[slug]).toEqual(await getDoraReport(t.db, config, { team: slug }, window, compare));
      const reports = Object.values(together);
      expect(reports.some((r) => r.incidentOverrides > 0)).toBe(true);
      expect(reports.some((r) => r.targets.length > 0)).toBe(true);
      expect(new Set(reports.map((r) => r.coverage.historyFrom)).size).toBeGreaterThan(1);
    });

  it('reads coverage and overrides of the organisation, a team and a service as one at a time does', async () => {
    const [team] = (await resolveScopesBy(t.db, 'team')).keys();
    const scopes = [
      ORGANISATION,
      (await resolveScope(t.db, { type: 'team', slug: team! }))!,
      (await resolveScope(t.db, { type: 'organisation' }))!,
      { serviceIds: [], repositoryIds: [] },
      ...(await resolveScopesBy(t.db, 'service')).values(),
    ];
    const window = { from: new Date('2026-01-01T00:00:00Z'), to: NOW };
    const starts = await getCoverageStarts(t.db, scopes);
    const overrides = await countIncidentOverridesOf(t.db, scopes, window);
    // Written out for the organisation: the latest start of any claimed repository or PagerDuty service, and every override.
    const latest = await sql<{ at: Date }>`select greatest(
        (select max(history_from) from repositories where id in (select repository_id from service_repositories)),
        (select max(history_from) from pagerduty_services where id in (select pagerduty_service_id from service_pagerduty_services))) as at`.execute(
      t.db,
    );
    expect(starts[0]).toEqual(new Date(latest.rows[0]!.at));
    expect(overrides[0]).toBe(7);
    expect(starts[3]).toBeNull();
    expect(overrides[3]).toBe(0);
    for (const [i, scope] of scopes.entries()) {
      expect(starts[i]).toEqual(await getCoverageStart(t.db, scope));
      expect(overrides[i]).toBe(await countIncidentOverrides(t.db, scope, window));
    }
  });
});
