import { receiveWebhook } from '@/app/_server/receive-webhook';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/webhooks/github — an organisation's or GitHub App's webhook. Public: the
 * X-Hub-Signature-256 signature over the raw body, checked against `github.webhookSecret`,
 * is the credential (docs/webhooks.md).
 */
export async function POST(request: Request) {
  return receiveWebhook(request, 'github');
}
