import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ListHeader, ListParamsError } from '../_server/list-header';
import { loadList } from '../_server/load-list';
import { parseListParams } from '../_server/list-params';
import { DeploymentsList } from '../_islands/deployments-list';
import { QueryIsland } from '../_islands/query-island';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Deployments' };

export default async function DeploymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = await searchParams;
  const parsed = parseListParams(search);
  if (!parsed.ok) return <ListParamsError message={parsed.message} />;
  const p = parsed.data;
  const data = await loadList('deployments', p);
  if (!data) notFound();
  const failed = p.failed ?? null;
  const f = data.figures.changeFailureRate;
  const toggle = new URLSearchParams(Object.entries(search).filter(([k, v]) => k !== 'failed' && typeof v === 'string') as [string, string][]);
  if (!failed) toggle.set('failed', 'true');
  return (
    <>
      <ListHeader title={failed ? 'Failed deployments' : failed === false ? 'Successful deployments' : 'Deployments'} params={p} csvPath="/api/v1/deployments" extra={failed === null ? {} : { failed: String(failed) }} />
      <p className="toolbar">
        <span data-testid="list-total">
          {failed ? `${f.failedDeployments} failed of ${f.deployments} production deployments` : `${f.deployments} production deployments, ${f.failedDeployments} failed`}
        </span>
        <Link href={`/deployments?${toggle}`}>{failed ? 'Show all deployments' : 'Show failed only'}</Link>
      </p>
      <QueryIsland state={data.state}>
        <DeploymentsList scope={{ team: p.team, service: p.service }} window={data.window} failed={failed} caption="Newest first. Open a row for its changes and, for a failure, the incident, rollback or revert behind it." />
      </QueryIsland>
    </>
  );
}
