import { DAY_MS } from '../lib/clock';

/** Continuous percentile, as PostgreSQL's percentile_cont: linear interpolation between ranks. */
export function percentileCont(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (rank - lower);
}

export const median = (values: readonly number[]) => percentileCont(values, 0.5);

/** How many buckets of `bucketDays` a window has: complete ones only, or one if none is complete. */
export function bucketCount(from: Date, to: Date, bucketDays: number): number {
  return Math.max(1, Math.floor((to.getTime() - from.getTime()) / (bucketDays * DAY_MS)));
}

/**
 * Median over consecutive buckets of `bucketDays` starting at `from` of the number of
 * distinct days with a deployment in each bucket. Days are 24 hours counted from `from`, so
 * a bucket holds at most `bucketDays` of them whatever time of day the window starts.
 * Complete buckets only; if none is complete, the single partial bucket. `days` holds
 * (bucket index, day) pairs.
 */
export function medianDeploymentDays(
  days: readonly { bucket: number; day: string }[],
  from: Date,
  to: Date,
  bucketDays: number,
): number {
  const buckets = bucketCount(from, to, bucketDays);
  const sets = Array.from({ length: buckets }, () => new Set<string>());
  for (const { bucket, day } of days) if (bucket >= 0 && bucket < buckets) sets[bucket]!.add(day);
  return median(sets.map((s) => s.size)) ?? 0;
}
