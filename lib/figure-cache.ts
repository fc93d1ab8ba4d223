import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { canonicalJson } from './canonical-json';
import { metrics } from './telemetry/metrics';
import { deepFreeze } from './deep-freeze';

/**
 * Computed figures kept per process, keyed by everything that decides them: what was asked
 * (the parsed request, so a new query parameter is part of the key by itself), the
 * configuration it is computed with, the UTC day (defaults and "not enforced yet" read the
 * clock) and the figure generation (db/figure-generation.ts). A new generation makes the old
 * entries unreachable; they age out of the LRU. Nothing is ever invalidated by hand, and a
 * process without the cache computes the same answers: every web instance keeps its own.
 */
export interface FigureKeyParts {
  /** what is computed: 'dora-report', 'scorecard', … */
  kind: string;
  /** the parsed, validated request: scope, window, options */
  request: unknown;
  /** fingerprints of the configuration (and scorecards file) the answer is computed with */
  config: readonly string[];
  generation: number;
  /** the UTC day of `now()`, for answers whose defaults read the clock */
  day: string;
}

/** A short, stable name for a request's answer: the cache key, and the body of its ETag. */
export function figureKey(parts: FigureKeyParts): string {
  // Through JSON first: dates become their ISO instants, undefined options drop out.
  const normal: unknown = JSON.parse(JSON.stringify(parts));
  return createHash('sha256').update(canonicalJson(normal)).digest('base64url').slice(0, 27);
}

const DEFAULT_MEGABYTES = 64;

/**
 * A bounded LRU of computed answers, sized by their JSON length, that computes each missing
 * key once however many requests ask for it at the same time. Answers are frozen: callers
 * share them, so a caller that changed one would change every later answer.
 */
export class FigureCache {
  private readonly entries: LRUCache<string, { value: unknown }> | null;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(maxBytes: number) {
    this.entries =
      maxBytes > 0
        ? new LRUCache<string, { value: unknown }>({
            maxSize: maxBytes,
            // One answer may take at most a quarter of the cache, so a huge one cannot empty it.
            maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
            sizeCalculation: (entry) => Math.max(1, JSON.stringify(entry.value)?.length ?? 1),
          })
        : null;
  }

  /** The cached answer of `key`, else `compute()`'s (kept unless it throws). */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const lookups = metrics().figureCacheLookups;
    if (!this.entries) {
      lookups.inc({ result: 'miss' });
      return compute();
    }
    const found = this.entries.get(key);
    if (found) {
      lookups.inc({ result: 'hit' });
      return found.value as T;
    }
    const running = this.inFlight.get(key);
    if (running) {
      lookups.inc({ result: 'joined' });
      return running as Promise<T>;
    }
    lookups.inc({ result: 'miss' });
    // A computation that throws is not kept: the next request computes again.
    const promise = compute().then((value) => {
      this.entries!.set(key, { value: deepFreeze(value) });
      metrics().figureCacheBytes.set(this.entries!.calculatedSize);
      return value;
    });
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** How much the cache holds: entries and the sum of their sizes (bytes of JSON). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries?.size ?? 0, bytes: this.entries?.calculatedSize ?? 0 };
  }
}

/**
 * The process's cache, `PAVED_FIGURE_CACHE_MB` megabytes (default 64; 0 turns it off). One per
 * process: the custom server and Next.js's bundles may each load this module.
 */
export function figureCache(): FigureCache {
  const holder = globalThis as { __pavedFigureCache?: FigureCache };
  const megabytes = Number(process.env.PAVED_FIGURE_CACHE_MB ?? DEFAULT_MEGABYTES);
  return (holder.__pavedFigureCache ??= new FigureCache(
    Math.floor((Number.isFinite(megabytes) && megabytes >= 0 ? megabytes : DEFAULT_MEGABYTES) * 1024 * 1024),
  ));
}
