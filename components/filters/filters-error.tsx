import { PageHeader } from '@/components/common/page-header';
import { ErrorState } from '@/components/common/states';
import type { DashboardFilters } from '@/lib/filters';
import { FilterBar } from './filter-bar';

/**
 * A page whose link has invalid filters (an impossible date, a reversed range): the error, and a
 * filter bar to choose a valid window, instead of figures for a window nobody asked for.
 */
export function FiltersError({
  title,
  message,
  filters,
}: {
  title: string;
  message: string;
  filters: DashboardFilters;
}) {
  return (
    <>
      <PageHeader title={title} subtitle="No figures: this link's filters are not valid">
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      <ErrorState message={`This link's filters are not valid: ${message}`} />
    </>
  );
}
