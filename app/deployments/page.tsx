import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatNumber } from '@/components/common/format';
import { correctionAccess } from '../_server/current-principal';
import { ListHeader, ListParamsError } from '../_server/list-header';
import { loadList } from '../_server/load-list';
import { parseListParams } from '../_server/list-params';
import { DeploymentsList } from '../_islands/deployments-list';
import { QueryIsland } from '../_islands/query-island';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Deployments' };

export default async function DeploymentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = await searchParams;
  const parsed = parseListParams(search);
  if (!parsed.ok) return <ListParamsError message={parsed.message} />;
  const p = parsed.data;
  const [data, correction] = await Promise.all([loadList('deployments', p), correctionAccess()]);
  if (!data) notFound();
  const failed = p.failed ?? null;
  const rework = p.rework ?? null;
  const f = data.figures;
  // The toggles keep the window and scope and swap which deployments are shown.
  const withOnly = (key: 'failed' | 'rework' | null) => {
    const q = new URLSearchParams(
      Object.entries(search).filter(([k, v]) => k !== 'failed' && k !== 'rework' && typeof v === 'string') as [
        string,
        string,
      ][],
    );
    if (key) q.set(key, 'true');
    return `/deployments?${q}`;
  };
  const title = failed
    ? 'Failed deployments'
    : failed === false
      ? 'Successful deployments'
      : rework
        ? 'Rework deployments'
        : 'Deployments';
  const total = f.changeFailureRate.deployments;
  return (
    <>
      <ListHeader
        title={title}
        params={p}
        csvPath="/api/v1/deployments"
        extra={{
          ...(failed === null ? {} : { failed: String(failed) }),
          ...(rework === null ? {} : { rework: String(rework) }),
        }}
      />
      <p className="toolbar">
        <span data-testid="list-total">
          {failed
            ? `${formatNumber(f.changeFailureRate.failedDeployments)} failed of ${formatNumber(total)} production deployments`
            : rework
              ? `${formatNumber(f.reworkRate.reworkDeployments)} rework of ${formatNumber(total)} production deployments (rollbacks, reverts, hotfixes, and deployments while an incident was open)`
              : `${formatNumber(total)} production deployments, ${formatNumber(f.changeFailureRate.failedDeployments)} failed, ${formatNumber(f.reworkRate.reworkDeployments)} rework`}
        </span>
        {failed || rework ? <Link href={withOnly(null)}>Show all deployments</Link> : null}
        {!failed ? <Link href={withOnly('failed')}>Show failed only</Link> : null}
        {!rework ? <Link href={withOnly('rework')}>Show rework only</Link> : null}
      </p>
      <QueryIsland state={data.state}>
        <DeploymentsList
          scope={{ team: p.team, service: p.service }}
          window={data.window}
          filter={{ failed, rework }}
          caption="Newest first. Open a row for its changes and, for a failure, the incident, rollback or revert behind it."
          correction={correction}
        />
      </QueryIsland>
    </>
  );
}
