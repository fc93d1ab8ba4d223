/**
 * Round axis ticks from 0 past `max`: steps of 1, 2, 2.5 or 5 × 10ⁿ, or whole days for hours
 * above two days, so labels read 0, 10, 20, 30 h rather than 0, 9, 18, 27, 33 h.
 * @example niceTicks(33, 'h') // [0, 10, 20, 30, 40]
 */
export function niceTicks(max: number, unit: string, count = 4): number[] {
  const top = Math.max(max, unit === 'days' ? 1 : 1e-9);
  const raw = top / count;
  const step = unit === 'h' && raw > 24 ? niceStep(raw / 24) * 24 : niceStep(raw);
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks.at(-1)! < top; i++) ticks.push(Number((i * step).toFixed(10)));
  return ticks;
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw)!;
  return step * magnitude;
}

/** Labels for the ticks above, with the same number of decimals on every tick of an axis. */
export function tickFormatter(ticks: readonly number[], unit: string): (v: number) => string {
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  if (unit === 'h' && step >= 24) return (v) => `${Math.round(v / 24)}d`;
  const decimals = Number.isInteger(step) ? 0 : step * 10 === Math.round(step * 10) ? 1 : 2;
  const suffix = unit === '%' ? '%' : unit === 'h' ? 'h' : '';
  return (v) => `${v.toFixed(decimals)}${suffix}`;
}
