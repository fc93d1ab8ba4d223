import type { TodaySoFar } from '@/metrics/today-so-far';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

/**
 * Today so far (UTC): what the windows of whole days leave out until tomorrow, so a deployment
 * that just happened (a webhook's) is seen at once. A line of counts, not figures: no rates or
 * levels on part of a day.
 */
export function TodaySoFarStrip({ today }: { today: TodaySoFar }) {
  const items = [
    { key: 'deployments', text: plural(today.deployments, 'deployment', 'deployments') },
    { key: 'failed', text: `${today.failedDeployments} failed` },
    { key: 'opened', text: plural(today.incidentsOpened, 'incident opened', 'incidents opened') },
    { key: 'resolved', text: `${today.incidentsResolved} resolved` },
  ];
  return (
    <section aria-labelledby="today-heading" className="today-strip" data-testid="today-so-far">
      <h2 id="today-heading" className="today-title">
        Today so far (UTC)
      </h2>
      <ul className="today-items">
        {items.map((item) => (
          <li key={item.key} data-testid={`today-${item.key}`}>
            {item.text}
          </li>
        ))}
      </ul>
      <p className="today-note" data-testid="today-newest">
        {today.newestAt
          ? `Newest at ${clock(today.newestAt)}, since 00:00 UTC; not in the windows until the day is over.`
          : 'Nothing yet since 00:00 UTC.'}
      </p>
    </section>
  );
}
