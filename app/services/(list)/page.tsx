import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { FiltersError } from '@/components/filters/filters-error';
import { resolveFilters } from '@/lib/resolve-filters';
import { listTeams } from '@/metrics/catalog-views';
import { getServerContext } from '@/app/_server/context';
import { loadServices } from '@/app/_server/load-services';
import { ServicesClient } from './client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Services' };

export default async function ServicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const resolved = resolveFilters(await searchParams);
  if (!resolved.ok) return <FiltersError title="Services" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const { db } = await getServerContext();
  const [{ rows, total, anyServices, scorecard }, teams] = await Promise.all([loadServices(filters), listTeams(db)]);
  // An unknown team is not a team without services: the not-found state, as on the overview and the roadmap.
  if (filters.team && !teams.some((t) => t.slug === filters.team)) notFound();
  return (
    <>
      <PageHeader
        title="Services"
        subtitle={`${filters.fromDay} to ${filters.toDay} (UTC) · scorecard: ${scorecard?.name ?? 'none configured'}`}
      >
        <FilterBar filters={filters} teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} />
      </PageHeader>
      {!anyServices ? (
        <EmptyState title="No services yet">
          Services come from paved.config.yaml, catalog-info.yaml descriptors, or unclaimed repositories after a sync.
        </EmptyState>
      ) : (
        <ServicesClient
          rows={rows}
          total={total}
          team={filters.team || null}
          window={{ from: filters.from, to: filters.to }}
          carried={{ range: filters.range, fromDay: filters.fromDay, toDay: filters.toDay, compare: filters.compare }}
          scorecardName={scorecard?.name ?? null}
        />
      )}
    </>
  );
}
