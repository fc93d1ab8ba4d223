import { notFound } from 'next/navigation';
import { countOf, formatDuration } from '@/components/common/format';
import { ListHeader, ListParamsError } from '../_server/list-header';
import { loadList } from '../_server/load-list';
import { parseListParams } from '../_server/list-params';
import { ChangesList } from '../_islands/changes-list';
import { QueryIsland } from '../_islands/query-island';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Changes' };

export default async function ChangesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = parseListParams(await searchParams);
  if (!parsed.ok) return <ListParamsError message={parsed.message} />;
  const p = parsed.data;
  const data = await loadList('changes', p);
  if (!data) notFound();
  const lt = data.figures.leadTimeForChanges;
  return (
    <>
      <ListHeader title="Changes" params={p} csvPath="/api/v1/changes" />
      <p className="toolbar">
        <span data-testid="list-total">
          {countOf(lt.changes, 'change')} counted · median lead time {formatDuration(lt.medianSeconds)} · p75{' '}
          {formatDuration(lt.p75Seconds)} · p90 {formatDuration(lt.p90Seconds)}
        </span>
      </p>
      <QueryIsland state={data.state}>
        <ChangesList
          scope={{ team: p.team, service: p.service }}
          window={data.window}
          caption="Pull requests and direct pushes deployed in the window, newest first, with the four lead-time stages."
        />
      </QueryIsland>
    </>
  );
}
