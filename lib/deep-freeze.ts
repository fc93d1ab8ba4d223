/** Freezes a value and everything it holds, so one copy can be shared: a write throws (strict mode) instead of leaking into another reader. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
