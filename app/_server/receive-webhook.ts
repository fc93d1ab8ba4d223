import 'server-only';
import { createHash } from 'node:crypto';
import { getProcessDatabase } from '@/db/database';
import { getProcessQueue } from '@/db/queue';
import type { WebhookSource } from '@/db/schema';
// eslint-disable-next-line no-restricted-imports -- webhooks are the other route that asks for collection: a verified delivery queues its re-read.
import { countRefusal, recordDelivery } from '@/db/writes/webhook-deliveries';
import { metrics } from '@/lib/telemetry/metrics';
import type { PavedConfig } from '@/lib/config';
import { apiError, badRequest, json, notFound } from '@/lib/http';
import { routeGithubDelivery } from '@/lib/webhooks/github-events';
import { MAX_DELIVERY_ID_CHARS, MAX_WEBHOOK_BODY_BYTES } from '@/lib/webhooks/limits';
import { routePagerdutyDelivery } from '@/lib/webhooks/pagerduty-events';
import type { RoutedDelivery } from '@/lib/webhooks/plan';
import { verifyGithubSignature, verifyPagerdutySignature } from '@/lib/webhooks/signatures';
import { getServerContext } from './context';

/** How each source proves and describes a delivery. */
interface WebhookKind {
  configured(config: PavedConfig): boolean;
  verify(config: PavedConfig, body: Buffer, headers: Headers): Promise<boolean>;
  route(config: PavedConfig, payload: unknown, headers: Headers): RoutedDelivery;
}

const GITHUB_EVENT = /^[a-z_]{1,100}$/;

const KINDS: Record<WebhookSource, WebhookKind> = {
  github: {
    configured: (config) => Boolean(config.github?.webhookSecret),
    verify: (config, body, headers) =>
      verifyGithubSignature(config.github!.webhookSecret!, body.toString('utf8'), headers.get('x-hub-signature-256')),
    route(config, payload, headers) {
      const event = headers.get('x-github-event') ?? '';
      const deliveryId = headers.get('x-github-delivery') ?? '';
      if (!GITHUB_EVENT.test(event)) return { ok: false, problem: 'X-GitHub-Event: expected an event name' };
      if (!deliveryId || deliveryId.length > MAX_DELIVERY_ID_CHARS)
        return { ok: false, problem: 'X-GitHub-Delivery: expected the delivery id' };
      return routeGithubDelivery(event, deliveryId, payload, config.github!);
    },
  },
  pagerduty: {
    configured: (config) => (config.pagerduty?.webhookSecrets.length ?? 0) > 0,
    verify: async (config, body, headers) =>
      verifyPagerdutySignature(config.pagerduty!.webhookSecrets, body, headers.get('x-pagerduty-signature')),
    route: (config, payload) => routePagerdutyDelivery(payload, config.pagerduty!),
  },
};

/** The body, or null when it passes `max` bytes (it is not read further). */
async function readCapped(request: Request, max: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/v1/webhooks/{source}: 404 when no secret is configured; 413 above 25 MB; 401 without
 * a signature and 403 with a wrong one (counted, nothing stored); 400 for a body that is not the
 * source's JSON; otherwise the delivery is recorded, its re-read queued, and 202 answered before
 * any collection work.
 */
export async function receiveWebhook(request: Request, source: WebhookSource): Promise<Response> {
  const { db, loaded } = await getServerContext();
  const { config } = loaded;
  const kind = KINDS[source];
  if (!kind.configured(config)) return notFound(`no ${source} webhook secret is configured`);
  const body = await readCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body) return apiError(413, 'payload_too_large', `a webhook body may be at most ${MAX_WEBHOOK_BODY_BYTES} bytes`);
  const signatureHeader = source === 'github' ? 'x-hub-signature-256' : 'x-pagerduty-signature';
  if (!request.headers.get(signatureHeader)) {
    await countRefusal(db, source, 'rejected');
    return apiError(401, 'signature_missing', `the ${signatureHeader} header is missing`);
  }
  if (!(await kind.verify(config, body, request.headers))) {
    await countRefusal(db, source, 'rejected');
    return apiError(403, 'signature_invalid', `the ${signatureHeader} signature does not match the body`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    await countRefusal(db, source, 'malformed');
    return badRequest('the body is not JSON');
  }
  const routed = kind.route(config, payload, request.headers);
  if (!routed.ok) {
    await countRefusal(db, source, 'malformed');
    return badRequest(routed.problem);
  }
  const boss = await getProcessQueue((await getProcessDatabase()).url);
  const recorded = await recordDelivery(
    db,
    boss,
    {
      source,
      deliveryId: routed.deliveryId,
      event: routed.event,
      action: routed.action,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      plan: routed.plan,
    },
    { debounceSeconds: config.webhooks.debounceSeconds },
  );
  // A duplicate was counted with the refusals (countRefusal).
  if (recorded.outcome !== 'duplicate') metrics().webhookDeliveries.inc({ source, outcome: recorded.outcome });
  return json(
    {
      outcome: recorded.outcome,
      ...(routed.plan.kind === 'ignore' ? { reason: routed.plan.reason } : {}),
      ...(recorded.jobId ? { job: recorded.jobId } : {}),
    },
    { status: 202 },
  );
}
