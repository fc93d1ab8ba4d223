import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeProcessDatabase } from '../db/database';
import { loadConfig } from '../lib/config';
import { goldenFacts, legacyFacts } from '../tests/helpers/scorecard-facts';
import { seedServices } from '../tests/helpers/scorecard-org';
import { getDoraFigures } from '../metrics/dora';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { evaluateScorecards } from './evaluate-scorecards';

/** The route handlers end to end in-process: the process database is this file's test database. */
describe('scorecard API routes', () => {
  let t: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'paved-routes-'));
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    PAVED_CONFIG: process.env.PAVED_CONFIG,
    PAVED_NOW: process.env.PAVED_NOW,
  };
  beforeAll(async () => {
    t = await createTestDatabase();
    writeFileSync(path.join(dir, 'paved.config.yaml'), 'scorecards: golden.yaml\n');
    writeFileSync(
      path.join(dir, 'golden.yaml'),
      `scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze, silver]
    checks:
      - { id: readme, name: README, level: bronze, rule: { type: file_exists, paths: [README.md] }, remediation: Add a README. }
      - { id: codeowners, name: CODEOWNERS, level: silver, rule: { type: file_exists, paths: [.github/CODEOWNERS] }, remediation: '[Add one](https://docs.github.com/articles/about-code-owners).' }
`,
    );
    Object.assign(process.env, {
      DATABASE_URL: t.url,
      PAVED_CONFIG: path.join(dir, 'paved.config.yaml'),
      PAVED_NOW: '2026-11-28T12:00:00Z',
    });
    await seedServices(t.db, [
      { slug: 'payments-api', team: 'payments', facts: goldenFacts(), collectedAt: new Date('2026-11-28T10:00:00Z') },
      { slug: 'ledger', team: 'payments', facts: legacyFacts(), collectedAt: new Date('2026-11-28T10:00:00Z') },
    ]);
    await evaluateScorecards(t.db, loadConfig(), { metrics: getDoraFigures, at: new Date('2026-11-28T12:00:00Z') });
  });
  afterAll(async () => {
    await closeProcessDatabase();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await t.drop();
  });

  const params = <T>(p: T) => ({ params: Promise.resolve(p) });

  it('lists, details and explains', async () => {
    const list = await (
      await import('../app/api/v1/scorecards/route')
    ).GET(new Request('http://paved.test/api/v1/scorecards'));
    expect(await list.json()).toMatchObject({
      scorecards: [
        {
          id: 'golden-path',
          checks: 2,
          organisation: { services: 2, levelDistribution: { bronze: 1, silver: 1, none: 0 } },
        },
      ],
    });
    const detail = await (
      await import('../app/api/v1/scorecards/[id]/route')
    ).GET(new Request('http://x/api/v1/scorecards/golden-path'), params({ id: 'golden-path' }));
    expect(await detail.json()).toMatchObject({
      checks: [
        { id: 'readme', adoption: { rate: 1 } },
        {
          id: 'codeowners',
          adoption: { passing: 1, applicable: 2, rate: 0.5 },
          byTeam: [{ team: 'payments', rate: 0.5 }],
        },
      ],
    });
    const missing = await (
      await import('../app/api/v1/scorecards/[id]/route')
    ).GET(new Request('http://x'), params({ id: 'nope' }));
    expect(missing.status).toBe(404);
    const service = await (
      await import('../app/api/v1/scorecards/[id]/services/[slug]/route')
    ).GET(new Request('http://x'), params({ id: 'golden-path', slug: 'ledger' }));
    expect(await service.json()).toMatchObject({
      level: 'bronze',
      nextLevel: 'silver',
      blocking: ['codeowners'],
      results: [
        { checkId: 'readme', state: 'pass' },
        {
          checkId: 'codeowners',
          state: 'fail',
          reason: '.github/CODEOWNERS does not exist',
          remediation: expect.stringContaining('https://docs.github.com'),
        },
      ],
    });
  });

  it('serves history with validated parameters', async () => {
    const { GET } = await import('../app/api/v1/scorecards/[id]/history/route');
    const ok = await GET(
      new Request('http://x/api/v1/scorecards/golden-path/history?from=2026-11-01&to=2026-11-28'),
      params({ id: 'golden-path' }),
    );
    expect(await ok.json()).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-28',
      organisation: [{ day: '2026-11-28', levelDistribution: { bronze: 1, silver: 1 } }],
    });
    const bad = await GET(
      new Request('http://x/api/v1/scorecards/golden-path/history?from=yesterday'),
      params({ id: 'golden-path' }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { status: 400, code: 'bad_request', message: 'from: expected a real date as YYYY-MM-DD' },
    });
    const backwards = await GET(
      new Request('http://x/api/v1/scorecards/golden-path/history?from=2026-11-28&to=2026-11-01'),
      params({ id: 'golden-path' }),
    );
    expect((await backwards.json()).error.message).toBe('from (2026-11-28) is after to (2026-11-01)');
  });

  it('draws the level badge as SVG', async () => {
    const { GET } = await import('../app/api/v1/badges/[service]/route');
    const badge = await GET(
      new Request('http://x/api/v1/badges/payments-api.svg'),
      params({ service: 'payments-api.svg' }),
    );
    expect(badge.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await badge.text()).toMatch(/^<svg [^>]*aria-label="golden path: silver".*<\/svg>$/);
    expect(
      (await GET(new Request('http://x/api/v1/badges/nope.svg?scorecard=golden-path'), params({ service: 'nope.svg' })))
        .status,
    ).toBe(404);
  });

  it('impact: a team, tier or level naming nothing is a 400 with a message, never a ranking of nothing', async () => {
    const { GET } = await import('../app/api/v1/scorecards/[id]/impact/route');
    const impact = (query: string) =>
      GET(
        new Request(`http://paved.test/api/v1/scorecards/golden-path/impact?${query}`),
        params({ id: 'golden-path' }),
      );
    for (const [query, message] of [
      ['team=nobody', 'team: expected one of payments'],
      ['tier=tier-9', 'tier: expected one of tier-2'],
      ['level=platinum', 'level: expected one of bronze, silver'],
      ['format=csv&tier=tier-9', 'tier: expected one of tier-2'],
    ] as const) {
      const response = await impact(query);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.message, query).toBe(message);
    }
    for (const query of ['team=payments', 'tier=tier-2', 'level=silver'])
      expect((await impact(query)).status).toBe(200);
    const unknown = await GET(
      new Request('http://paved.test/api/v1/scorecards/nope/impact?tier=tier-9'),
      params({ id: 'nope' }),
    );
    expect(unknown.status).toBe(404);
  });

  it('reports an invalid scorecards file with its location', async () => {
    writeFileSync(
      path.join(dir, 'golden.yaml'),
      'scorecards:\n  - id: x\n    name: X\n    levels: [a]\n    checks:\n      - { id: c, name: C, level: a, rule: { type: nope }, remediation: r }\n',
    );
    const res = await (
      await import('../app/api/v1/scorecards/route')
    ).GET(new Request('http://paved.test/api/v1/scorecards'));
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(/golden\.yaml: check "c": rule\.type: unknown rule type "nope"/);
  });
});
