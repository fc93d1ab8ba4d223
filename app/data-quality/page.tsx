import { dehydrate } from '@tanstack/react-query';
import { PageHeader } from '@/components/common/page-header';
import { WebhookHealthTable } from '@/components/data-quality/webhook-health';
import { DeliveryHealthTable } from '@/components/notifications/delivery-health';
import { getDeliveryHealth } from '@/notifications/delivery-health';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { getDataQuality } from '@/metrics/data-quality';
import { getSyncStatus } from '@/metrics/sync-status';
import { getWebhookHealth } from '@/metrics/webhook-health';
import { getServerContext } from '../_server/context';
import { DataQualityClient } from './client';
import { QueryIsland } from '../_islands/query-island';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Data quality and sync' };

export default async function DataQualityPage() {
  const { db, loaded } = await getServerContext();
  const [quality, status, webhooks, deliveries] = await Promise.all([
    getDataQuality(db),
    getSyncStatus(db),
    getWebhookHealth(db, loaded.config),
    getDeliveryHealth(db),
  ]);
  const client = makeQueryClient();
  client.setQueryData(queryKeys.dataQuality(), quality);
  return (
    <>
      <PageHeader
        title="Data quality and sync"
        subtitle={
          status.demo
            ? 'Demo organisation: generated data, no source configured.'
            : 'Collected from GitHub and PagerDuty.'
        }
      />
      <QueryIsland state={dehydrate(client)}>
        <DataQualityClient status={status} />
      </QueryIsland>
      <section className="section" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading" className="section-title">
          Webhooks
        </h2>
        <WebhookHealthTable health={webhooks} quietHours={loaded.config.webhooks.quietHours} />
      </section>
      <section className="section" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading" className="section-title">
          Digests and alerts
        </h2>
        <DeliveryHealthTable health={deliveries} />
      </section>
    </>
  );
}
