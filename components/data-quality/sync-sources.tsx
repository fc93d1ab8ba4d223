import type { DataQuality } from '@/metrics/data-quality';
import type { SyncStatus } from '@/metrics/sync-status';
import { formatInstant } from '../common/format';
import { EmptyState } from '../common/states';

/** The last sync run and, per source, the last success and any stream errors. */
export function SyncSources({ status, sources }: { status: SyncStatus | null; sources: DataQuality['lastSync'] }) {
  const run = status?.lastRun;
  return (
    <div className="panel" data-testid="sync-sources">
      <h3>Last sync</h3>
      {run ? (
        <dl className="kv">
          <dt>Status</dt>
          <dd data-testid="last-run-status">
            <span
              className={`pill${run.status === 'failed' ? ' pill-bad' : run.status === 'succeeded' ? ' pill-good' : ''}`}
            >
              {run.status}
            </span>
          </dd>
          <dt>Started</dt>
          <dd>{formatInstant(run.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatInstant(run.finishedAt)}</dd>
          {run.error ? (
            <>
              <dt>Errors</dt>
              <dd className="small">{run.error}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted small">
          No sync has run yet{status?.demo ? ': this is the generated demo organisation.' : '.'}
        </p>
      )}
      <h3 className="section">API budget used</h3>
      {run ? (
        <table className="table compact" data-testid="api-budget">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Last sync: GraphQL points
              </th>
              <th scope="col" className="num">
                REST calls
              </th>
              <th scope="col" className="num">
                Last 24 h: GraphQL points
              </th>
              <th scope="col" className="num">
                REST calls
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.keys({ ...run.apiCost, ...status.apiCostLast24h }).length === 0 ? (
              <tr>
                <td colSpan={5} className="muted small">
                  No API calls: no GitHub or PagerDuty source is configured.
                </td>
              </tr>
            ) : (
              Object.keys({ ...run.apiCost, ...status.apiCostLast24h })
                .sort()
                .map((source) => (
                  <tr key={source}>
                    <th scope="row">{source}</th>
                    <td className="num">{run.apiCost[source]?.graphqlPoints ?? 0}</td>
                    <td className="num">{run.apiCost[source]?.restCalls ?? 0}</td>
                    <td className="num">{status.apiCostLast24h[source]?.graphqlPoints ?? 0}</td>
                    <td className="num">{status.apiCostLast24h[source]?.restCalls ?? 0}</td>
                  </tr>
                ))
            )}
          </tbody>
        </table>
      ) : (
        <p className="muted small">Nothing spent yet.</p>
      )}
      {status ? <GithubBudgets graphql={status.githubBudgets} rest={status.githubRestBudgets} /> : null}
      <h3 className="section">Per source</h3>
      {sources.length === 0 ? (
        <EmptyState title="No source has been synced">
          Configure GitHub or PagerDuty in paved.config.yaml, then sync.
        </EmptyState>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Last success</th>
              <th scope="col" className="num">
                Streams with errors
              </th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.source}>
                <th scope="row">{s.source}</th>
                <td>{formatInstant(s.lastSuccessAt)}</td>
                <td className="num">{s.streamsWithErrors}</td>
                <td className="small">{s.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What GitHub last said was left, per token or App installation: GraphQL points and REST requests, side by side. */
function GithubBudgets({
  graphql,
  rest,
}: {
  graphql: SyncStatus['githubBudgets'];
  rest: SyncStatus['githubRestBudgets'];
}) {
  const keys = [...new Set([...Object.keys(graphql), ...Object.keys(rest)])].sort((a, b) => a.localeCompare(b));
  if (keys.length === 0) return null;
  return (
    <table className="table compact" data-testid="github-budgets">
      <caption className="small">
        GitHub budgets left, per token or App installation (GraphQL and REST are separate)
      </caption>
      <thead>
        <tr>
          <th scope="col">Credentials</th>
          <th scope="col" className="num">
            GraphQL points left
          </th>
          <th scope="col">GraphQL resets</th>
          <th scope="col" className="num">
            REST requests left
          </th>
          <th scope="col">REST resets</th>
          <th scope="col">Seen</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const points = graphql[key];
          const requests = rest[key];
          const seen = [points?.seenAt, requests?.seenAt]
            .filter((at): at is string => Boolean(at))
            .sort()
            .at(-1);
          return (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="num">{points ? points.remaining : '—'}</td>
              <td>{points ? formatInstant(points.resetAt) : '—'}</td>
              <td className="num">{requests ? `${requests.remaining} of ${requests.limit}` : '—'}</td>
              <td>{requests ? formatInstant(requests.resetAt) : '—'}</td>
              <td>{formatInstant(seen ?? null)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
