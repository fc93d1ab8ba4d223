import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { buildDigest } from '../../notifications/build-digest';
import { digestSections, plainText } from '../../notifications/render/lines';
import { slackMessage } from '../../notifications/render/slack';
import type { InitiativeDetail } from '../../scorecards/initiatives/get-initiatives';
import { loadScorecards } from '../../scorecards/load-scorecards';
import { openDemoOrganisation } from '../helpers/demo-organisation';
import type { TestDatabase } from '../helpers/test-db';

/**
 * Digests remind teams of the initiatives they are behind on (docs/notifications.md), on the demo
 * organisation at 2026-06-01 with the shipped scorecards.yaml: dependency-hygiene's deadline
 * (2026-05-29) has passed with checkout, legacy-billing, platform and search still open;
 * golden-pipeline-wave-1 (payments and platform) is on track.
 */
const NOW = '2026-06-01T12:00:00Z';
let t: TestDatabase;

const detail = async (id: string) =>
  (
    await (
      await import('../../app/api/v1/initiatives/[id]/route')
    ).GET(new Request(`http://paved.test/api/v1/initiatives/${id}`), { params: Promise.resolve({ id }) })
  ).json() as Promise<InitiativeDetail>;

beforeAll(async () => {
  t = await openDemoOrganisation(
    NOW,
    `schedule:\n  enabled: false\nserver:\n  publicUrl: https://paved.example.com\nscorecards: ${path.resolve('scorecards.yaml')}\n`,
  );
}, 180_000);
afterAll(() => t.drop());

const digestOf = async (team: string | null) => {
  const loaded = loadConfig();
  return (await buildDigest(t.db, loaded.config, loadScorecards(loaded), team, new Date(NOW)))!;
};

describe('digests remind of initiatives', () => {
  it("a team's: each initiative it has work left in, with the API's figures and what each service has left", async () => {
    const platform = await digestOf('platform');
    const hygiene = await detail('dependency-hygiene');
    const wave = await detail('golden-pipeline-wave-1');
    const mine = (d: InitiativeDetail) => d.perTeam.find((x) => x.team === 'platform')!;
    expect(platform.initiatives).toEqual([
      {
        id: 'golden-pipeline-wave-1',
        title: 'Golden pipeline, wave 1',
        deadline: '2026-09-30',
        status: 'on_track',
        done: mine(wave).done,
        total: mine(wave).total,
        projectedDone: '2026-07-27',
        teamsBehind: [],
        left: wave.perService
          .filter((s) => s.team === 'platform' && s.left.length > 0)
          .map((s) => ({ service: s.name, checks: s.left.map((l) => l.name) })),
        link: 'https://paved.example.com/initiatives/golden-pipeline-wave-1',
      },
      expect.objectContaining({ id: 'dependency-hygiene', status: 'late', done: mine(hygiene).done, total: 10 }),
    ]);
    const [line] = digestSections(platform)
      .find((s) => s.heading.startsWith('Initiatives'))!
      .lines.slice(1);
    expect(line).toBe(
      'Dependency hygiene: late, deadline 29 May 2026 (9 of 10 done); left: API gateway (Vulnerability alerts on)',
    );
    expect(digestSections(platform).map((s) => s.heading)).toContain('Initiatives: 1 of 2 open ones late or behind');
    // Payments is done with both: no reminder, no section.
    const payments = await digestOf('payments');
    expect(payments.initiatives).toEqual([]);
    expect(digestSections(payments).some((s) => s.heading.startsWith('Initiatives'))).toBe(false);
  });

  it("the organisation's: the initiatives with teams behind, and which, in every channel", async () => {
    const org = await digestOf(null);
    const hygiene = await detail('dependency-hygiene');
    expect(org.initiatives!.map((i) => i.id)).toEqual(['dependency-hygiene']);
    expect(org.initiatives![0]!.teamsBehind).toEqual(
      hygiene.teamsBehind.map((b) => ({ team: b.team, status: b.status, left: b.left })),
    );
    const line =
      'Dependency hygiene (deadline 29 May 2026, 32 of 46 done): checkout (late, 2 left), legacy-billing (late, 6 left), platform (late, 1 left), search (late, 5 left)';
    expect(plainText(org)).toContain(`Initiatives with teams late or behind\n- ${line}`);
    expect(JSON.stringify(slackMessage(org).blocks)).toContain(`• ${line}`);
  });
});
