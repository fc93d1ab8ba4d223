/** One headline number with its label and an optional note. */
export function StatTile({ label, value, note, testId }: { label: string; value: number | string; note?: string; testId?: string }) {
  return (
    <section className="tile" aria-label={label}>
      <p className="tile-label">{label}</p>
      <p className="tile-value" data-testid={testId}>{typeof value === 'number' ? value.toLocaleString('en-US') : value}</p>
      {note ? <p className="tile-note">{note}</p> : null}
    </section>
  );
}
