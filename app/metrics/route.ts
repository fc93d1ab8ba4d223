import { getDb } from '@/db/database';
import { registerDatabaseGauges } from '@/db/metrics-gauges';
import { metrics, METRICS_CONTENT_TYPE } from '@/lib/telemetry/metrics';

export const dynamic = 'force-dynamic';

/**
 * Prometheus metrics of this web server (requests, Node process) and of what the database
 * knows (last successful sync per source, queue depth, GitHub budgets). Access as any read:
 * a viewer API token when auth is configured (docs/operations.md).
 */
export async function GET() {
  registerDatabaseGauges(getDb);
  return new Response(await metrics().registry.metrics(), {
    headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
}
