/**
 * Failed credentials per client in a fixed window: past the limit the client is refused
 * (429) until its window ends, so guessing tokens is slow while others are unaffected.
 */
export interface Throttle {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string, atMs: number): number;
  recordFailure(key: string, atMs: number): void;
}

export function createThrottle(options: { limit: number; windowMs: number; maxKeys?: number }): Throttle {
  const windows = new Map<string, { startMs: number; failures: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  const current = (key: string, atMs: number) => {
    const window = windows.get(key);
    return window && atMs - window.startMs < options.windowMs ? window : null;
  };
  return {
    retryAfterMs(key, atMs) {
      const window = current(key, atMs);
      return window && window.failures >= options.limit ? window.startMs + options.windowMs - atMs : 0;
    },
    recordFailure(key, atMs) {
      const window = current(key, atMs);
      if (window) {
        window.failures += 1;
        return;
      }
      // Bounded memory under a flood of addresses: the oldest windows go first.
      if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
      windows.delete(key);
      windows.set(key, { startMs: atMs, failures: 1 });
    },
  };
}
