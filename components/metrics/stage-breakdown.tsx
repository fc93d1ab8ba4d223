import Link from 'next/link';
import { formatDuration } from '../common/format';

type Stages = {
  codingSeconds: number | null;
  pickupSeconds: number | null;
  reviewSeconds: number | null;
  deploySeconds: number | null;
};

const STAGES = [
  { key: 'codingSeconds', label: 'Coding', hint: 'first commit → pull request opened', color: 'var(--high)' },
  { key: 'pickupSeconds', label: 'Pickup', hint: 'opened → first review', color: 'var(--medium)' },
  { key: 'reviewSeconds', label: 'Review', hint: 'first review → merged', color: 'var(--low)' },
  { key: 'deploySeconds', label: 'Deploy', hint: 'merged → deployed to production', color: 'var(--elite)' },
] as const;

/**
 * The median of each lead-time stage over pull requests, as one bar and in words. Stage
 * medians need not add up to the median lead time (each is a median of its own).
 */
export function StageBreakdown({ stages, changes, href }: { stages: Stages; changes: number; href: string }) {
  const values = STAGES.map((s) => ({ ...s, seconds: stages[s.key] }));
  const total = values.reduce((sum, v) => sum + (v.seconds ?? 0), 0);
  if (total === 0)
    return <p className="muted">No pull requests were deployed in this window, so there are no stages to show.</p>;
  return (
    <div className="panel stage-breakdown" data-testid="stage-breakdown">
      <div
        className="bar"
        role="img"
        aria-label={values.map((v) => `${v.label} ${formatDuration(v.seconds)}`).join(', ')}
        style={{ height: 22 }}
      >
        {values.map((v) => (
          <span key={v.key} style={{ width: `${((v.seconds ?? 0) / total) * 100}%`, background: v.color }} />
        ))}
      </div>
      <dl className="stage-list">
        {values.map((v) => (
          <div key={v.key}>
            <dt>
              <span className="swatch" style={{ background: v.color }} aria-hidden="true" />
              {v.label}
            </dt>
            <dd>
              <strong>{formatDuration(v.seconds)}</strong>{' '}
              <span className="muted small">
                {Math.round(((v.seconds ?? 0) / total) * 100)}% · {v.hint}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="small muted">
        Medians over the pull requests among <Link href={href}>{changes} changes</Link> deployed in the window.
      </p>
      <p className="small muted" data-testid="stage-medians-note">
        The stage medians do not add up to the median lead time: each is the middle value of its own stage, taken over
        different pull requests, and a median of a sum is not the sum of medians. The shares above compare the stages
        with each other.
      </p>
    </div>
  );
}
