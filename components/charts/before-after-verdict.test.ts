import { describe, expect, it } from 'vitest';
import { verdict } from './before-after-verdict';

describe('verdict', () => {
  it('reads a fall as better for lead time, failure rate and recovery, and as worse for deploys', () => {
    expect(verdict({ before: 10, after: 5, better: 'lower' })).toBe('better');
    expect(verdict({ before: 10, after: 15, better: 'lower' })).toBe('worse');
    expect(verdict({ before: 2, after: 1, better: 'higher' })).toBe('worse');
    expect(verdict({ before: 1, after: 2, better: 'higher' })).toBe('better');
    expect(verdict({ before: 0.5, after: 0.5, better: 'lower' })).toBe('same');
  });
});
