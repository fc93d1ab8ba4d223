/** Legend labels in the text colour: the swatch carries the series colour, which is too faint as text (2.2:1 on white). */
export function legendText(value: string) {
  return <span style={{ color: 'var(--text)' }}>{value}</span>;
}
