import { PageHeader } from '@/components/common/page-header';
import { PrintHead } from '@/components/common/print-head';
import { EmptyState } from '@/components/common/states';
import { InitiativesTable } from '@/components/initiatives/initiatives-table';
import { BENCHMARK } from '@/metrics/definitions';
import { initiativesQuery } from '../_server/figure-queries';
import { cachedFigures } from '../_server/figures';
import { requestScorecards } from '../_server/request-lookups';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Initiatives' };

export default async function InitiativesPage() {
  const sc = await requestScorecards();
  if (!sc.ok) return <EmptyState title="The scorecards file is invalid">{sc.message}</EmptyState>;
  const { initiatives } = await cachedFigures(initiativesQuery(sc.scorecards));
  const today = initiatives[0]?.today;
  return (
    <>
      <PrintHead
        title="Initiatives"
        scope="all teams"
        period={`As of ${today ?? 'today'} (UTC)`}
        benchmark={BENCHMARK}
      />
      <PageHeader
        title="Initiatives"
        subtitle="Golden-path changes rolled out by a deadline: how far each has come and who is late."
      />
      {initiatives.length === 0 ? (
        <EmptyState title="No initiatives">
          Add one under initiatives: in the scorecards file: checks, a deadline and an owner (docs/scorecards.md).
        </EmptyState>
      ) : (
        <InitiativesTable initiatives={initiatives} />
      )}
    </>
  );
}
