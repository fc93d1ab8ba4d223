'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { describeRunProgress } from '@/components/data-quality/run-progress-text';
import { SyncForm } from '@/components/data-quality/sync-form';
import { QualityLists } from '@/components/data-quality/quality-lists';
import { SyncSources } from '@/components/data-quality/sync-sources';
import { ErrorState, LoadingState } from '@/components/common/states';
import { useDataQualityQuery } from '@/app/_queries/use-data-quality-query';
import { useSyncMutation } from '@/app/_queries/use-sync-mutation';
import { useSyncRunQuery } from '@/app/_queries/use-sync-run-query';
import type { SyncStatus } from '@/metrics/sync-status';

/**
 * Sync status, the admin's sync form with the progress of the run under way (whoever started
 * it), and the data-quality lists, refreshed when that run ends.
 */
export function DataQualityClient({ status }: { status: SyncStatus | null }) {
  const router = useRouter();
  const client = useQueryClient();
  const quality = useDataQualityQuery();
  const sync = useSyncMutation();
  const [runId, setRunId] = useState<number | null>(status?.activeRunId ?? null);
  const run = useSyncRunQuery(runId);
  const progress = run.data ? describeRunProgress(run.data) : null;
  const ended = progress !== null && progress.tone !== 'busy';
  const refreshedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!ended || refreshedFor.current === runId) return;
    refreshedFor.current = runId;
    void client.invalidateQueries({ queryKey: ['data-quality'] });
    router.refresh();
  }, [ended, runId, client, router]);

  const message = sync.error
    ? { tone: 'error' as const, text: sync.error.message }
    : progress
      ? { tone: progress.tone === 'error' ? ('error' as const) : ('ok' as const), text: progress.text }
      : null;
  if (quality.isError) return <ErrorState message={quality.error.message} onRetry={() => void quality.refetch()} />;
  if (!quality.data) return <LoadingState label="Loading data quality" height={300} />;
  return (
    <>
      <div className="grid-2">
        <SyncSources status={status} sources={quality.data.lastSync} />
        <SyncForm
          pending={sync.isPending || progress?.tone === 'busy'}
          message={message}
          onSync={(token) => sync.mutate(token, { onSuccess: (queued) => setRunId(queued.runId) })}
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
