import type { RuleOutcome } from './rules/outcome';

export const STATES = ['pass', 'fail', 'exempt', 'not_applicable', 'no_data', 'upcoming'] as const;
export type CheckState = (typeof STATES)[number];
const OUTCOME_CODES = ['pass', 'fail', 'no_data'] as const;

/** A snapshot cell: state index + 8 × outcome index (3 when the check did not apply). */
export function encodeState(state: CheckState, outcome: RuleOutcome | null): number {
  return STATES.indexOf(state) + 8 * (outcome === null ? 3 : OUTCOME_CODES.indexOf(outcome));
}

export function decodeState(code: number): { state: CheckState; outcome: RuleOutcome | null } {
  const outcome = Math.floor(code / 8);
  return { state: STATES[code % 8]!, outcome: outcome === 3 ? null : OUTCOME_CODES[outcome]! };
}

export interface LevelInput {
  checkId: string;
  level: string;
  weight: number;
  state: CheckState;
}

export interface LevelResult {
  /** The highest level reached, or null when the first level is not reached. */
  level: string | null;
  /** The next level and the checks that keep the service from it. */
  nextLevel: string | null;
  blocking: string[];
  /** Weighted share of scored checks (pass, fail, no_data) that pass; null when none is scored. */
  score: number | null;
}

/**
 * Levels are cumulative: a service reaches level L when every applicable check at L and
 * every lower level passes or is exempt. Upcoming and not-applicable checks do not count;
 * exempt checks count towards levels but not towards the score.
 * @example computeLevel(['bronze', 'silver'], [{ checkId: 'a', level: 'bronze', weight: 1, state: 'pass' }]) // level 'silver'
 */
export function computeLevel(levels: readonly string[], results: readonly LevelInput[]): LevelResult {
  let reached: string | null = null;
  let nextLevel: string | null = null;
  let blocking: string[] = [];
  for (const level of levels) {
    const open = results
      .filter((r) => r.level === level && (r.state === 'fail' || r.state === 'no_data'))
      .map((r) => r.checkId);
    if (open.length > 0) {
      nextLevel = level;
      blocking = open;
      break;
    }
    reached = level;
  }
  const scored = results.filter((r) => r.state === 'pass' || r.state === 'fail' || r.state === 'no_data');
  const total = scored.reduce((sum, r) => sum + r.weight, 0);
  const passed = scored.filter((r) => r.state === 'pass').reduce((sum, r) => sum + r.weight, 0);
  return { level: reached, nextLevel, blocking, score: total > 0 ? passed / total : null };
}
