import { countOf } from '../common/format';
import Link from 'next/link';
import type { FixItem } from '@/scorecards/read/team-fixes';
import { InlineMarkdown } from '../common/inline-markdown';

/** Failing checks of a team, lowest level first: the shortest path to the next level. */
export function FixNext({
  items,
  scorecardName,
  first = 4,
}: {
  items: FixItem[];
  scorecardName: string;
  first?: number;
}) {
  if (items.length === 0)
    return <p className="muted">Every applicable {scorecardName} check passes or is exempt. Nothing to fix.</p>;
  const rest = items.slice(first);
  return (
    <>
      <ol className="fix-list" data-testid="fix-next">
        {items.slice(0, first).map((item) => (
          <li key={item.checkId} className="panel" data-check={item.checkId}>
            <div className="section-head">
              <h3>
                {item.name} <span className="pill">{item.level}</span>
              </h3>
              <span className="muted small">
                {item.services.length} service{item.services.length === 1 ? '' : 's'}
              </span>
            </div>
            <p className="small">
              <InlineMarkdown text={item.remediation} />
            </p>
            <ul className="small">
              {item.services.map((s) => (
                <li key={s.slug}>
                  <Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link>{' '}
                  <span className="muted">
                    ({s.state === 'no_data' ? 'no data' : s.state}) {s.reason}
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {rest.length ? (
        <details className="panel fix-more">
          <summary>{countOf(rest.length, 'more failing check')}</summary>
          <ol start={first + 1} className="small" data-testid="fix-next-more">
            {rest.map((item) => (
              <li key={item.checkId} data-check={item.checkId}>
                <strong>{item.name}</strong> <span className="pill">{item.level}</span>{' '}
                {item.services.map((s) => s.name).join(', ')}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}
