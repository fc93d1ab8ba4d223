import { countOf } from '../common/format';
import Link from 'next/link';

const COLOURS = ['var(--low)', 'var(--medium)', 'var(--high)', 'var(--elite)'];

/**
 * How many services reached each scorecard level: one bar, with counts in words. With
 * `href`, each count opens the services behind it.
 */
export function LevelDistribution({
  levels,
  distribution,
  label,
  href,
}: {
  levels: readonly string[];
  distribution: Record<string, number>;
  label: string;
  href?: (level: string) => string;
}) {
  const keys = ['none', ...levels];
  const total = keys.reduce((s, k) => s + (distribution[k] ?? 0), 0);
  const colour = (i: number) =>
    i === 0 ? 'var(--border)' : COLOURS[Math.min(COLOURS.length - 1, i - 1 + (COLOURS.length - levels.length))];
  if (total === 0) return <p className="muted small">No service evaluated yet.</p>;
  return (
    <div className="level-distribution" data-testid="level-distribution">
      {/* The list below says the same in words, so the bar is decoration for assistive technology. */}
      <div className="bar" aria-hidden="true">
        {keys.map((k, i) => (
          <span key={k} style={{ width: `${((distribution[k] ?? 0) / total) * 100}%`, background: colour(i) }} />
        ))}
      </div>
      <ul className="stacked-legend" aria-label={label}>
        {keys.map((k, i) => {
          const count = distribution[k] ?? 0;
          return (
            <li key={k} data-level={k}>
              <span className="swatch" style={{ background: colour(i) }} />
              {k === 'none' ? 'No level' : k}:{' '}
              {href && count > 0 ? (
                <Link
                  href={href(k)}
                  prefetch={false}
                  aria-label={
                    k === 'none' ? `${countOf(count, 'service')} with no level` : `${countOf(count, 'service')} at ${k}`
                  }
                >
                  <strong>{count}</strong>
                </Link>
              ) : (
                <strong>{count}</strong>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
