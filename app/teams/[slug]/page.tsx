import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { FixNext } from '@/components/scorecards/fix-next';
import { LevelDistribution } from '@/components/scorecards/level-distribution';
import { resolveFilters } from '@/lib/resolve-filters';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '../../_server/context';
import { loadServices } from '../../_server/load-services';
import { getTeamFixes } from '../../_server/team-fixes';
import { getTeamView } from '../../_server/team-view';
import { prefetchScopeMetrics } from '../../_server/prefetch';
import { ServicesClient } from '../../services/client';
import { ScopeMetrics } from '../../_islands/scope-metrics';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props) {
  return { title: `Team ${(await params).slug}` };
}

export default async function TeamPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const filters = resolveFilters(await searchParams);
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const team = await getTeamView(db, loaded.config, slug, window);
  if (!team) notFound();
  const client = makeQueryClient();
  client.setQueryData(queryKeys.team(slug, { from: filters.from, to: filters.to }), team);
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const [, services, detail, fixes] = await Promise.all([
    prefetchScopeMetrics(client, db, loaded.config, { team: slug }, filters),
    loadServices(filters),
    card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : null,
    card && sc.ok ? getTeamFixes(db, sc.scorecards, card.id, slug) : [],
  ]);
  const rollup = detail?.teams.find((t) => t.team === slug);
  return (
    <>
      <PageHeader title={team.name} eyebrow={<Link href="/teams">Teams</Link>} subtitle={`${team.services.length} services · ${filters.fromDay} to ${filters.toDay} (UTC)`}>
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      <section aria-labelledby="metrics-heading" className="section">
        <h2 id="metrics-heading" className="section-title">Pooled delivery metrics</h2>
        <HydrationBoundary state={dehydrate(client)}>
          <ScopeMetrics scope={{ team: slug }} filters={filters} stages />
        </HydrationBoundary>
      </section>
      <section aria-labelledby="services-heading" className="section">
        <h2 id="services-heading" className="section-title">Services</h2>
        {team.services.length === 0 ? <EmptyState title="This team owns no service yet" /> : (
          <ServicesClient rows={services.rows.filter((r) => r.team?.slug === slug)} window={{ from: filters.from, to: filters.to }} scorecardName={services.scorecard?.name ?? null} />
        )}
      </section>
      {detail && card ? (
        <div className="section">
          <section className="panel" aria-labelledby="levels-heading">
            <h2 id="levels-heading">{detail.name}: levels</h2>
            {rollup ? <LevelDistribution levels={detail.levels} distribution={rollup.levelDistribution} label={`${team.name} services per ${detail.name} level`} /> : <p className="muted">Not evaluated yet.</p>}
            <p className="small muted"><Link href={`/scorecards/${detail.id}?team=${slug}`}>Adoption of every check for this team</Link></p>
          </section>
          <section aria-labelledby="fix-heading" className="section">
            <h2 id="fix-heading" className="section-title">What to fix next</h2>
            <FixNext items={fixes} scorecardName={detail.name} />
          </section>
        </div>
      ) : null}
    </>
  );
}
