import type { DeliveryHealth } from '@/notifications/delivery-health';
import { formatInstant, formatNumber } from '../common/format';

/** Digests and alerts over the last 7 days: deliveries by status, and each failed or retrying one with its error. */
export function DeliveryHealthTable({ health }: { health: DeliveryHealth }) {
  const { sent, pending, failed } = health.last7Days;
  return (
    <div data-testid="delivery-health">
      <p className="small">
        Last 7 days: {formatNumber(sent)} sent, {formatNumber(pending)} waiting or retrying, {formatNumber(failed)}{' '}
        failed.
      </p>
      {health.problems.length === 0 ? (
        <p className="muted small">No delivery failed.</p>
      ) : (
        <div className="table-wrap">
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Message</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {health.problems.map((p) => (
                <tr key={p.id} data-testid={`delivery-${p.id}`}>
                  <td>{formatInstant(p.at)}</td>
                  <td>
                    {p.kind} · {p.team ?? 'organisation'}
                  </td>
                  <td>
                    <code>{p.channel}</code>
                  </td>
                  <td>
                    <span className={p.status === 'failed' ? 'pill pill-bad' : 'pill'}>
                      {p.status === 'failed' ? 'failed' : 'retrying'}
                    </span>
                  </td>
                  <td className="num">{formatNumber(p.attempts)}</td>
                  <td className="small">{p.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
