import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { PrintHead } from '@/components/common/print-head';
import { BENCHMARK } from '@/metrics/definitions';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { FixNext } from '@/components/scorecards/fix-next';
import { LevelDistribution } from '@/components/scorecards/level-distribution';
import { countOf } from '@/components/common/format';
import { carry, periodLabel } from '@/lib/filters';
import { FiltersError } from '@/components/filters/filters-error';
import { resolveFilters } from '@/lib/resolve-filters';
import { listTeams } from '@/metrics/catalog-views';
import { getServerContext } from '../../_server/context';
import { loadTeamPage } from '../../_server/load-team-page';
import { ScopeMetrics } from '../../_islands/scope-metrics';
import { ServicesClient } from '../../services/(list)/client';
import { QueryIsland } from '../../_islands/query-island';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  const [team] = await listTeams((await getServerContext()).db, { slug: (await params).slug });
  return { title: team ? `Team ${team.name}` : 'Team not found' };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const resolved = resolveFilters(await searchParams);
  if (!resolved.ok) return <FiltersError title="Team" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const data = await loadTeamPage(slug, filters);
  if (!data) notFound();
  const { team, scorecard, rollup } = data;
  return (
    <>
      <PrintHead title="Team report" scope={`Team ${team.name}`} period={periodLabel(filters)} benchmark={BENCHMARK} />
      <PageHeader
        title={team.name}
        eyebrow={<Link href={carry('/teams', filters)}>Teams</Link>}
        subtitle={
          <>
            {`${countOf(team.services, 'service')} · ${periodLabel(filters)} · `}
            <Link href={`/digests?team=${slug}`}>Weekly digest</Link>
          </>
        }
      >
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      <section aria-labelledby="metrics-heading" className="section">
        <h2 id="metrics-heading" className="section-title">
          Pooled delivery metrics
        </h2>
        <QueryIsland state={data.state}>
          <ScopeMetrics scope={{ team: slug }} filters={filters} stages />
        </QueryIsland>
      </section>
      <section aria-labelledby="services-heading" className="section">
        <h2 id="services-heading" className="section-title">
          Services
        </h2>
        {data.services.total === 0 ? (
          <EmptyState title="This team owns no service yet" />
        ) : (
          <ServicesClient
            rows={data.services.rows}
            total={data.services.total}
            team={slug}
            window={{ from: filters.from, to: filters.to }}
            carried={{ range: filters.range, fromDay: filters.fromDay, toDay: filters.toDay, compare: filters.compare }}
            scorecardName={scorecard?.name ?? null}
          />
        )}
      </section>
      {scorecard ? (
        <>
          <section className="panel section" aria-labelledby="levels-heading">
            <h2 id="levels-heading">{scorecard.name}: levels</h2>
            {rollup ? (
              <LevelDistribution
                levels={scorecard.levels}
                distribution={rollup.levelDistribution}
                label={`${team.name} services per ${scorecard.name} level`}
                href={(l) =>
                  `/scorecards/${scorecard.id}?level=${encodeURIComponent(l)}&team=${encodeURIComponent(slug)}#level-services`
                }
              />
            ) : (
              <p className="muted">Not evaluated yet.</p>
            )}
            <p className="small muted">
              <Link href={`/scorecards/${scorecard.id}`}>Adoption of every check by team</Link>
            </p>
          </section>
          <section aria-labelledby="fix-heading" className="section">
            <h2 id="fix-heading" className="section-title">
              What to fix next
            </h2>
            <FixNext items={data.fixes} scorecardName={scorecard.name} />
          </section>
        </>
      ) : null}
    </>
  );
}
