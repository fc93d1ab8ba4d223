import { z } from 'zod';
import { SLUG_PATTERN } from './config-schema';
import { resolveWindow, windowBound } from './window';

const slug = z.string().regex(SLUG_PATTERN, 'expected a slug');

/**
 * `from`/`to` read by the window rules of lib/window.ts (default: the last 90 whole UTC days),
 * with one of `service` or `team`.
 */
export const scopeAndWindow = z
  .object({
    from: windowBound.optional(),
    to: windowBound.optional(),
    service: slug.optional(),
    team: slug.optional(),
  })
  .transform((p, ctx) => {
    if (p.service && p.team)
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'give service or team, not both' });
    const window = resolveWindow(p);
    if (!window.ok) {
      ctx.addIssue({ code: 'custom', path: [window.path], message: window.message });
      return z.NEVER;
    }
    return { from: window.from, to: window.to, service: p.service, team: p.team };
  });

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
