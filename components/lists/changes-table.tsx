import type { ChangeRow } from '@/metrics/list-changes';
import { formatDuration, formatInstant } from '../common/format';

/** Changes (pull requests and direct pushes) with lead time and where the time went. */
export function ChangesTable({
  rows,
  caption,
  compact = false,
}: {
  rows: ChangeRow[];
  caption: string;
  compact?: boolean;
}) {
  return (
    <table className={`table${compact ? ' compact' : ''}`} data-testid="changes-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Title</th>
          <th scope="col">Author</th>
          {compact ? null : <th scope="col">Deployed</th>}
          <th scope="col">Lead time</th>
          <th scope="col">Coding · pickup · review · deploy</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={`${c.repository}/${c.key}`} data-change={c.key}>
            <th scope="row">
              {c.kind === 'pull_request' ? `#${c.pullRequest}` : <code>{c.commit.slice(0, 7)}</code>}{' '}
              <span className="muted small">{c.repository}</span>
            </th>
            <td>{c.title}</td>
            <td>{c.author ?? '—'}</td>
            {compact ? null : (
              <td>
                {formatInstant(c.deployedAt)} <span className="muted small">{c.deployment}</span>
              </td>
            )}
            <td>
              {formatDuration(c.leadTimeSeconds)}
              {c.counted ? null : (
                <span className="pill" title="Non-positive lead time (clock skew): listed, not counted">
                  not counted
                </span>
              )}
            </td>
            <td className="small">
              {c.kind === 'pull_request' ? (
                [c.stages.codingSeconds, c.stages.pickupSeconds, c.stages.reviewSeconds, c.stages.deploySeconds]
                  .map(formatDuration)
                  .join(' · ')
              ) : (
                <span className="muted">direct push</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
