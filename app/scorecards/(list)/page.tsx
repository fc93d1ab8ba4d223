import Link from 'next/link';
import { formatPercent } from '@/components/common/format';
import { PageHeader } from '@/components/common/page-header';
import { EmptyState } from '@/components/common/states';
import { LevelDistribution } from '@/components/scorecards/level-distribution';
import { listScorecards } from '@/scorecards/read/list-scorecards';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from '@/app/_server/context';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Scorecards' };

export default async function ScorecardsPage() {
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  const cards = await listScorecards(db, sc.scorecards);
  return (
    <>
      <PageHeader
        title="Scorecards"
        subtitle="Golden-path checks written as code, evaluated for every service after each sync."
      />
      {cards.length === 0 ? (
        <EmptyState title="No scorecards">Add one to scorecards.yaml (see docs/scorecards.md).</EmptyState>
      ) : (
        <div className="grid-2">
          {cards.map((c) => (
            <section key={c.id} className="panel" aria-labelledby={`card-${c.id}`}>
              <h2 id={`card-${c.id}`}>
                <Link href={`/scorecards/${c.id}`}>{c.name}</Link>
              </h2>
              {c.description ? <p className="muted small">{c.description}</p> : null}
              <LevelDistribution
                levels={c.levels}
                distribution={c.organisation.levelDistribution}
                label={`${c.name}: services per level`}
                href={(l) => `/scorecards/${c.id}?level=${encodeURIComponent(l)}#level-services`}
              />
              <p className="facts small">
                <span>{c.checks} checks</span>
                <span>{c.organisation.services} services</span>
                <span>
                  Pass rate <strong>{formatPercent(c.organisation.passRate)}</strong>
                </span>
              </p>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
