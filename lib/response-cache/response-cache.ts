import { LRUCache } from 'lru-cache';
import { metrics } from '../telemetry/metrics';
import type { CachedResponse } from './cached-response';

/**
 * Rendered responses kept per web process: a bounded LRU sized by bytes, whose entries also
 * lapse after `ttlMs` (keys name the figure and collection generations, so the age limit only
 * bounds what neither covers, such as the last 24 hours' API cost in the header). A key asked
 * for while its first rendering runs waits for that rendering instead of starting another.
 */
/** How long a request waits for the same rendering by another before it renders its own. */
const RENDER_WAIT_MS = 15_000;

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse>;
  private readonly rendering = new Map<string, Promise<CachedResponse | null>>();

  constructor(maxBytes: number, ttlMs: number) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      // One response may take at most a quarter of the cache, so a huge one cannot empty it.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
      ttl: ttlMs,
    });
  }

  get maxEntryBytes(): number {
    return this.entries.maxEntrySize;
  }

  /** The kept response of `key`, else the one being rendered for it (null if that one is not kept), else undefined. */
  async find(key: string): Promise<CachedResponse | null | undefined> {
    const lookups = metrics().responseCacheLookups;
    const found = this.entries.get(key);
    if (found) {
      lookups.inc({ result: 'hit' });
      return found;
    }
    const running = this.rendering.get(key);
    if (!running) return undefined;
    lookups.inc({ result: 'joined' });
    return running;
  }

  /** Notes that `key` is being rendered; `rendered` settles with what to keep (null: nothing). */
  render(key: string, rendered: Promise<CachedResponse | null>): void {
    metrics().responseCacheLookups.inc({ result: 'miss' });
    // Whatever happens to that rendering, those waiting for it render their own after a while.
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), RENDER_WAIT_MS).unref();
    });
    const kept = Promise.race([rendered, givenUp]).then(
      (entry) => {
        if (entry) {
          this.entries.set(key, entry);
          metrics().responseCacheBytes.set(this.entries.calculatedSize);
        }
        return entry;
      },
      () => null,
    );
    this.rendering.set(key, kept);
    void kept.finally(() => {
      clearTimeout(timer);
      if (this.rendering.get(key) === kept) this.rendering.delete(key);
    });
  }
}
