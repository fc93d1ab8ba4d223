import type { Source } from '../../collectors/source';

/**
 * A real Source of `parts` parts, each taking `ms`, that records which process ran each part
 * and when (what it collects does not matter for tests of the queue and its workers).
 */
export function createSlowSource(ms: number, parts = 1) {
  const runs: { scope: string; start: number; end: number }[] = [];
  const source: Source = {
    id: 'github',
    isConfigured: () => true,
    async plan(ctx) {
      ctx.report('listing', { rows: 0 });
      return Array.from({ length: parts }, (_, i) => ({ scope: `slow-${i}`, input: { i } }));
    },
    async runPart(ctx, part) {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      runs.push({ scope: part.scope, start, end: Date.now() });
      ctx.report(part.scope, { rows: 1 });
    },
  };
  return { source, runs };
}

/** True when no two [start, end) intervals overlap. */
export function disjoint(intervals: { start: number; end: number }[]): boolean {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  return sorted.every((interval, i) => i === 0 || sorted[i - 1]!.end <= interval.start);
}
