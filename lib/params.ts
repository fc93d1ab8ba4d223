import { z } from 'zod';
import { DAY_MS, now } from './clock';

const MAX_WINDOW_DAYS = 731;

/** An ISO instant, or a date alone meaning 00:00:00Z. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/,
    'expected an ISO date (2026-01-31) or instant (2026-01-31T12:00:00Z)',
  )
  .transform((value, ctx) => {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    // Date rolls 2026-02-30 over to March: a date that does not round-trip is not real.
    if (
      Number.isNaN(date.getTime()) ||
      (date.toISOString().slice(0, 10) !== value.slice(0, 10) && /^\d{4}-\d{2}-\d{2}$/.test(value))
    ) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a real date` });
      return z.NEVER;
    }
    return date;
  });

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a slug');

/**
 * `from`/`to` (default: the last 90 days before now), with one of `service` or `team`.
 * Windows are [from, to): at most two years, and from before to.
 */
export const scopeAndWindow = z
  .object({ from: instant.optional(), to: instant.optional(), service: slug.optional(), team: slug.optional() })
  .transform((p, ctx) => {
    const to = p.to ?? now();
    const from = p.from ?? new Date(to.getTime() - 90 * DAY_MS);
    if (from.getTime() >= to.getTime())
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' });
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the window may span at most ${MAX_WINDOW_DAYS} days` });
    if (p.service && p.team)
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'give service or team, not both' });
    return { from, to, service: p.service, team: p.team };
  });

export type ScopeAndWindow = z.infer<typeof scopeAndWindow>;

/** Keyset paging for list endpoints. */
export const paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** A row id in a path: digits only, so no sign, exponent, space or fraction slips through a numeric coercion. */
export const positiveId = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/)
  .transform(Number);

export const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? (parsed as (string | number)[]) : null;
  } catch {
    return null;
  }
}
