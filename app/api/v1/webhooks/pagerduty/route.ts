import { receiveWebhook } from '@/app/_server/receive-webhook';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/webhooks/pagerduty — a PagerDuty v3 webhook subscription. Public: an
 * X-PagerDuty-Signature entry over the raw body, checked against `pagerduty.webhookSecrets`,
 * is the credential (docs/webhooks.md).
 */
export async function POST(request: Request) {
  return receiveWebhook(request, 'pagerduty');
}
