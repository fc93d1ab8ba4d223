'use client';

import { useRouter } from 'next/navigation';
import { SyncForm } from '@/components/data-quality/sync-form';
import { QualityLists } from '@/components/data-quality/quality-lists';
import { SyncSources } from '@/components/data-quality/sync-sources';
import { ErrorState, LoadingState } from '@/components/common/states';
import { useDataQualityQuery } from '@/lib/queries/use-data-quality-query';
import { useSyncMutation } from '@/lib/queries/use-sync-mutation';
import type { SyncStatus } from '@/metrics/sync-status';

/** Sync status, the admin's sync form, and the data-quality lists (refetched after a sync). */
export function DataQualityClient({ status }: { status: SyncStatus | null }) {
  const router = useRouter();
  const quality = useDataQualityQuery();
  const sync = useSyncMutation();
  const message = sync.isPending
    ? null
    : sync.error
      ? { tone: 'error' as const, text: sync.error.message }
      : sync.data
        ? {
            tone: sync.data.status === 'succeeded' ? ('ok' as const) : ('error' as const),
            text: `Sync ${sync.data.status} (run ${sync.data.runId})${sync.data.errors.length ? `: ${sync.data.errors.join('; ')}` : ''}.`,
          }
        : null;
  if (quality.isError) return <ErrorState message={quality.error.message} onRetry={() => void quality.refetch()} />;
  if (!quality.data) return <LoadingState label="Loading data quality" height={300} />;
  return (
    <>
      <div className="grid-2">
        <SyncSources status={status} sources={quality.data.lastSync} />
        <SyncForm
          pending={sync.isPending}
          message={message}
          onSync={(token) => sync.mutate(token, { onSuccess: () => router.refresh() })}
        />
      </div>
      <section className="section" aria-labelledby="lists-heading">
        <h2 id="lists-heading" className="section-title">
          What the figures leave out
        </h2>
        <QualityLists q={quality.data} />
      </section>
    </>
  );
}
