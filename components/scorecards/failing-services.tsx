import Link from 'next/link';
import type { FailingService } from '@/scorecards/read/failing-services';
import { CheckState } from './check-state';

/** The services behind a heatmap cell that do not pass, with each one's state and reason. */
export function FailingServices({
  checkName,
  teamName,
  services,
  closeHref,
  outcome,
}: {
  checkName: string;
  teamName: string;
  services: FailingService[];
  closeHref: string;
  outcome?: 'fail' | 'no_data';
}) {
  const what = outcome === 'fail' ? 'failing' : outcome === 'no_data' ? 'without data' : 'not passing';
  return (
    <section className="panel" id="failing" aria-labelledby="failing-heading" data-testid="failing-services">
      <div className="section-head">
        <h2 id="failing-heading">
          {checkName} · {teamName}: {services.length} {what}
        </h2>
        <Link href={closeHref}>Close</Link>
      </div>
      <ul className="failing-list">
        {services.map((s) => (
          <li key={s.slug} data-service={s.slug}>
            <Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link> <CheckState state={s.state} />{' '}
            <span className="muted small">{s.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
