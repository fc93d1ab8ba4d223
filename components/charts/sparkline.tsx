/** A tiny inline trend (no library, rendered on the server); the label carries the values. */
export function Sparkline({
  values,
  label,
  width = 200,
  height = 36,
}: {
  values: (number | null)[];
  label: string;
  width?: number;
  height?: number;
}) {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return <span className="sparkline-empty muted">not enough points for a trend</span>;
  const max = Math.max(...present);
  const min = Math.min(...present);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const pts = values
    .map((v, i) =>
      v === null ? null : `${(i * step).toFixed(1)},${(height - 3 - ((v - min) / span) * (height - 6)).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  return (
    <svg
      className="sparkline"
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <polyline
        points={pts}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.75"
        strokeLinejoin="round"
        strokeLinecap="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
