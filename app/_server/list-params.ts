import 'server-only';
import { z } from 'zod';
import { COMPARISONS } from '@/lib/comparison-window';
import { deploymentFilters, deploymentId, scopeAndWindow } from '@/lib/params';

const listParams = z.intersection(
  scopeAndWindow,
  z.object({
    ...deploymentFilters.shape,
    deployment: deploymentId.optional(),
    // Lists compare nothing: the comparison of the view a drill-down came from, for its back link.
    compare: z.enum(COMPARISONS).optional(),
  }),
);

export type ListParams = z.infer<typeof listParams>;

/**
 * A list page's parameters, parsed exactly as the list endpoints parse them, so a drill-down
 * URL means the same rows in the page and in the API. Bad input becomes a message to show.
 */
export function parseListParams(
  search: Record<string, string | string[] | undefined>,
): { ok: true; data: ListParams } | { ok: false; message: string } {
  const single = Object.fromEntries(
    Object.entries(search)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = listParams.safeParse(single);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${issue.path.map(String).join('.') || 'query'}: ${issue.message}` };
}

/** How a list page names its scope and window in its subtitle. */
export function describeList(p: ListParams): string {
  const scope = p.service ? `Service ${p.service}` : p.team ? `Team ${p.team}` : 'Whole organisation';
  const fmt = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
  return `${scope} · ${fmt(p.from)} to ${fmt(p.to)} UTC`;
}
