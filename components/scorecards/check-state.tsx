const LABEL: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  exempt: 'Exempt',
  not_applicable: 'Not applicable',
  no_data: 'No data',
  upcoming: 'Upcoming',
};
const GLYPH: Record<string, string> = {
  pass: '✓',
  fail: '✗',
  exempt: '⊘',
  not_applicable: '–',
  no_data: '?',
  upcoming: '…',
};

/** A check result's state in words with a glyph; colour only reinforces it. */
export function CheckState({ state }: { state: string | null }) {
  const s = state ?? 'no_data';
  return (
    <span className={`check-state check-${s}`}>
      <span aria-hidden="true">{GLYPH[s]}</span> {state ? LABEL[s] : 'Not evaluated'}
    </span>
  );
}
