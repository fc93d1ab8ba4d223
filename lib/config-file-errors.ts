import { parseDocument } from 'yaml';

/**
 * The parts of an error about a YAML settings file (paved.config.yaml, scorecards.yaml):
 * where the problem is, as a key path, and what was found there.
 */

/** The document as plain data, or its first YAML error. */
export function parseYaml(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, problem: `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  return { ok: true, value: doc.toJS() ?? {} };
}

export const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a key path, or undefined where the path leaves the data. */
export function valueAt(input: unknown, keyPath: readonly (string | number)[]): unknown {
  let current: unknown = input;
  for (const key of keyPath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `catalog.services[2].slug` */
export function formatPath(keyPath: readonly (string | number)[]): string {
  return keyPath.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
    '',
  );
}

/** Stands for a found value that must not be printed (a token). */
export const SECRET_VALUE = Symbol('secret');

/** What was found, for "expected X, found Y". */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return 'a mapping';
  if (value === SECRET_VALUE) return 'a value of another form (not shown: it is a secret)';
  if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
  return `${typeof value} ${String(value)}`;
}
