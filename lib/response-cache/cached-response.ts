import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { etagListMatches } from '../etag';
import { newNonce } from '../security-headers';
import type { CapturedResponse } from './capture-response';

/**
 * A response kept to be sent again. Its body is kept cut at the Content-Security-Policy nonce
 * the page was rendered with, so every replay carries a fresh nonce of its own, in the policy
 * header and in each script tag alike: a nonce is never served twice.
 */
export interface CachedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** The body, cut where the nonce stood (one piece when there is none). */
  pieces: Buffer[];
  nonce: string | null;
  etag: string | null;
  bytes: number;
}

/** Content a replay may send: documents, React Server Component payloads, JSON, CSV. */
const KEPT_TYPES = /^(text\/html|text\/x-component|application\/json|text\/csv)\b/i;
/** Whatever describes this one delivery (its id, date, length, encoding) is made anew each time. */
const PER_DELIVERY = new Set([
  'date',
  'x-request-id',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);
const NONCE = /'nonce-([A-Za-z0-9+/=]+)'/;

/**
 * What of a rendered response may be kept: a complete 200 in a kept type that sets no cookie,
 * sent without compression (the cache compresses each replay itself, after the new nonce), and
 * varying on no request header outside `keyedHeaders`. Null when it must not be kept.
 */
export function toCachedResponse(captured: CapturedResponse, keyedHeaders: ReadonlySet<string>): CachedResponse | null {
  const { status, headers, body } = captured;
  if (status !== 200 || headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return null;
  if (!KEPT_TYPES.test(String(headers['content-type'] ?? ''))) return null;
  const vary = String(headers.vary ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (vary.some((name) => name === '*' || !keyedHeaders.has(name))) return null;
  const nonce = NONCE.exec(String(headers['content-security-policy'] ?? ''))?.[1] ?? null;
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_DELIVERY.has(name)) continue;
    // A page's own ETag would name the old nonce's bytes.
    if (nonce && name === 'etag') continue;
    kept[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  const pieces = nonce ? splitAt(body, Buffer.from(nonce)) : [body];
  return {
    status,
    headers: kept,
    pieces,
    nonce,
    etag: typeof kept.etag === 'string' ? kept.etag : null,
    bytes: body.length + JSON.stringify(kept).length,
  };
}

function splitAt(body: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(separator); at !== -1; at = body.indexOf(separator, from)) {
    pieces.push(body.subarray(from, at));
    from = at + separator.length;
  }
  pieces.push(body.subarray(from));
  return pieces;
}

const acceptsGzip = (request: IncomingMessage) => /\bgzip\b/i.test(String(request.headers['accept-encoding'] ?? ''));
/** Sends `cached` as the answer to `request`: a 304 when the caller holds its ETag, else the body with a fresh nonce. */
export function replay(cached: CachedResponse, request: IncomingMessage, response: ServerResponse): void {
  if (cached.etag && etagListMatches(request.headers['if-none-match'], cached.etag)) {
    const headers: OutgoingHttpHeaders = { etag: cached.etag };
    const cacheControl = cached.headers['cache-control'];
    if (cacheControl) headers['cache-control'] = String(cacheControl);
    response.writeHead(304, headers).end();
    return;
  }
  const nonce = cached.nonce ? newNonce() : null;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(cached.headers)) {
    headers[name] =
      nonce && name === 'content-security-policy' ? String(value).split(cached.nonce!).join(nonce) : value;
  }
  let body = nonce ? Buffer.concat(joinWith(cached.pieces, Buffer.from(nonce))) : cached.pieces[0]!;
  if (body.length > 1024 && acceptsGzip(request)) {
    // Level 1: most of level 6's saving at a fraction of its time, paid on every replay.
    body = gzipSync(body, { level: 1 });
    headers['content-encoding'] = 'gzip';
    headers.vary = [String(headers.vary ?? ''), 'Accept-Encoding'].filter(Boolean).join(', ');
  }
  headers['content-length'] = body.length;
  response.writeHead(cached.status, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

function joinWith(pieces: Buffer[], separator: Buffer): Buffer[] {
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [separator, piece]));
}
