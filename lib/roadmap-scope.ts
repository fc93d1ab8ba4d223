import { z } from 'zod';

export type RoadmapScope = { tier: string | null; level: string | null };

/**
 * The roadmap's own filters beside the window and team (lib/resolve-filters.ts): `tier`, one the
 * catalog knows, and `level`, one of the scorecard's; and `team`, one the catalog knows, when
 * `known.teams` lists them (the impact API answers 400 for any of the three). Like the window, an invalid value is reported,
 * never replaced: a ranking for another scope would pass for the one asked for.
 * @example resolveRoadmapScope({ tier: 'tier-1' }, { tiers: ['tier-1'], levels: ['bronze'] }) // { ok: true, scope: { tier: 'tier-1', level: null } }
 */
export function resolveRoadmapScope(
  params: Record<string, string | string[] | undefined>,
  known: { tiers: readonly string[]; levels: readonly string[]; teams?: readonly string[] },
): { ok: true; scope: RoadmapScope } | { ok: false; message: string } {
  // Long catalogs are cut: the message names the parameter and enough values to see the shape.
  const listed = (values: readonly string[]) =>
    values.length > 12 ? `${values.slice(0, 12).join(', ')}, …` : values.join(', ');
  const oneOf = (name: string, values: readonly string[]) =>
    z
      .string()
      .refine((v) => values.includes(v), `expected one of ${listed(values) || `no ${name} (none is known)`}`)
      .optional();
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  // The team is checked only where the caller lists teams (the impact API; the page answers not found).
  const parsed = z
    .object({
      ...(known.teams ? { team: oneOf('team', known.teams) } : {}),
      tier: oneOf('tier', known.tiers),
      level: oneOf('level', known.levels),
    })
    .safeParse({ team: single(params.team), tier: single(params.tier), level: single(params.level) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.map(String).join('.')}: ${issue.message}` };
  }
  return { ok: true, scope: { tier: parsed.data.tier ?? null, level: parsed.data.level ?? null } };
}
