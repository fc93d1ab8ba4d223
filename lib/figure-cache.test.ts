import { describe, expect, it } from 'vitest';
import { FigureCache, figureKey } from './figure-cache';
import { metrics } from './telemetry/metrics';

const lookups = async (result: string) =>
  (await metrics().figureCacheLookups.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

describe('FigureCache', () => {
  it('stays within its size, however many answers it is given, evicting the least recently used', async () => {
    const cache = new FigureCache(10_000);
    const answer = (i: number) => ({ i, text: 'x'.repeat(900) });
    for (let i = 0; i < 200; i++) await cache.get(`k${i}`, async () => answer(i));
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size.entries).toBeGreaterThan(5);
    expect(cache.size.entries).toBeLessThan(12);
    let computed = 0;
    await cache.get('k199', async () => (computed++, answer(199)));
    expect(computed).toBe(0);
    await cache.get('k0', async () => (computed++, answer(0)));
    expect(computed).toBe(1);
    // An answer larger than a quarter of the cache is answered, never kept.
    await cache.get('huge', async () => ({ text: 'y'.repeat(5_000) }));
    await cache.get('huge', async () => (computed++, { text: 'y'.repeat(5_000) }));
    expect(computed).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
  });

  it('computes a missing answer once for every request that asks meanwhile, and counts hits', async () => {
    const cache = new FigureCache(1_000_000);
    const [hits, misses, joined] = [await lookups('hit'), await lookups('miss'), await lookups('joined')];
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      computed++;
      await gate;
      return { value: 42 };
    };
    const asked = Array.from({ length: 10 }, () => cache.get('k', compute));
    release();
    const answers = await Promise.all(asked);
    expect(computed).toBe(1);
    expect(answers.every((a) => a.value === 42)).toBe(true);
    await cache.get('k', compute);
    expect(computed).toBe(1);
    expect(await lookups('miss')).toBe(misses + 1);
    expect(await lookups('joined')).toBe(joined + 9);
    expect(await lookups('hit')).toBe(hits + 1);
  });

  it('keeps no answer that failed, and freezes what it shares', async () => {
    const cache = new FigureCache(1_000_000);
    await expect(cache.get('k', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    const answer = await cache.get('k', async () => ({ list: [3, 1, 2] }));
    expect(answer.list).toEqual([3, 1, 2]);
    expect(() => answer.list.sort()).toThrow(TypeError);
  });

  it('with no room (PAVED_FIGURE_CACHE_MB=0) computes every time', async () => {
    const cache = new FigureCache(0);
    let computed = 0;
    for (let i = 0; i < 3; i++) await cache.get('k', async () => ++computed);
    expect(computed).toBe(3);
  });
});

describe('figureKey', () => {
  const base = {
    kind: 'dora-report',
    request: { team: 'payments', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
    config: ['abc'],
    generation: 7,
    day: '2026-06-01',
  };
  it('names the same request the same, whatever the order of its keys or an absent option', () => {
    expect(figureKey(base)).toBe(
      figureKey({
        ...base,
        request: {
          service: undefined,
          to: new Date('2026-04-01T00:00:00Z'),
          from: base.request.from,
          team: 'payments',
        },
      }),
    );
  });
  it('changes with every part: generation, config, day, kind and any request parameter', () => {
    const keys = [
      base,
      { ...base, generation: 8 },
      { ...base, config: ['abd'] },
      { ...base, config: ['abc', 'scorecards'] },
      { ...base, day: '2026-06-02' },
      { ...base, kind: 'dora-series' },
      { ...base, request: { ...base.request, team: 'search' } },
      { ...base, request: { ...base.request, from: new Date('2026-01-02T00:00:00Z') } },
      { ...base, request: { ...base.request, compare: 'year' } },
    ].map(figureKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
