'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { ServicesTable } from '@/components/services/services-table';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { carry, drillSearch } from '@/lib/filters';
import { getQueryClient } from '@/lib/query-client';
import type { WindowParams } from '@/lib/query-keys';
import { useServiceFiguresQuery } from '@/app/_queries/use-service-figures-query';

type Props = {
  /** The first rows by name (every row when `total` is no more) */
  rows: ServiceListRow[];
  /** How many services the list has */
  total: number;
  window: WindowParams;
  /** The team whose services these are; null for every service */
  team: string | null;
  /** The range a service or team link opens at. */
  carried: { range: string; fromDay: string; toDay: string; compare: string };
  scorecardName: string | null;
};

/**
 * The searchable, sortable services list with drill-down links for the window. The server
 * renders its first rows; when the list has more, the rest come from GET /api/v1/dora/services.
 */
export function ServicesClient(props: Props) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <ServicesList {...props} />
    </QueryClientProvider>
  );
}

function ServicesList({ rows, total, window, team, carried, scorecardName }: Props) {
  const partial = rows.length < total;
  const all = useServiceFiguresQuery(team, window, partial);
  return (
    <ServicesTable
      rows={all.data?.services ?? rows}
      rest={
        partial && !all.data ? { total, error: all.error?.message ?? null, retry: () => void all.refetch() } : undefined
      }
      scorecardName={scorecardName}
      drill={(path, service, extra = {}) => `${path}?${drillSearch(window, { service }, extra)}`}
      link={(path) => carry(path, carried)}
    />
  );
}
