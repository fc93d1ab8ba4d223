import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatPercent } from '@/components/common/format';
import { PageHeader } from '@/components/common/page-header';
import { PrintHead } from '@/components/common/print-head';
import { StatTile } from '@/components/common/stat-tile';
import { EmptyState } from '@/components/common/states';
import { InitiativeStatus } from '@/components/initiatives/initiative-status';
import { InitiativeHistoryTable } from '@/components/initiatives/initiative-history-table';
import {
  CheckProgressTable,
  ServiceProgressTable,
  TeamProgressTable,
  WhatIsLeft,
} from '@/components/initiatives/progress-tables';
import { BENCHMARK } from '@/metrics/definitions';
import { initiativeParams } from '@/scorecards/request-scorecards';
import { initiativeQuery } from '../../_server/figure-queries';
import { cachedFigures } from '../../_server/figures';
import { requestScorecards } from '../../_server/request-lookups';
import { InitiativeProgressChart } from './client';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  const sc = await requestScorecards();
  return { title: (sc.ok ? sc.scorecards.initiatives.find((i) => i.id === id)?.title : undefined) ?? 'Initiative' };
}

export default async function InitiativePage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = initiativeParams.safeParse(await searchParams);
  if (!search.success) notFound();
  const sc = await requestScorecards();
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  const detail = await cachedFigures(initiativeQuery(sc.scorecards, id, search.data.weeks));
  if (!detail) notFound();
  const period = `History ${detail.from} to ${detail.today} (UTC)`;
  const late = detail.perTeam.filter((t) => t.status === 'late').map((t) => t.team);
  const behind = detail.perTeam.filter((t) => t.status === 'projected_late').map((t) => t.team);
  const scope = [
    detail.scope.teams ? `teams ${detail.scope.teams.join(', ')}` : 'every team',
    detail.scope.tiers ? `tiers ${detail.scope.tiers.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <PrintHead title={`Initiative: ${detail.title}`} scope={scope} period={period} benchmark={BENCHMARK} />
      <PageHeader
        title={detail.title}
        eyebrow={<Link href="/initiatives">Initiatives</Link>}
        subtitle={
          <>
            Owner {detail.ownerTeam ? <Link href={`/teams/${detail.ownerTeam}`}>{detail.owner}</Link> : detail.owner} ·
            deadline <strong data-testid="initiative-deadline">{detail.deadline}</strong> · {scope} ·{' '}
            <Link href={`/scorecards/${detail.scorecard.id}`}>{detail.scorecard.name}</Link>
          </>
        }
      >
        <InitiativeStatus status={detail.status} />
      </PageHeader>
      {detail.description ? <p className="muted">{detail.description}</p> : null}
      {late.length + behind.length > 0 ? (
        <p className="callout" role="note" data-testid="late-teams">
          {late.length ? (
            <>
              <strong>Late</strong> (past {detail.deadline} with work left): {late.join(', ')}.{' '}
            </>
          ) : null}
          {behind.length ? (
            <>
              <strong>Behind</strong> (at the last 28 days&apos; pace they finish after the deadline):{' '}
              {behind.join(', ')}.
            </>
          ) : null}
        </p>
      ) : null}
      <div className="tiles tiles-summary">
        <StatTile
          label="Pairs done"
          value={formatPercent(detail.rate, 0)}
          note={`${detail.done} of ${detail.total} service × check pairs`}
          testId="initiative-done"
        />
        <StatTile label="Services complete" value={`${detail.servicesComplete} of ${detail.services}`} />
        <StatTile
          label="Projected end"
          value={detail.projectedDone ?? '—'}
          note={
            detail.status === 'late'
              ? `The deadline (${detail.deadline}) has passed`
              : detail.pacePerDay === null
                ? 'No pace to project from'
                : `${(detail.pacePerDay * 7).toFixed(1)} pairs a week over the last 28 days`
          }
        />
        <StatTile label="Teams late or behind" value={detail.teamsBehind.length} note={`of ${detail.teams}`} />
      </div>
      <section className="section" aria-labelledby="progress-heading">
        <h2 id="progress-heading" className="section-title">
          Progress over time
        </h2>
        <figure className="panel chart-figure" data-testid="initiative-history">
          <figcaption className="muted small">{period}; a day counts once every check has a snapshot.</figcaption>
          {detail.history.length < 2 ? (
            <p className="muted small">A line needs two days of snapshots; Paved keeps one a day.</p>
          ) : (
            <InitiativeProgressChart
              overall={{ name: detail.title, points: detail.history }}
              teams={detail.perTeam.map((t) => ({ name: t.team, points: t.history }))}
            />
          )}
          <InitiativeHistoryTable history={detail.history} teams={detail.perTeam} />
        </figure>
      </section>
      <section className="section" aria-labelledby="teams-heading">
        <h2 id="teams-heading" className="section-title">
          Teams
        </h2>
        <TeamProgressTable teams={detail.perTeam} />
      </section>
      <section className="section" aria-labelledby="checks-heading">
        <h2 id="checks-heading" className="section-title">
          Checks
        </h2>
        <CheckProgressTable checks={detail.perCheck} />
      </section>
      <section className="section" aria-labelledby="left-heading">
        <h2 id="left-heading" className="section-title">
          What is left
        </h2>
        <WhatIsLeft detail={detail} />
      </section>
      <section className="section" aria-labelledby="services-heading">
        <h2 id="services-heading" className="section-title">
          Services
        </h2>
        <ServiceProgressTable services={detail.perService} />
      </section>
    </>
  );
}
