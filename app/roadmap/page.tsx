import Link from 'next/link';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { BeforeAfterPanel, beforeAfterRows } from '@/components/roadmap/before-after';
import { OutcomeTable } from '@/components/roadmap/outcome-table';
import { RoadmapTable } from '@/components/roadmap/roadmap-table';
import { listTeams } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '../_server/context';
import { impactQuery } from '../_server/figure-queries';
import { cachedFigures } from '../_server/figures';
import { BeforeAfter } from './client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Roadmap' };

export default async function RoadmapPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  const id = typeof search.scorecard === 'string' ? search.scorecard : sc.scorecards.scorecards[0]?.id;
  const [impact, teams] = await Promise.all([id ? cachedFigures(impactQuery(sc.scorecards, id)) : null, listTeams(db)]);
  const teamName = new Map(teams.map((t) => [t.slug, t.name]));
  if (!impact)
    return (
      <>
        <PageHeader title="Platform roadmap" />
        <EmptyState title="No scorecard to rank">
          Add a scorecard to scorecards.yaml; the roadmap ranks its checks by impact.
        </EmptyState>
      </>
    );
  const byId = new Map(impact.checks.map((c) => [c.checkId, c]));
  const ordered = impact.roadmap.map((r) => byId.get(r.checkId)!).filter((c) => c.adoption.failing > 0);
  return (
    <>
      <PageHeader
        title="Platform roadmap"
        eyebrow={<Link href={`/scorecards/${impact.scorecard.id}`}>{impact.scorecard.name}</Link>}
        subtitle={`Which golden-path checks to push next: adoption against delivery outcomes over the last ${impact.windowDays} days.`}
      />
      <p className="callout" role="note" data-testid="caution">
        <strong>Read with care.</strong> {impact.caution}
      </p>
      <section className="section" aria-labelledby="ranking-heading">
        <h2 id="ranking-heading" className="section-title">
          Checks ranked by impact
        </h2>
        <RoadmapTable impact={impact} />
      </section>
      <section className="section" aria-labelledby="detail-heading">
        <h2 id="detail-heading" className="section-title">
          Outcome comparison, check by check
        </h2>
        {ordered.length === 0 ? (
          <EmptyState title="Every applicable service passes every check" />
        ) : (
          ordered.map((c, i) => (
            <details key={c.checkId} id={`check-${c.checkId}`} className="panel check-detail" open={i < 3}>
              <summary>
                <strong>
                  {i + 1}. {c.name}
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
            </details>
          ))
        )}
      </section>
    </>
  );
}
