import { statSync } from 'node:fs';
import { z } from 'zod';
import type { LoadedConfig } from '../lib/config';
import { deepFreeze } from '../lib/deep-freeze';
import { SLUG_PATTERN } from '../lib/config-schema';
import { isoDay, resolveWindow, windowBound } from '../lib/window';
import { DAY_MS, now } from '../lib/clock';
import { loadScorecards, ScorecardsError, scorecardsPath, type LoadedScorecards } from './load-scorecards';

/**
 * The scorecards file for a request: the loaded file, or the validation message to
 * return (an invalid file is the operator's to fix, and the message says where). Read and
 * validated again only when the file or its exemptions file changed, or the UTC day did
 * (exemptions are judged against today), so a page render does no YAML parsing.
 * @example const sc = scorecardsForRequest(loaded); if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
 */
export function scorecardsForRequest(loaded: LoadedConfig): RequestScorecards {
  const file = scorecardsPath(loaded);
  const key = `${file}|${now().toISOString().slice(0, 10)}`;
  if (cached?.key === key && cached.stamps.every(([f, stamp]) => stampOf(f) === stamp)) return cached.answer;
  // Stamped before reading: a change made while it is read is seen by the next request.
  const stamps: [string, string][] = [];
  // Shared by every request until the files change: frozen, so no caller can alter another's.
  const answer = deepFreeze(readScorecards(loaded, (read) => stamps.push([read, stampOf(read)])));
  cached = { key, stamps, answer };
  return answer;
}

type RequestScorecards = { ok: true; scorecards: LoadedScorecards } | { ok: false; message: string };

let cached: { key: string; stamps: [string, string][]; answer: RequestScorecards } | null = null;

function stampOf(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.size}|${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

function readScorecards(loaded: LoadedConfig, onRead: (file: string) => void): RequestScorecards {
  try {
    return { ok: true, scorecards: loadScorecards(loaded, { onRead }) };
  } catch (error) {
    if (error instanceof ScorecardsError) return { ok: false, message: error.message };
    throw error;
  }
}

/** A history range as UTC days: `to` defaults to today, `from` to 90 days before `to`; at most 366 days. */
export function historyRange(
  params: { from?: string; to?: string },
  at: Date = now(),
): { from: string; to: string } | { error: string } {
  const to = params.to ?? at.toISOString().slice(0, 10);
  const from = params.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 90 * DAY_MS).toISOString().slice(0, 10);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
  if (days < 0) return { error: `from (${from}) is after to (${to})` };
  if (days > 366) return { error: `the range spans ${days} days; at most 366` };
  return { from, to };
}

/** The queries of the scorecard endpoints, as the routes parse them and /api/v1/openapi.json documents them. */
export const historyParams = z.object({
  from: isoDay.optional().meta({ description: 'A UTC day; default: 90 days before `to`' }),
  to: isoDay.optional().meta({ description: 'A UTC day, included; default: today' }),
});
const name = z.string().min(1).max(100);
export const impactParams = z
  .object({
    windowDays: z.coerce
      .number()
      .int()
      .min(7)
      .max(365)
      .optional()
      .meta({ description: 'Compare over the last N days up to now (default 90); not with `from`/`to`' }),
    from: windowBound.optional().meta({
      description:
        'Compare over an exact window instead, read as everywhere else (docs/metrics.md, Windows): a date or an instant; inclusive',
    }),
    to: windowBound.optional().meta({ description: 'A date, included, or an instant, exclusive' }),
    team: z
      .string()
      .regex(SLUG_PATTERN, 'expected a team slug')
      .optional()
      .meta({ description: "Only this team's services" }),
    tier: name.optional().meta({ description: 'Only services of this tier' }),
    level: name.optional().meta({ description: 'Only the checks at this level of the scorecard' }),
    weeks: z.coerce.number().int().min(1).max(26).default(4),
    minSample: z.coerce.number().int().min(1).max(1_000_000).default(5),
    format: z.enum(['json', 'csv']).default('json').meta({
      description:
        "`csv`: one row per check (ranked practices, then outcome checks); formula-like cells prefixed with `'`",
    }),
  })
  .transform((p, ctx) => {
    const { from, to, windowDays, ...rest } = p;
    if (!from && !to) return { ...rest, windowDays };
    if (windowDays !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['windowDays'], message: 'give windowDays or from/to, not both' });
      return z.NEVER;
    }
    const window = resolveWindow({ from, to });
    if (!window.ok) {
      ctx.addIssue({ code: 'custom', path: [window.path], message: window.message });
      return z.NEVER;
    }
    return { ...rest, window: { from: window.from, to: window.to } };
  });
export const badgeParams = z.object({
  scorecard: z.string().min(1).optional().meta({ description: 'Default: the first scorecard in the file' }),
});
export const initiativeParams = z.object({
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(52)
    .optional()
    .meta({ description: "Show the last N weeks of history; default: since the initiative's start, else 12 weeks" }),
});
