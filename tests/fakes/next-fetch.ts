/**
 * A fetch wrapped the way Next.js patches `fetch` on the server: every response body is
 * teed, one branch kept (for its data cache) and never read here, the other handed to the
 * caller. Cancelling the caller's branch then never settles, since a tee cancels its source
 * only once both branches are cancelled.
 */
export function nextLikeFetch(inner: typeof fetch = fetch): typeof fetch & { kept: ReadableStream[] } {
  const kept: ReadableStream[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await inner(input, init);
    if (!response.body) return response;
    const [cached, given] = response.body.tee();
    kept.push(cached);
    return new Response(given, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return Object.assign(wrapped, { kept });
}
