import { HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { FilterBar } from '@/components/filters/filter-bar';
import { resolveFilters } from '@/lib/resolve-filters';
import { loadOverview } from './_server/load-overview';
import { OverviewClient } from './client';

export const dynamic = 'force-dynamic';

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = resolveFilters(await searchParams);
  const data = await loadOverview(filters);
  if (!data) notFound();
  const team = data.teams.find((t) => t.slug === filters.team);
  const period = filters.range === 'custom' ? `${filters.fromDay} to ${filters.toDay} (UTC)` : `Last ${filters.days} days: ${filters.fromDay} to ${filters.toDay} (UTC)`;
  return (
    <>
      <PageHeader title="Overview" eyebrow={team ? `Team ${team.name}` : 'Whole organisation'} subtitle={period}>
        <FilterBar filters={filters} teams={data.teams} />
      </PageHeader>
      <HydrationBoundary state={data.state}>
        <OverviewClient filters={filters} teams={data.teams} summary={data.summary} />
      </HydrationBoundary>
    </>
  );
}
