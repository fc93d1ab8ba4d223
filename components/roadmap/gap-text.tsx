/** A relative gap as the roadmap shows it: signed percent, coloured better or worse, or why there is none. */
export function GapText({ gap, missing = 'not enough data' }: { gap: number | null; missing?: string }) {
  if (gap === null) return <span className="muted">{missing}</span>;
  return (
    <span className={gap > 0 ? 'change-better' : gap < 0 ? 'change-worse' : ''}>
      {gap > 0 ? '+' : ''}
      {Math.round(gap * 100)}%
    </span>
  );
}
