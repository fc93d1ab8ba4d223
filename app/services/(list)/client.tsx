'use client';

import { ServicesTable } from '@/components/services/services-table';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { drillSearch } from '@/lib/filters';
import type { WindowParams } from '@/lib/query-keys';

/** The searchable, sortable services list with drill-down links for the window. */
export function ServicesClient({
  rows,
  window,
  scorecardName,
}: {
  rows: ServiceListRow[];
  window: WindowParams;
  scorecardName: string | null;
}) {
  return (
    <ServicesTable
      rows={rows}
      scorecardName={scorecardName}
      drill={(path, service, extra = {}) => `${path}?${drillSearch(window, { service }, extra)}`}
    />
  );
}
