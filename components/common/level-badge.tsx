const GLYPH: Record<string, string> = { elite: '◆', high: '▲', medium: '■', low: '▼' };

/**
 * A DORA level as colour AND text (and a shape), so it reads without colour vision.
 * `benchmark` names the cut-offs used, e.g. dora-2023.
 */
export function LevelBadge({
  level,
  benchmark,
  size = 'md',
}: {
  level: string | null;
  benchmark?: string;
  size?: 'sm' | 'md';
}) {
  if (!level) {
    return (
      <span className={`level level-none level-${size}`} title="Too few events for a level">
        No level
      </span>
    );
  }
  return (
    <span
      className={`level level-${level} level-${size}`}
      title={benchmark ? `${level} (benchmark ${benchmark})` : level}
    >
      <span aria-hidden="true">{GLYPH[level] ?? '●'}</span> {level.charAt(0).toUpperCase() + level.slice(1)}
      {benchmark ? <span className="level-benchmark"> · {benchmark}</span> : null}
    </span>
  );
}
