'use client';

import { ServicesTable } from '@/components/services/services-table';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { carry, drillSearch } from '@/lib/filters';
import type { WindowParams } from '@/lib/query-keys';

/** The searchable, sortable services list with drill-down links for the window. */
export function ServicesClient({
  rows,
  window,
  carried,
  scorecardName,
}: {
  rows: ServiceListRow[];
  window: WindowParams;
  /** The range a service or team link opens at. */
  carried: { range: string; fromDay: string; toDay: string; compare: string };
  scorecardName: string | null;
}) {
  return (
    <ServicesTable
      rows={rows}
      scorecardName={scorecardName}
      drill={(path, service, extra = {}) => `${path}?${drillSearch(window, { service }, extra)}`}
      link={(path) => carry(path, carried)}
    />
  );
}
