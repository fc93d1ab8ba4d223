import type { OutcomeGaps } from './outcome-figures';

export interface RoadmapInput {
  checkId: string;
  name: string;
  failing: number;
  gaps: OutcomeGaps;
}

export interface RoadmapEntry extends RoadmapInput {
  rank: number;
  /** failing × max(0, gaps.overall); null when no outcome had enough data. */
  priority: number | null;
  note: string;
}

/**
 * The documented roadmap formula (docs/scorecards.md): priority = services still failing
 * × max(0, overall outcome gap). Checks without enough data rank after every measured
 * one, by failing count; a check whose passing services do no better scores 0.
 * @example rankRoadmap([{ checkId: 'golden-ci', name: 'Golden CI', failing: 6, gaps }])
 */
export function rankRoadmap(inputs: readonly RoadmapInput[]): RoadmapEntry[] {
  const scored = inputs.map((input) => {
    const gap = input.gaps.overall;
    const priority = gap === null ? null : input.failing * Math.max(0, gap);
    // With nothing failing there is no failing side to compare: say why, not that data is missing.
    const note =
      input.failing === 0
        ? 'every applicable service passes already'
        : gap === null
          ? 'not enough data on one side to compare outcomes'
          : gap <= 0
            ? 'services passing this check do not deliver better than those failing it'
            : // The gap is a difference over the larger value (docs/scorecards.md), so it stays below 100% however large the ratio: name it, do not call it "% better".
              `${input.failing} services failing; outcome gap ${Math.round(gap * 100)}% in favour of passing services (mean over measured outcomes of the difference ÷ the larger value)`;
    return { ...input, priority, note };
  });
  scored.sort((a, b) => {
    if (a.priority === null || b.priority === null) {
      if (a.priority !== b.priority) return a.priority === null ? 1 : -1;
      return b.failing - a.failing || a.checkId.localeCompare(b.checkId);
    }
    return b.priority - a.priority || b.failing - a.failing || a.checkId.localeCompare(b.checkId);
  });
  return scored.map((s, i) => ({ ...s, rank: i + 1 }));
}
