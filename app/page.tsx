import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { PageHeader } from '@/components/common/page-header';
import { PrintHead } from '@/components/common/print-head';
import { BENCHMARK } from '@/metrics/definitions';
import { FilterBar } from '@/components/filters/filter-bar';
import { periodLabel, type DashboardFilters } from '@/lib/filters';
import { FiltersError } from '@/components/filters/filters-error';
import { resolveFilters } from '@/lib/resolve-filters';
import { loadOverview, loadOverviewTeams, type OverviewTeam } from './_server/load-overview';
import { OverviewFigures } from './overview-figures';
import { OverviewSkeleton } from './overview-skeleton';

export const dynamic = 'force-dynamic';

/**
 * The header and the filter bar are sent (and hydrated) before the database has answered:
 * the team list streams into the filter bar, the figures into their own boundary.
 */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const resolved = resolveFilters(await searchParams);
  if (!resolved.ok) return <FiltersError title="Overview" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const teams = loadOverviewTeams();
  // A team filter names the team in the header, and an unknown team is a 404: both need the list first.
  const team = filters.team ? (await teams).find((t) => t.slug === filters.team) : undefined;
  if (filters.team && !team) notFound();
  const period = periodLabel(filters);
  return (
    <>
      <PrintHead
        title="Overview"
        scope={team ? `Team ${team.name}` : 'Whole organisation'}
        period={period}
        benchmark={BENCHMARK}
      />
      <PageHeader title="Overview" eyebrow={team ? `Team ${team.name}` : 'Whole organisation'} subtitle={period}>
        <FilterBar filters={filters} teams={teams.then((list) => list.map((t) => ({ slug: t.slug, name: t.name })))} />
      </PageHeader>
      <Suspense fallback={<OverviewSkeleton />}>
        <LoadedFigures filters={filters} teams={teams} />
      </Suspense>
    </>
  );
}

async function LoadedFigures({ filters, teams }: { filters: DashboardFilters; teams: Promise<OverviewTeam[]> }) {
  const data = await loadOverview(filters, await teams);
  if (!data) notFound();
  return <OverviewFigures filters={filters} {...data} />;
}
