/** A tag such as `v3`, `v3.1` or `3.1.2`, as numbers; null for a branch or a commit SHA. */
export function parseVersion(ref: string): number[] | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! - b[i]!;
  return 0;
}

/**
 * Whether a ref satisfies a constraint: `>=v3`, `>v2.1`, `<=`, `<`, `==v4.1` (or bare
 * `v4.1`: the ref must name that version or a more precise one, so `v4` accepts `v4.2.0`),
 * `^v2` (same major, at least v2), `~v2.3` (same major and minor).
 * @example satisfiesVersion('v3', '>=v3') // true
 */
export function satisfiesVersion(ref: string, constraint: string): boolean {
  const m = /^(>=|<=|>|<|==|\^|~)?\s*(.+)$/.exec(constraint.trim())!;
  const op = m[1] ?? '==';
  const want = parseVersion(m[2]!)!;
  const have = parseVersion(ref);
  if (!have) return false;
  const cmp = compare(have, want);
  const precision = m[2]!.replace(/^v/, '').split('.').length;
  switch (op) {
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '<':
      return cmp < 0;
    case '^':
      return have[0] === want[0] && cmp >= 0;
    case '~':
      return have[0] === want[0] && have[1] === want[1] && cmp >= 0;
    default:
      return have.slice(0, precision).every((n, i) => n === want[i]);
  }
}
