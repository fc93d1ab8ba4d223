const COLOURS = ['var(--low)', 'var(--medium)', 'var(--high)', 'var(--elite)'];

/** How many services reached each scorecard level: one bar, with counts in words. */
export function LevelDistribution({ levels, distribution, label }: { levels: readonly string[]; distribution: Record<string, number>; label: string }) {
  const keys = ['none', ...levels];
  const total = keys.reduce((s, k) => s + (distribution[k] ?? 0), 0);
  const colour = (i: number) => (i === 0 ? 'var(--border)' : COLOURS[Math.min(COLOURS.length - 1, i - 1 + (COLOURS.length - levels.length))]);
  if (total === 0) return <p className="muted small">No service evaluated yet.</p>;
  return (
    <div className="level-distribution" data-testid="level-distribution">
      <div className="bar" role="img" aria-label={`${label}: ${keys.map((k) => `${distribution[k] ?? 0} ${k}`).join(', ')}`}>
        {keys.map((k, i) => <span key={k} style={{ width: `${((distribution[k] ?? 0) / total) * 100}%`, background: colour(i) }} />)}
      </div>
      <ul className="stacked-legend" aria-hidden="true">
        {keys.map((k, i) => (
          <li key={k} data-level={k}><span className="swatch" style={{ background: colour(i) }} />{k === 'none' ? 'No level' : k}: <strong>{distribution[k] ?? 0}</strong></li>
        ))}
      </ul>
    </div>
  );
}
