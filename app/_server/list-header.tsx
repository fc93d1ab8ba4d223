import Link from 'next/link';
import { PageHeader } from '@/components/common/page-header';
import { ErrorState } from '@/components/common/states';
import { carry, filtersOfWindow } from '@/lib/filters';
import { now, startOfUtcDay } from '@/lib/clock';
import { describeList, type ListParams } from './list-params';

/** A drill-down page's header: what the rows are, their scope and window, and a CSV export. */
export function ListHeader({
  title,
  params,
  csvPath,
  extra = {},
}: {
  title: string;
  params: ListParams;
  csvPath: string;
  extra?: Record<string, string>;
}) {
  const search = new URLSearchParams({
    from: params.from.toISOString(),
    to: params.to.toISOString(),
    ...extra,
    format: 'csv',
  });
  if (params.service) search.set('service', params.service);
  if (params.team) search.set('team', params.team);
  // Back to the view the rows came from, at the same window (and team, for the overview).
  const window = { ...filtersOfWindow(params.from, params.to, startOfUtcDay(now())), compare: params.compare };
  const back = params.service
    ? carry(`/services/${params.service}`, window)
    : params.team
      ? carry(`/teams/${params.team}`, window)
      : carry('/', window);
  return (
    <PageHeader
      title={title}
      eyebrow={<Link href={back}>← {params.service ? 'Service' : params.team ? 'Team' : 'Overview'}</Link>}
      subtitle={describeList(params)}
    >
      <a className="button secondary" href={`${csvPath}?${search}`} download>
        Download CSV
      </a>
    </PageHeader>
  );
}

export function ListParamsError({ message }: { message: string }) {
  return <ErrorState message={`This link's filters are not valid: ${message}`} />;
}
