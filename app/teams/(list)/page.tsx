import Link from 'next/link';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { TeamsTable } from '@/components/metrics/teams-table';
import { LevelDistribution } from '@/components/scorecards/level-distribution';
import { carry, comparisonLabel, drillSearch } from '@/lib/filters';
import { FiltersError } from '@/components/filters/filters-error';
import { resolveFilters } from '@/lib/resolve-filters';
import { listTeams } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '@/app/_server/context';
import { scorecardQuery, teamReportsQuery } from '@/app/_server/figure-queries';
import { cachedFigures } from '@/app/_server/figures';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Teams' };

export default async function TeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const resolved = resolveFilters(await searchParams);
  if (!resolved.ok) return <FiltersError title="Teams" message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const teams = await listTeams(db);
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const [reports, detail] = await Promise.all([
    cachedFigures(teamReportsQuery({ ...window, compare: filters.compare })),
    card && sc.ok ? cachedFigures(scorecardQuery(sc.scorecards, card.id)) : null,
  ]);
  const w = { from: filters.from, to: filters.to };
  return (
    <>
      <PageHeader title="Teams" subtitle={`${teams.length} teams · ${filters.fromDay} to ${filters.toDay} (UTC)`}>
        <FilterBar filters={filters} teams={[]} showTeam={false} />
      </PageHeader>
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Teams come from paved.config.yaml or catalog-info.yaml owners.</EmptyState>
      ) : (
        <>
          <TeamsTable
            caption={`Each team's pooled figures over the window, and the change ${comparisonLabel(filters)}; a figure opens the rows behind it.`}
            rows={teams.map((t) => ({
              slug: t.slug,
              name: t.name,
              services: t.services,
              dora: reports[t.slug] ?? null,
              comparison: reports[t.slug]?.comparison,
              targets: reports[t.slug]?.targets ?? [],
            }))}
            drill={(path, team, extra = {}) => `${path}?${drillSearch(w, { team }, extra)}`}
            link={(path) => carry(path, filters)}
          />
          {detail ? (
            <section className="section" aria-labelledby="levels-heading">
              <h2 id="levels-heading" className="section-title">
                {detail.name} levels by team
              </h2>
              <div className="grid-2">
                {detail.teams.map((t) => (
                  <div key={t.team} className="panel" data-team={t.team}>
                    <h3>
                      <Link href={carry(`/teams/${t.team}`, filters)}>
                        {teams.find((x) => x.slug === t.team)?.name ?? t.team}
                      </Link>
                    </h3>
                    <LevelDistribution
                      levels={detail.levels}
                      distribution={t.levelDistribution}
                      label={`${t.team} services per level`}
                      href={(l) =>
                        `/scorecards/${detail.id}?level=${encodeURIComponent(l)}&team=${encodeURIComponent(t.team)}#level-services`
                      }
                    />
                  </div>
                ))}
              </div>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
