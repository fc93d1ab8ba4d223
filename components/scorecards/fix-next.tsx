import Link from 'next/link';
import { InlineMarkdown } from '../common/inline-markdown';

export interface FixItem {
  checkId: string;
  name: string;
  level: string;
  remediation: string;
  services: { slug: string; name: string; state: string; reason: string }[];
}

/** Failing checks of a team, lowest level first: the shortest path to the next level. */
export function FixNext({ items, scorecardName }: { items: FixItem[]; scorecardName: string }) {
  if (items.length === 0) return <p className="muted">Every applicable {scorecardName} check passes or is exempt. Nothing to fix.</p>;
  return (
    <ol className="fix-list" data-testid="fix-next">
      {items.map((item) => (
        <li key={item.checkId} className="panel" data-check={item.checkId}>
          <div className="section-head">
            <h3>{item.name} <span className="pill">{item.level}</span></h3>
            <span className="muted small">{item.services.length} service{item.services.length === 1 ? '' : 's'}</span>
          </div>
          <p className="small"><InlineMarkdown text={item.remediation} /></p>
          <ul className="small">
            {item.services.map((s) => (
              <li key={s.slug}><Link href={`/services/${s.slug}#scorecards`}>{s.name}</Link> <span className="muted">({s.state === 'no_data' ? 'no data' : s.state}) {s.reason}</span></li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
