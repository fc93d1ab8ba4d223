import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideAccess } from '../access/guard';
import type { Db } from '../db/database';
import { readPageGenerations } from '../db/figure-generation';
import { scorecardsPath } from '../scorecards/load-scorecards';
import { peerAddress } from '../lib/access/peer';
import { canonicalJson } from '../lib/canonical-json';
import { now } from '../lib/clock';
import { loadConfigCached } from '../lib/config';
import { malformedAddress } from '../lib/request-path';
import { replay, toCachedResponse } from '../lib/response-cache/cached-response';
import { KEYED_HEADERS, isCacheableRoute } from '../lib/response-cache/cacheable-routes';
import { captureResponse } from '../lib/response-cache/capture-response';
import { ResponseCache } from '../lib/response-cache/response-cache';

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Marks a replayed response, for operators and tests: `hit`. */
export const CACHE_HEADER = 'x-paved-response-cache';
/** Vary names Next.js may send that the cache handles itself (each replay is compressed anew). */
const HANDLED_VARY = new Set([...KEYED_HEADERS, 'accept-encoding']);

const DEFAULT_MEGABYTES = 64;
const TTL_MS = 30_000;

/**
 * Rendered pages and API answers kept per web process, in front of Next.js: the second request
 * for the same thing, by the same principal, while the figure and collection generations stand,
 * is sent from memory with a fresh nonce instead of being rendered again (docs/operations.md).
 * Access is decided first, exactly as proxy.ts decides it, so a kept response reaches only a
 * caller who may read it, and a credential revoked a second ago is refused a second later.
 * `PAVED_RESPONSE_CACHE_MB` (default 64; 0 turns it off) bounds it.
 */
export function withResponseCache(handle: Handler, db: () => Promise<Db>): Handler {
  const megabytes = Number(process.env.PAVED_RESPONSE_CACHE_MB ?? DEFAULT_MEGABYTES);
  const maxBytes = Math.floor((Number.isFinite(megabytes) && megabytes >= 0 ? megabytes : DEFAULT_MEGABYTES) * 2 ** 20);
  if (maxBytes === 0) return handle;
  const cache = new ResponseCache(maxBytes, TTL_MS);
  return async (request, response) => {
    // Without the database (or a readable config) there is no key: Next.js answers as it would.
    const key = await db()
      .then((pool) => keyOf(request, pool))
      .catch(() => null);
    if (!key) return handle(request, response);
    const found = await cache.find(key);
    if (found) {
      response.setHeader(CACHE_HEADER, 'hit');
      return replay(found, request, response);
    }
    if (found === undefined) {
      // Rendered uncompressed, so the kept body can take a new nonce.
      delete request.headers['accept-encoding'];
      const captured = captureResponse(response, cache.maxEntryBytes);
      cache.render(
        key,
        captured.then((c) => c && toCachedResponse(c, HANDLED_VARY)),
      );
    }
    return handle(request, response);
  };
}

/**
 * The key of a cacheable request, or null when it is not one (not a GET of a listed route, or
 * refused: then Next.js answers it, and counts a wrong token, as always).
 */
async function keyOf(request: IncomingMessage, db: Db): Promise<string | null> {
  if (request.method !== 'GET' || !request.url) return null;
  const url = new URL(request.url, 'http://paved.invalid');
  if (!isCacheableRoute(url.pathname) || malformedAddress(url)) return null;
  const loaded = loadConfigCached();
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const decision = await decideAccess(
    db,
    loaded.config,
    { method: 'GET', pathname: url.pathname, headers, peer: peerAddress(headers) },
    undefined,
    { countFailures: false },
  );
  if (!decision.allow) return null;
  const generations = await readPageGenerations(db);
  const parts = {
    url: request.url,
    headers: [...KEYED_HEADERS].map((name) => headers.get(name)),
    principal: decision.principal,
    generations,
    config: loaded.fingerprint,
    scorecards: fileVersion(scorecardsPath(loaded)),
    day: now().toISOString().slice(0, 10),
  };
  return createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(parts))))
    .digest('base64url');
}

function fileVersion(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'absent';
  }
}
