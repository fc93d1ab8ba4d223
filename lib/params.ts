import { z } from 'zod';
import { SLUG_PATTERN } from './config-schema';
import { COMPARISONS, comparisonWindow, DEFAULT_COMPARISON } from './comparison-window';
import { plausibleYear, resolveWindow, windowBound } from './window';

const slug = z.string().regex(SLUG_PATTERN, 'expected a slug');

const scopeAndWindowFields = {
  from: windowBound.optional().meta({
    description:
      'A date (its 00:00:00Z) or an instant with offset; inclusive. Default: the last 90 whole UTC days (docs/metrics.md, Windows).',
  }),
  to: windowBound.optional().meta({
    description:
      'A date, included (the window ends at the next midnight, or at now when that is still to come), or an instant with offset, exclusive. At most 731 days after `from`.',
  }),
  service: slug.optional().meta({ description: 'A service slug (not with `team`).' }),
  team: slug.optional().meta({ description: 'A team slug (not with `service`).' }),
};

type ScopeAndWindowInput = z.output<z.ZodObject<typeof scopeAndWindowFields>>;

function readScopeAndWindow(p: ScopeAndWindowInput, ctx: z.RefinementCtx) {
  if (p.service && p.team)
    ctx.addIssue({ code: 'custom', path: ['service'], message: 'give service or team, not both' });
  const window = resolveWindow(p);
  if (!window.ok) {
    ctx.addIssue({ code: 'custom', path: [window.path], message: window.message });
    return z.NEVER;
  }
  return { from: window.from, to: window.to, service: p.service, team: p.team };
}

/**
 * `from`/`to` read by the window rules of lib/window.ts (default: the last 90 whole UTC days),
 * with one of `service` or `team`.
 */
export const scopeAndWindow = z.object(scopeAndWindowFields).transform(readScopeAndWindow);

const { service: _service, ...windowAndTeamFields } = scopeAndWindowFields;

/** `from`/`to` as for scopeAndWindow, with an optional `team`: the services list's query. */
export const windowAndTeam = z.object(windowAndTeamFields).transform((p, ctx) => {
  const read = readScopeAndWindow(p, ctx);
  return read === z.NEVER ? z.NEVER : { from: read.from, to: read.to, team: read.team };
});

/** What a report's window is compared with (lib/comparison-window.ts). */
export const compareParam = z
  .enum(COMPARISONS, { error: `expected one of ${COMPARISONS.join(', ')}` })
  .default(DEFAULT_COMPARISON)
  .meta({
    description:
      'What the window is compared with: previous-period (default), the window of the same length that ends where it starts; previous-month, previous-quarter, previous-year: the same calendar days one month, quarter or year earlier (refused when they would overlap the window). docs/metrics.md, Windows.',
  });

/** A report's query (GET /api/v1/dora, /teams/{slug}, /services/{slug}): scope, window and comparison. */
export const reportParams = z.object({ ...scopeAndWindowFields, compare: compareParam }).transform((p, ctx) => {
  const read = readScopeAndWindow(p, ctx);
  if (read === z.NEVER) return z.NEVER;
  const compared = comparisonWindow(read, p.compare);
  if (!compared.ok) {
    ctx.addIssue({ code: 'custom', path: ['compare'], message: compared.message });
    return z.NEVER;
  }
  return { ...read, compare: p.compare };
});

const format = z.enum(['json', 'csv']).default('json');

/** Keyset paging for list endpoints. */
export const paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
  format: format.meta({
    description:
      "`csv` streams every row from `cursor` on (`limit` does not apply); cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'`.",
  }),
});

/** A row id in a path: digits only, so no sign, exponent, space or fraction slips through a numeric coercion. */
export const positiveId = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/)
  .transform(Number);

export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The query of each endpoint, as its route parses it and as /api/v1/openapi.json documents it. */
export const formatParams = z.object({ format });
export const seriesParams = z.intersection(
  scopeAndWindow,
  z.object({ interval: z.enum(['week', 'month']).default('week') }),
);
export const deploymentFilters = z.object({
  failed: booleanParam.optional().meta({ description: 'Only failed (true) or only successful (false) deployments.' }),
  rework: booleanParam.optional().meta({ description: 'Only rework (true) or only other (false) deployments.' }),
});
export const deploymentParams = z.intersection(z.intersection(scopeAndWindow, paging), deploymentFilters);
export const deploymentId = z.string().regex(/^[dr][0-9-]+$/, 'expected a deployment id such as d123');
export const changeParams = z.intersection(
  z.intersection(scopeAndWindow, paging),
  z.object({
    deployment: deploymentId
      .optional()
      .meta({ description: 'Only the changes of this deployment (the window is then ignored).' }),
  }),
);
export const incidentParams = z.intersection(scopeAndWindow, paging);

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Every list pages by `[instant, key]` of its last row, the instant as `toISOString` wrote it:
 * anything else (valid base64 JSON of another shape, an impossible or out-of-range instant)
 * was not issued by Paved.
 */
const keysetPosition = z.tuple([
  z.iso.datetime().refine((s) => s.length === 24 && new Date(s).toISOString() === s && plausibleYear(s)),
  z.string().min(1).max(200),
]);

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parsed = keysetPosition.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
