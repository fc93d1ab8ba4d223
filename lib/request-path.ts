/**
 * Why a request's address cannot be served, or null when it can. Next.js would answer a path
 * segment that does not percent-decode (`%ZZ`, a lone `%`, the overlong `%C0%AE`) with a 500
 * or hand it to a route, and PostgreSQL rejects a NUL byte in a query with an error; both are
 * the client's mistake, so they end here as a 400.
 */
export function malformedAddress(url: URL): string | null {
  for (const segment of url.pathname.split('/')) {
    const decoded = decodeOrNull(segment);
    if (decoded === null) return 'the path is not valid percent-encoded UTF-8';
    if (decoded.includes('\u0000')) return 'the path contains a NUL byte';
  }
  // The query is decoded leniently (as URLSearchParams does), so only a NUL byte is refused.
  for (const [key, value] of url.searchParams)
    if (key.includes('\u0000') || value.includes('\u0000')) return 'the query contains a NUL byte';
  return null;
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
