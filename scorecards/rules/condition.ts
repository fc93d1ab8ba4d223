import { clip } from '../../lib/limits';
import type { Condition } from '../definition-schema';
import { boundedRegex } from './bounded-regex';

/**
 * Splits `metadata.annotations["pagerduty.com/service-id"]` or `jobs.build.steps[0].uses`
 * into keys.
 */
export function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const token = /\s*(?:\.?([A-Za-z0-9_$@-]+)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\])/y;
  let index = 0;
  while (index < path.length) {
    token.lastIndex = index;
    const m = token.exec(path);
    if (!m) throw new Error(`cannot read path "${path}" at "${path.slice(index)}"`);
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3]?.replace(/\\(.)/g, '$1') ?? m[4]!)));
    index = token.lastIndex;
  }
  return keys;
}

export function valueAtPath(value: unknown, keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A value as a reason quotes it; a whole parsed file would make a reason of megabytes. */
const show = (v: unknown) => (v === undefined ? 'absent' : clip(JSON.stringify(v) ?? String(v), 200));

/** Every condition must hold; the first that fails is the reason. */
export function checkCondition(label: string, value: unknown, c: Condition): { ok: boolean; reason: string } {
  const present = value !== undefined && value !== null;
  const failWith = (needs: string) => ({ ok: false, reason: `${label} is ${show(value)}, needs ${needs}` });
  if (c.exists === true && !present) return { ok: false, reason: `${label} is absent, needs to be set` };
  if (c.exists === false && present) return failWith('to be absent');
  if (c.equals !== undefined && value !== c.equals) return failWith(`to equal ${JSON.stringify(c.equals)}`);
  if (c.notEquals !== undefined && value === c.notEquals)
    return failWith(`anything but ${JSON.stringify(c.notEquals)}`);
  if (c.oneOf && !c.oneOf.includes(value as never))
    return failWith(`one of ${c.oneOf.map((v) => JSON.stringify(v)).join(', ')}`);
  if (c.matches !== undefined && !(present && typeof value !== 'object' && boundedRegex(c.matches).test(String(value))))
    return failWith(`to match /${c.matches}/`);
  const bounds: [keyof Condition, string, (a: number, b: number) => boolean][] = [
    ['gte', '≥', (a, b) => a >= b],
    ['gt', '>', (a, b) => a > b],
    ['lte', '≤', (a, b) => a <= b],
    ['lt', '<', (a, b) => a < b],
  ];
  for (const [key, symbol, holds] of bounds) {
    const bound = c[key] as number | undefined;
    if (bound === undefined) continue;
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isNaN(n) || !holds(n, bound)) return failWith(`${symbol} ${bound}`);
  }
  return { ok: true, reason: `${label} is ${show(value)}` };
}
