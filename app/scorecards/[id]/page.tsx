import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatPercent } from '@/components/common/format';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { AdoptionHeatmap } from '@/components/scorecards/adoption-heatmap';
import { ExemptionsTable } from '@/components/scorecards/exemptions-table';
import { FailingServices } from '@/components/scorecards/failing-services';
import { LevelDistribution } from '@/components/scorecards/level-distribution';
import { LevelServices } from '@/components/scorecards/level-services';
import { FilterBar } from '@/components/filters/filter-bar';
import { FiltersError } from '@/components/filters/filters-error';
import { defaultComparison, filterSearch, periodLabel } from '@/lib/filters';
import { resolveFilters } from '@/lib/resolve-filters';
import { listTeams } from '@/metrics/catalog-views';
import { getScorecardHistory } from '@/scorecards/read/get-scorecard-history';
import { historyRange } from '@/scorecards/request-scorecards';
import { getFailingServices } from '@/scorecards/read/failing-services';
import { getServerContext } from '../../_server/context';
import { scorecardQuery } from '../../_server/figure-queries';
import { cachedFigures } from '../../_server/figures';
import { requestScorecards } from '../../_server/request-lookups';
import { ScorecardHistory } from './client';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  const sc = await requestScorecards();
  return {
    title: (sc.ok ? sc.scorecards.scorecards.find((c) => c.id === id)?.name : undefined) ?? 'Scorecard not found',
  };
}

export default async function ScorecardPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  const check = typeof search.check === 'string' ? search.check : undefined;
  const team = typeof search.team === 'string' ? search.team : undefined;
  const level = typeof search.level === 'string' ? search.level : undefined;
  const outcome = search.outcome === 'fail' || search.outcome === 'no_data' ? search.outcome : undefined;
  const { db } = await getServerContext();
  const sc = await requestScorecards();
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  // The history's window reads as every page's (range, from, to; lib/resolve-filters.ts); `team`
  // here selects a heatmap cell, so it is not the filter bar's team.
  const resolved = resolveFilters({ range: search.range, from: search.from, to: search.to });
  if (!resolved.ok) {
    const name = sc.scorecards.scorecards.find((c) => c.id === id)?.name;
    if (!name) notFound();
    return <FiltersError title={name} message={resolved.message} filters={resolved.filters} />;
  }
  const { filters } = resolved;
  const range = historyRange({ from: filters.fromDay, to: filters.toDay });
  const [card, history, teams] = await Promise.all([
    cachedFigures(scorecardQuery(sc.scorecards, id)),
    'error' in range ? null : getScorecardHistory(db, sc.scorecards, id, range),
    listTeams(db),
  ]);
  if (!card) notFound();
  const teamNames = Object.fromEntries(teams.map((t) => [t.slug, t.name]));
  const selectedCheck = card.checks.find((c) => c.id === check);
  const failing = selectedCheck ? await getFailingServices(db, id, selectedCheck.id, team, outcome) : null;
  // Links within the page keep the window.
  const windowSearch = filterSearch({ ...filters, team: null, compare: defaultComparison(filters.range) });
  const base = `/scorecards/${id}`;
  const within = (params: Record<string, string>) =>
    `${base}?${new URLSearchParams({ ...Object.fromEntries(windowSearch), ...params })}`;
  const atLevel =
    level && (level === 'none' || card.levels.includes(level))
      ? card.services.filter(
          (s) => (s.level ?? 'none') === level && (team === undefined || (s.team ?? '(no team)') === team),
        )
      : null;
  return (
    <>
      <PageHeader
        title={card.name}
        eyebrow={<Link href="/scorecards">Scorecards</Link>}
        subtitle={
          card.evaluatedAt
            ? `${card.checks.length} checks · ${card.organisation.services} services · evaluated ${card.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC`
            : 'Not evaluated yet'
        }
      >
        <FilterBar
          filters={filters}
          teams={[]}
          showTeam={false}
          keep={{ check: check ?? null, team: team ?? null, level: level ?? null, outcome: outcome ?? null }}
        />
        <Link className="button secondary" href={`/roadmap?scorecard=${id}`}>
          Impact and roadmap
        </Link>
      </PageHeader>
      {card.description ? <p className="muted">{card.description}</p> : null}
      <div className="grid-2">
        <section className="panel" aria-labelledby="dist-heading">
          <h2 id="dist-heading">Services per level</h2>
          <LevelDistribution
            levels={card.levels}
            distribution={card.organisation.levelDistribution}
            label="Services per level"
            href={(l) => `${within({ level: l })}#level-services`}
          />
          <p className="facts small">
            <span>
              Pass rate <strong data-testid="org-pass-rate">{formatPercent(card.organisation.passRate)}</strong>
            </span>
            <span>
              Average score <strong>{formatPercent(card.organisation.averageScore)}</strong>
            </span>
          </p>
        </section>
        {'error' in range ? (
          <section className="panel" role="alert" data-testid="scorecard-history-error">
            The history cannot be shown for this window: {range.error} (choose a shorter range).
          </section>
        ) : history ? (
          <ScorecardHistory
            period={periodLabel(filters)}
            points={history.organisation.map((p) => ({
              day: p.day,
              passRate: p.passRate,
              averageScore: p.averageScore,
            }))}
          />
        ) : null}
      </div>
      {atLevel && level ? (
        <LevelServices
          levelName={level === 'none' ? 'No level' : level}
          scopeName={team ? (teamNames[team] ?? team) : 'all teams'}
          services={atLevel}
          checkNames={Object.fromEntries(card.checks.map((c) => [c.id, c.name]))}
          closeHref={within({})}
        />
      ) : null}
      {failing && selectedCheck ? (
        <FailingServices
          outcome={outcome}
          checkName={selectedCheck.name}
          teamName={team ? (teamNames[team] ?? team) : 'all teams'}
          services={failing}
          closeHref={within({})}
        />
      ) : null}
      <section className="section" aria-labelledby="heatmap-heading">
        <h2 id="heatmap-heading" className="section-title">
          Adoption by team
        </h2>
        <AdoptionHeatmap
          card={card}
          teamNames={teamNames}
          selected={{ check, team }}
          cellHref={(c, t) => `${within({ check: c, team: t })}#failing`}
        />
      </section>
      <section className="section" aria-labelledby="exemptions-heading">
        <h2 id="exemptions-heading" className="section-title">
          Exemptions
        </h2>
        <ExemptionsTable
          exemptions={card.exemptions}
          checkNames={Object.fromEntries(card.checks.map((c) => [c.id, c.name]))}
          serviceNames={Object.fromEntries(card.services.map((s) => [s.slug, s.name]))}
        />
      </section>
    </>
  );
}
