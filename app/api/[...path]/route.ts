import { notFound } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * Any address under /api that no route handles: a JSON 404, as every API error is, instead of
 * the HTML not-found page.
 */
function noSuchEndpoint(request: Request) {
  return notFound(`no endpoint ${new URL(request.url).pathname} (see /api/v1/openapi.json)`);
}

export const GET = noSuchEndpoint;
export const POST = noSuchEndpoint;
export const PUT = noSuchEndpoint;
export const PATCH = noSuchEndpoint;
export const DELETE = noSuchEndpoint;
