import { describe, expect, it } from 'vitest';
import type { Rule } from '../definition-schema';
import { checkKind } from './outcome-checks';

const metric = (m: string): Rule => ({ type: 'metric', metric: m, op: '>=', value: 1, windowDays: 30 }) as Rule;

describe('checkKind', () => {
  it('finds the delivery metrics a rule reads through all, any and not', () => {
    expect(checkKind({ type: 'file_exists', paths: ['CODEOWNERS'] })).toEqual({
      kind: 'practice',
      reads: [],
      notCompared: [],
    });
    expect(
      checkKind({
        type: 'all',
        rules: [
          { type: 'has_owner' },
          {
            type: 'any',
            rules: [
              metric('leadTimeForChanges.medianSeconds'),
              { type: 'not', rule: metric('timeToRestore.medianSeconds') },
            ],
          },
          metric('leadTimeForChanges.p90Seconds'),
          metric('reworkRate.rate'),
        ],
      }),
    ).toEqual({
      kind: 'outcome',
      reads: [
        'leadTimeForChanges.medianSeconds',
        'timeToRestore.medianSeconds',
        'leadTimeForChanges.p90Seconds',
        'reworkRate.rate',
      ],
      notCompared: ['leadTime', 'recoveryTime'],
    });
  });

  it('makes a check on rework rate an outcome check that is still compared on all four outcomes', () => {
    expect(checkKind(metric('reworkRate.rate'))).toEqual({
      kind: 'outcome',
      reads: ['reworkRate.rate'],
      notCompared: [],
    });
  });

  it('reads a pipeline rule as a practice: CI runs are not delivery metrics', () => {
    expect(
      checkKind({ type: 'pipeline', measure: 'successRate', op: '>=', value: 0.9, windowDays: 30, minRuns: 5 }).kind,
    ).toBe('practice');
  });
});
