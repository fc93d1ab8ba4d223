import Link from 'next/link';

/** One headline number with its label, an optional note, and the page listing what it counts. */
export function StatTile({
  label,
  value,
  note,
  testId,
  href,
}: {
  label: string;
  value: number | string;
  note?: string;
  testId?: string;
  href?: string;
}) {
  const shown = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return (
    <section className="tile" aria-label={label}>
      <p className="tile-label">{label}</p>
      <p className="tile-value" data-testid={testId}>
        {href ? (
          <Link prefetch={false} href={href} className="value-link">
            {shown}
          </Link>
        ) : (
          shown
        )}
      </p>
      {note ? <p className="tile-note">{note}</p> : null}
    </section>
  );
}
