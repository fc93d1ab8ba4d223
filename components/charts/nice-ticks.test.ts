import { describe, expect, it } from 'vitest';
import { niceTicks, tickFormatter } from './nice-ticks';

describe('chart axes', () => {
  it('tick at round steps from zero past the largest value', () => {
    expect(niceTicks(33, 'h')).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(13, '%')).toEqual([0, 5, 10, 15]);
    expect(niceTicks(7, 'days')).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.8, '%')).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    // Hours above two days a tick step in whole days.
    expect(niceTicks(150, 'h')).toEqual([0, 48, 96, 144, 192]);
    expect(niceTicks(0, 'days')).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('label every tick of an axis with the same decimals', () => {
    const ticks = niceTicks(13, '%');
    expect(ticks.map(tickFormatter(ticks, '%'))).toEqual(['0%', '5%', '10%', '15%']);
    const small = niceTicks(0.8, '%');
    expect(small.map(tickFormatter(small, '%'))).toEqual(['0.0%', '0.2%', '0.4%', '0.6%', '0.8%']);
    const long = niceTicks(150, 'h');
    expect(long.map(tickFormatter(long, 'h'))).toEqual(['0d', '2d', '4d', '6d', '8d']);
  });
});
