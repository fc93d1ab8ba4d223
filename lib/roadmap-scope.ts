import { z } from 'zod';

export type RoadmapScope = { tier: string | null; level: string | null };

/**
 * The roadmap's own filters beside the window and team (lib/resolve-filters.ts): `tier`, one the
 * catalog knows, and `level`, one of the scorecard's. Like the window, an invalid value is reported,
 * never replaced: a ranking for another scope would pass for the one asked for.
 * @example resolveRoadmapScope({ tier: 'tier-1' }, { tiers: ['tier-1'], levels: ['bronze'] }) // { ok: true, scope: { tier: 'tier-1', level: null } }
 */
export function resolveRoadmapScope(
  params: Record<string, string | string[] | undefined>,
  known: { tiers: readonly string[]; levels: readonly string[] },
): { ok: true; scope: RoadmapScope } | { ok: false; message: string } {
  const oneOf = (name: string, values: readonly string[]) =>
    z
      .string()
      .refine((v) => values.includes(v), `expected one of ${values.join(', ') || `no ${name} (none is known)`}`)
      .optional();
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const parsed = z
    .object({ tier: oneOf('tier', known.tiers), level: oneOf('level', known.levels) })
    .safeParse({ tier: single(params.tier), level: single(params.level) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.map(String).join('.')}: ${issue.message}` };
  }
  return { ok: true, scope: { tier: parsed.data.tier ?? null, level: parsed.data.level ?? null } };
}
