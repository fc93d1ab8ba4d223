import 'server-only';
import { cache } from 'react';
import { readFigureGeneration } from '@/db/figure-generation';
import { now } from '@/lib/clock';
import { figureCache, figureKey } from '@/lib/figure-cache';
import { ifNoneMatch, json, notModified, REVALIDATE } from '@/lib/http';
import { getServerContext } from './context';

export type ServerContext = Awaited<ReturnType<typeof getServerContext>>;

/** One computed answer: what it is, the parsed request it answers, and how to compute it. */
export interface FigureQuery<T> {
  /** 'dora-report', 'scorecard', …: answers of different kinds never share a key */
  kind: string;
  /** the parsed, validated request (scope, window, every option) */
  request: unknown;
  compute: (context: ServerContext) => Promise<T>;
  /** fingerprints of other inputs than the config file: the scorecards file's hash */
  inputs?: readonly string[];
}

/**
 * The figure generation as of this request, read once however many figures a page shows
 * (React's per-render cache; a route handler reads it once anyway).
 */
const generationOfRequest = cache(async () => readFigureGeneration((await getServerContext()).db));

/**
 * Names an answer (lib/figure-cache.ts): its kind and parsed request (a parameter a route adds
 * is in the key by itself), the config fingerprint (every section, so a setting that starts to
 * affect figures needs nothing here) and other inputs, the UTC day and the figure generation.
 * Figures are the same for every caller allowed to read them, so neither caller nor role is part
 * of it. The ETag is the key.
 */
async function nameOf<T>(query: FigureQuery<T>) {
  const [context, generation] = await Promise.all([getServerContext(), generationOfRequest()]);
  const key = figureKey({
    kind: query.kind,
    request: query.request,
    config: [context.loaded.fingerprint, ...(query.inputs ?? [])],
    generation,
    day: now().toISOString().slice(0, 10),
  });
  return { key, etag: `W/"${key}"`, read: () => figureCache().get(key, () => query.compute(context)) };
}

/** The answer from this process's cache, else computed (once, however many ask at once) and kept. */
export async function cachedFigures<T>(query: FigureQuery<T>): Promise<T> {
  return (await nameOf(query)).read();
}

/**
 * A route's answer of computed figures with its ETag: 304 when the caller already holds it
 * (nothing is computed), else the cached or computed answer; `missing` answers a null. `render`
 * makes the response (JSON by default).
 * @example return cachedResponse(request, doraReportQuery(params.data), () => notFound(…))
 */
export async function cachedResponse<T>(
  request: Request,
  query: FigureQuery<T | null>,
  missing: () => Response,
  options: { cacheControl?: string; render?: (answer: T, headers: HeadersInit) => Response } = {},
): Promise<Response> {
  const named = await nameOf(query);
  const cacheControl = options.cacheControl ?? REVALIDATE;
  if (ifNoneMatch(request, named.etag)) return notModified(named.etag, cacheControl);
  const answer = await named.read();
  if (answer === null) return missing();
  const headers = { etag: named.etag, 'cache-control': cacheControl };
  return options.render ? options.render(answer, headers) : json(answer, { headers });
}
