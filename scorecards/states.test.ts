import { describe, expect, it } from 'vitest';
import { computeLevel, decodeState, encodeState, STATES, type CheckState, type LevelInput } from './states';

const LEVELS = ['bronze', 'silver', 'gold'];
const c = (checkId: string, level: string, state: CheckState, weight = 1): LevelInput => ({
  checkId,
  level,
  state,
  weight,
});

describe('computeLevel', () => {
  it.each<[string, LevelInput[], string | null, string | null, string[], number | null]>([
    [
      'everything passes',
      [c('a', 'bronze', 'pass'), c('b', 'silver', 'pass'), c('c', 'gold', 'pass')],
      'gold',
      null,
      [],
      1,
    ],
    [
      'levels are cumulative: a gold pass does not lift a silver failure',
      [c('a', 'bronze', 'pass'), c('b', 'silver', 'fail'), c('c', 'gold', 'pass')],
      'bronze',
      'silver',
      ['b'],
      2 / 3,
    ],
    [
      'no_data blocks like a failure',
      [c('a', 'bronze', 'no_data'), c('b', 'silver', 'pass')],
      null,
      'bronze',
      ['a'],
      1 / 2,
    ],
    [
      'exempt counts towards the level, not the score',
      [c('a', 'bronze', 'exempt'), c('b', 'bronze', 'pass', 3), c('c', 'silver', 'fail')],
      'bronze',
      'silver',
      ['c'],
      3 / 4,
    ],
    [
      'upcoming and not applicable do not count',
      [c('a', 'bronze', 'pass'), c('b', 'silver', 'upcoming'), c('c', 'gold', 'not_applicable')],
      'gold',
      null,
      [],
      1,
    ],
    [
      'weights shape the score',
      [c('a', 'bronze', 'pass', 3), c('b', 'bronze', 'fail', 1)],
      null,
      'bronze',
      ['b'],
      3 / 4,
    ],
    ['a level with no applicable checks is reached', [c('a', 'silver', 'pass')], 'gold', null, [], 1],
    ['nothing scored gives no score', [c('a', 'bronze', 'exempt')], 'gold', null, [], null],
  ])('%s', (_name, results, level, nextLevel, blocking, score) => {
    expect(computeLevel(LEVELS, results)).toEqual({ level, nextLevel, blocking, score });
  });
});

describe('snapshot codes', () => {
  it('round-trip every state and outcome in one byte', () => {
    for (const state of STATES) {
      for (const outcome of ['pass', 'fail', 'no_data', null] as const) {
        const code = encodeState(state, outcome);
        expect(code).toBeLessThan(256);
        expect(decodeState(code)).toEqual({ state, outcome });
      }
    }
  });
});
