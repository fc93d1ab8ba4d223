import type { WebhookHealth } from '@/metrics/webhook-health';
import { formatDuration, formatInstant, formatNumber } from '../common/format';

const SOURCE_NAMES = { github: 'GitHub', pagerduty: 'PagerDuty' } as const;
const COLUMNS = [
  ['queued', 'Queued a re-read'],
  ['coalesced', 'Joined a waiting re-read'],
  ['ignored', 'Ignored'],
  ['duplicate', 'Repeated'],
  ['rejected', 'Bad signature'],
  ['malformed', 'Malformed'],
] as const;

/** Per webhook source: the last delivery, a day's deliveries by outcome, and delivery-to-figures lag. */
export function WebhookHealthTable({ health, quietHours }: { health: readonly WebhookHealth[]; quietHours: number }) {
  if (health.length === 0) {
    return (
      <p className="muted small" data-testid="webhook-health">
        No webhook is configured: figures follow the sync schedule. docs/webhooks.md says how to add one.
      </p>
    );
  }
  return (
    <table className="table compact" data-testid="webhook-health">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Last delivery</th>
          {COLUMNS.map(([key, label]) => (
            <th key={key} scope="col" className="num">
              {label} (24 h)
            </th>
          ))}
          <th scope="col" className="num">
            Lag to figures p50
          </th>
          <th scope="col" className="num">
            p95
          </th>
        </tr>
      </thead>
      <tbody>
        {health.map((h) => (
          <tr key={h.source} data-testid={`webhook-${h.source}`}>
            <th scope="row">{SOURCE_NAMES[h.source]}</th>
            <td>
              {formatInstant(h.lastDeliveryAt)}{' '}
              {h.quiet ? (
                <span className="pill pill-bad" title={`No delivery for more than ${quietHours} h`}>
                  quiet
                </span>
              ) : null}
              {!h.configured ? <span className="pill">no secret configured</span> : null}
            </td>
            {COLUMNS.map(([key]) => (
              <td key={key} className="num">
                {formatNumber(h.last24h[key])}
              </td>
            ))}
            <td className="num">{formatDuration(h.lag.p50Seconds)}</td>
            <td className="num">{formatDuration(h.lag.p95Seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
