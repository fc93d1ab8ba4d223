/**
 * Whether an `If-None-Match` value names `etag` (or is `*`), compared weakly as RFC 9110 §13.1.2
 * says. Apart from lib/http.ts so the response cache in front of Next.js needs no Next.js import.
 */
export function etagListMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}
