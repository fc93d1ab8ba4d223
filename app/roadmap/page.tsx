import Link from 'next/link';
import { notFound } from 'next/navigation';
import { OpenForPrint } from '@/components/common/open-for-print';
import { PageHeader } from '@/components/common/page-header';
import { PrintHead } from '@/components/common/print-head';
import { BENCHMARK } from '@/metrics/definitions';
import { EmptyState } from '@/components/common/states';
import { FilterBar } from '@/components/filters/filter-bar';
import { FiltersError } from '@/components/filters/filters-error';
import { ParamSelect } from '@/components/filters/param-select';
import { BeforeAfterPanel, beforeAfterRows } from '@/components/roadmap/before-after';
import { OutcomeChecksTable } from '@/components/roadmap/outcome-checks-table';
import { OutcomeTable } from '@/components/roadmap/outcome-table';
import { RoadmapTable } from '@/components/roadmap/roadmap-table';
import { periodLabel } from '@/lib/filters';
import { resolveFilters } from '@/lib/resolve-filters';
import { resolveRoadmapScope } from '@/lib/roadmap-scope';
import { listTeams, listTiers } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '../_server/context';
import { impactQuery } from '../_server/figure-queries';
import { cachedFigures } from '../_server/figures';
import { AdoptionHistory, BeforeAfter } from './client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Roadmap' };

const TITLE = 'Platform roadmap';

export default async function RoadmapPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  const resolved = resolveFilters(search);
  if (!resolved.ok) return <FiltersError title={TITLE} message={resolved.message} filters={resolved.filters} />;
  const { filters } = resolved;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  const id = typeof search.scorecard === 'string' ? search.scorecard : sc.scorecards.scorecards[0]?.id;
  const card = sc.scorecards.scorecards.find((c) => c.id === id);
  if (!card)
    return (
      <>
        <PageHeader title={TITLE} />
        <EmptyState title="No scorecard to rank">
          Add a scorecard to scorecards.yaml; the roadmap ranks its checks by impact.
        </EmptyState>
      </>
    );
  const [teams, tiers] = await Promise.all([listTeams(db), listTiers(db)]);
  const team = filters.team ? teams.find((t) => t.slug === filters.team) : undefined;
  if (filters.team && !team) notFound();
  const scope = resolveRoadmapScope(search, { tiers, levels: card.levels });
  if (!scope.ok) return <FiltersError title={TITLE} message={scope.message} filters={filters} />;
  const { tier, level } = scope.scope;
  const impact = (await cachedFigures(
    impactQuery(sc.scorecards, card.id, {
      window: { from: new Date(filters.from), to: new Date(filters.to) },
      team: filters.team ?? undefined,
      tier: tier ?? undefined,
      level: level ?? undefined,
    }),
  ))!;
  const teamName = new Map(teams.map((t) => [t.slug, t.name]));
  const byId = new Map(impact.checks.map((c) => [c.checkId, c]));
  const ordered = impact.roadmap.map((r) => byId.get(r.checkId)!).filter((c) => c.adoption.failing > 0);
  const outcomeChecks = impact.outcomeChecks.checks.map((o) => byId.get(o.checkId)!);
  const kept = { scorecard: typeof search.scorecard === 'string' ? card.id : null, tier, level };
  const csv = new URLSearchParams({ format: 'csv', from: filters.from, to: filters.to });
  for (const [k, v] of Object.entries({ team: filters.team, tier, level })) if (v) csv.set(k, v);
  const scopeWords = [team ? `team ${team.name}` : 'all teams', tier ?? 'every tier', level ? `${level} checks` : null]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <PrintHead
        title={`${TITLE}: ${impact.scorecard.name}`}
        scope={scopeWords}
        period={periodLabel(filters)}
        benchmark={BENCHMARK}
      />
      <OpenForPrint />
      <PageHeader
        title={TITLE}
        eyebrow={<Link href={`/scorecards/${impact.scorecard.id}`}>{impact.scorecard.name}</Link>}
        subtitle={
          <>
            Which golden-path checks to push next: adoption against delivery outcomes.{' '}
            <span data-testid="roadmap-period">{periodLabel(filters)}</span> · {scopeWords}
          </>
        }
      >
        <FilterBar filters={filters} teams={teams.map((t) => ({ slug: t.slug, name: t.name }))} keep={kept} />
        <ParamSelect
          name="tier"
          label="Tier"
          value={tier}
          allLabel="All tiers"
          options={tiers.map((t) => ({ value: t, label: t }))}
        />
        <ParamSelect
          name="level"
          label="Level"
          value={level}
          allLabel="All levels"
          options={card.levels.map((l) => ({ value: l, label: l }))}
        />
        <a
          className="button secondary"
          data-testid="roadmap-csv"
          href={`/api/v1/scorecards/${impact.scorecard.id}/impact?${csv}`}
          download
        >
          Export CSV
        </a>
      </PageHeader>
      <p className="callout" role="note" data-testid="caution">
        <strong>Read with care.</strong> {impact.caution}
      </p>
      <section className="section" aria-labelledby="ranking-heading">
        <h2 id="ranking-heading" className="section-title">
          Practices ranked by impact
        </h2>
        <RoadmapTable impact={impact} />
      </section>
      {outcomeChecks.length ? (
        <section className="section" aria-labelledby="outcome-checks-heading">
          <h2 id="outcome-checks-heading" className="section-title">
            Outcome checks, not ranked
          </h2>
          <p className="muted small" data-testid="outcome-checks-why">
            {impact.outcomeChecks.why}
          </p>
          <OutcomeChecksTable impact={impact} />
        </section>
      ) : null}
      <section className="section" aria-labelledby="detail-heading">
        <h2 id="detail-heading" className="section-title">
          Outcome comparison, check by check
        </h2>
        {ordered.length + outcomeChecks.length === 0 ? (
          <EmptyState title="Every applicable service passes every check" />
        ) : (
          [...ordered, ...outcomeChecks.filter((c) => c.adoption.failing > 0)].map((c, i) => (
            <details
              key={c.checkId}
              id={`check-${c.checkId}`}
              className="panel check-detail"
              open={i < 3}
              data-print-open
            >
              <summary>
                <strong>
                  {c.kind === 'outcome' ? 'Outcome check:' : `${i + 1}.`} {c.name}
                </strong>{' '}
                <span className="muted small">
                  {c.adoption.passing}/{c.adoption.applicable} pass · {c.adoption.failing} failing
                  {c.adoption.noData ? `, ${c.adoption.noData} without data` : ''}
                  {c.laggingTeams.length
                    ? ` · lagging: ${c.laggingTeams.map((t) => teamName.get(t.team) ?? t.team).join(', ')}`
                    : ''}
                </span>
              </summary>
              <div className="grid-2">
                <OutcomeTable check={c} />
                <BeforeAfterPanel
                  check={c}
                  weeks={impact.weeks}
                  chart={<BeforeAfter rows={beforeAfterRows(c.beforeAfter.summary)} />}
                />
              </div>
              <AdoptionHistory checkName={c.name} points={c.trend.points} />
            </details>
          ))
        )}
      </section>
    </>
  );
}
