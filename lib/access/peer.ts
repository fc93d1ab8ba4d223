/** The header bin/serve.ts sets to the TCP peer's address, replacing any value a client sent. */
export const PEER_HEADER = 'x-paved-peer';

/**
 * The address of whoever opened the connection (a client, or the reverse proxy in front).
 * Null when the web server was not started by bin/serve.ts: then the header could be forged,
 * so nothing that depends on the address (trusted proxies, throttling per client) trusts it.
 */
export function peerAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string | null {
  if (env.PAVED_PEER_HEADER !== '1') return null;
  return headers.get(PEER_HEADER) || null;
}
