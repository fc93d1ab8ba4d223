import { describe, expect, it } from 'vitest';
import type { Comparison } from '@/metrics/comparison';
import { describeChange } from './metric-tiles';

const ok = (change: number | null, unit: Comparison['unit'] = 'percent'): Comparison => ({
  status: 'ok',
  change,
  unit,
  samples: { current: 40, previous: 40 },
});
const noun: [string, string] = ['change', 'changes'];

describe("a metric tile's change", () => {
  it('points its arrow the way the number moved, and says whether that is better for the metric', () => {
    // Lead time up 20%: the number rose, which is worse.
    expect(describeChange(ok(20), true, noun)).toEqual({
      text: '+20.0% (worse)',
      tone: 'worse',
      direction: 'up',
      status: 'ok',
    });
    // Change failure rate down 0.7 points: the number fell, which is better.
    expect(describeChange(ok(-0.7, 'points'), true, noun)).toEqual({
      text: '−0.7 pts (better)',
      tone: 'better',
      direction: 'down',
      status: 'ok',
    });
    // Deployments per week up: rose, better.
    expect(describeChange(ok(10), false, noun)).toMatchObject({ tone: 'better', direction: 'up' });
    expect(describeChange(ok(0), false, noun)).toMatchObject({ text: 'no change', tone: 'same', direction: 'flat' });
    expect(describeChange(ok(null), false, noun)).toBeNull();
  });

  it('does not call a change on too few events better or worse', () => {
    // One recovery against one: +571%, shown, but neutral.
    const tooFew: Comparison = {
      status: 'too_few',
      change: 571,
      unit: 'percent',
      samples: { current: 1, previous: 1 },
    };
    expect(describeChange(tooFew, true, ['recovery', 'recoveries'])).toEqual({
      text: '+571.0% (too few to judge: 1 recovery vs 1)',
      tone: 'same',
      direction: 'up',
      status: 'too_few',
    });
  });

  it('gives no percentage when the previous window was only partly collected', () => {
    const partial: Comparison = {
      status: 'partial_coverage',
      change: null,
      unit: 'percent',
      samples: { current: 1300, previous: 12 },
    };
    const change = describeChange(partial, false, ['deployment', 'deployments'], '2026-06-05T00:00:00.000Z');
    expect(change).toEqual({
      text: 'previous window only partly collected (history from 5 Jun 2026)',
      tone: 'same',
      direction: 'none',
      status: 'partial_coverage',
    });
    expect(change!.text).not.toMatch(/%/);
  });
});
