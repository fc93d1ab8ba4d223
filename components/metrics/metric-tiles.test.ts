import { describe, expect, it } from 'vitest';
import { describeChange } from './metric-tiles';

describe("a metric tile's change", () => {
  it('points its arrow the way the number moved, and says whether that is better for the metric', () => {
    // Lead time up 20%: the number rose, which is worse.
    expect(describeChange(12, 10, 'relative', true)).toEqual({
      text: '+20.0% (worse)',
      tone: 'worse',
      direction: 'up',
    });
    // Change failure rate down 0.7 points: the number fell, which is better.
    expect(describeChange(0.093, 0.1, 'points', true)).toEqual({
      text: '−0.7 pts (better)',
      tone: 'better',
      direction: 'down',
    });
    // Deployments per week up: rose, better.
    expect(describeChange(11, 10, 'relative', false)).toMatchObject({ tone: 'better', direction: 'up' });
    expect(describeChange(10, 10, 'relative', false)).toEqual({ text: 'no change', tone: 'same', direction: 'flat' });
    expect(describeChange(5, 0, 'relative', false)).toBeNull();
  });

  it('does not call a change on too few events better or worse', () => {
    // One recovery against one: +571%, shown, but neutral.
    expect(
      describeChange(6.71, 1, 'relative', true, { current: 1, previous: 1, noun: ['recovery', 'recoveries'] }),
    ).toEqual({
      text: '+571.0% (too few to judge: 1 recovery vs 1)',
      tone: 'same',
      direction: 'up',
    });
    expect(
      describeChange(12, 10, 'relative', true, { current: 40, previous: 5, noun: ['change', 'changes'] }),
    ).toMatchObject({ tone: 'worse' });
  });
});
