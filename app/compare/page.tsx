import { PageHeader } from '@/components/common/page-header';
import { FilterBar } from '@/components/filters/filter-bar';
import { FiltersError } from '@/components/filters/filters-error';
import { PeriodComparison } from '@/components/metrics/period-comparison';
import { carry, COMPARISON_LABEL, periodLabel } from '@/lib/filters';
import { resolveFilters } from '@/lib/resolve-filters';
import { loadPeriodComparison } from '../_server/load-period-comparison';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Period comparison' };

/**
 * This quarter against the last (by default), for the organisation and each team side by side:
 * the five metrics, their levels and each change with its comparison status. Any window and
 * comparison the filter bar offers works the same way.
 */
export default async function PeriodComparisonPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Opened without a range, the view compares this quarter so far with the same days of the last.
  const resolved = resolveFilters({ range: 'this-quarter', ...params });
  if (!resolved.ok)
    return <FiltersError title="Period comparison" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const { organisation, teams } = await loadPeriodComparison({ ...filters, team: null });
  const link = (path: string) => carry(path, { ...filters, team: null });
  return (
    <>
      <PageHeader
        title="Period comparison"
        subtitle={`${periodLabel(filters)}, compared with: ${COMPARISON_LABEL[filters.compare].toLowerCase()}`}
      >
        <FilterBar filters={{ ...filters, team: null }} teams={[]} showTeam={false} explicitRange />
      </PageHeader>
      <PeriodComparison title="Whole organisation" href={link('/')} report={organisation} testId="organisation" />
      {teams.map((t) => (
        <PeriodComparison
          key={t.slug}
          title={t.name}
          href={link(`/teams/${t.slug}`)}
          report={t.report}
          testId={t.slug}
        />
      ))}
    </>
  );
}
