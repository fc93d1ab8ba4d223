import { notFound } from 'next/navigation';
import { countOf, formatDuration, formatNumber } from '@/components/common/format';
import { correctionAccess } from '../_server/current-principal';
import { ListHeader, ListParamsError } from '../_server/list-header';
import { loadList } from '../_server/load-list';
import { parseListParams } from '../_server/list-params';
import { IncidentsList } from '../_islands/incidents-list';
import { QueryIsland } from '../_islands/query-island';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Incidents' };

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = parseListParams(await searchParams);
  if (!parsed.ok) return <ListParamsError message={parsed.message} />;
  const p = parsed.data;
  const [data, correction] = await Promise.all([loadList('incidents', p), correctionAccess()]);
  if (!data) notFound();
  const t = data.figures.timeToRestore;
  return (
    <>
      <ListHeader title="Incidents" params={p} csvPath="/api/v1/incidents" />
      <p className="toolbar">
        <span data-testid="list-total">
          {countOf(t.incidents, 'incident')} counted, {formatNumber(t.resolved)} resolved · median time to restore{' '}
          {formatDuration(t.medianSeconds)}
        </span>
      </p>
      <QueryIsland state={data.state}>
        <IncidentsList
          scope={{ team: p.team, service: p.service }}
          window={data.window}
          caption="Incidents created in the window, newest first, with the deployment each was attributed to."
          correction={correction}
        />
      </QueryIsland>
    </>
  );
}
