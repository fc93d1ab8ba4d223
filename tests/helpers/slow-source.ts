import type { Source } from '../../collectors/source';

/**
 * A real Source whose run takes `ms` and records when it ran, for tests of the runner's
 * locking and scheduling (what the source collects does not matter there).
 */
export function createSlowSource(ms: number) {
  const runs: { start: number; end: number }[] = [];
  const source: Source = {
    id: 'github',
    isConfigured: () => true,
    async run(ctx) {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      runs.push({ start, end: Date.now() });
      ctx.report('slow', { rows: 1 });
    },
  };
  return { source, runs };
}

/** True when no two [start, end) intervals overlap. */
export function disjoint(intervals: { start: number; end: number }[]): boolean {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  return sorted.every((interval, i) => i === 0 || sorted[i - 1]!.end <= interval.start);
}
