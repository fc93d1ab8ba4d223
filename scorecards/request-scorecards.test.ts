import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../lib/config';
import { scorecardsForRequest } from './request-scorecards';

const card = (name: string) => `exemptionsFile: exemptions.yaml
scorecards:
  - id: golden-path
    name: ${name}
    levels: [bronze]
    checks:
      - { id: readme, name: README, level: bronze, rule: { type: file_exists, paths: [README.md] }, remediation: Add one. }
`;
const exemption = (reason: string, expires = '2027-01-31') =>
  `exemptions:\n  - { service: ledger, check: readme, reason: ${reason}, expires: "${expires}" }\n`;

const previousNow = process.env.PAVED_NOW;
afterEach(() => {
  if (previousNow === undefined) delete process.env.PAVED_NOW;
  else process.env.PAVED_NOW = previousNow;
});

describe('the scorecards file for a request', () => {
  it('is read once and shared (frozen) until it, its exemptions file or the day changes', () => {
    process.env.PAVED_NOW = '2026-11-28T12:00:00Z';
    const dir = mkdtempSync(path.join(tmpdir(), 'paved-request-sc-'));
    const file = path.join(dir, 'scorecards.yaml');
    const exemptions = path.join(dir, 'exemptions.yaml');
    writeFileSync(file, card('Golden path'));
    writeFileSync(exemptions, exemption('legacy'));
    const loaded = parseConfigText('{}', path.join(dir, 'paved.yaml'), {});

    const first = scorecardsForRequest(loaded);
    if (!first.ok) throw new Error(first.message);
    expect(scorecardsForRequest(loaded)).toBe(first);
    expect(Object.isFrozen(first.scorecards.exemptions[0])).toBe(true);

    writeFileSync(file, card('The golden path'));
    const renamed = scorecardsForRequest(loaded);
    expect(renamed.ok && renamed.scorecards.scorecards[0]!.name).toBe('The golden path');

    writeFileSync(exemptions, exemption('being rewritten'));
    const exempted = scorecardsForRequest(loaded);
    expect(exempted.ok && exempted.scorecards.exemptions[0]!.reason).toBe('being rewritten');
    expect(scorecardsForRequest(loaded)).toBe(exempted);

    // Exemptions are judged against today: 2027-01-31 is more than 180 days after 2026-07-01.
    process.env.PAVED_NOW = '2026-07-01T12:00:00Z';
    const earlier = scorecardsForRequest(loaded);
    expect(earlier).toMatchObject({ ok: false, message: expect.stringMatching(/180 days/) });
    expect(scorecardsForRequest(loaded)).toBe(earlier);

    process.env.PAVED_NOW = '2026-11-28T12:00:00Z';
    writeFileSync(exemptions, 'exemptions: []\n');
    const none = scorecardsForRequest(loaded);
    expect(none.ok && none.scorecards.exemptions).toEqual([]);
  });
});
