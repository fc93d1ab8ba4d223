/**
 * A fetch that refuses new requests once `stopping` is aborted, and whose in-flight requests
 * can be cut when the grace period runs out. Requests already on the wire are left to finish
 * (with the page they belong to) until then.
 */
export function stoppableFetch(
  base: typeof fetch,
  stopping: AbortSignal,
): { fetch: typeof fetch; cutInFlight(): void } {
  const cut = new AbortController();
  const wrapped: typeof fetch = (input, init) => {
    if (stopping.aborted) return Promise.reject(stopping.reason);
    const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
    return base(input, { ...init, signal });
  };
  return { fetch: wrapped, cutInFlight: () => cut.abort(new Error('the worker stopped before the request finished')) };
}
