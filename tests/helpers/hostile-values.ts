/** Values a client may send to hurt or confuse: each must be answered 4xx, never 5xx. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** For any query parameter. */
export const HOSTILE_TEXT = [
  '',
  ' ',
  '0000-01-01',
  '0001-01-01',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+99:99',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '-1',
  '0',
  '1.5',
  '1e309',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  'true',
  'null',
  '[]',
  '{}',
  'ü',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u202eevil',
  "'; drop table services; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'a'.repeat(10_000),
];

/** Cursors that decode (base64 of JSON) to the wrong shape, and some that do not decode. */
export const HOSTILE_CURSORS = [
  b64({}),
  b64([]),
  b64(['x', 'y']),
  b64([1, 2]),
  b64([null, null]),
  b64(['2026-01-01T00:00:00.000Z']),
  b64(['2026-01-01T00:00:00.000Z', {}]),
  b64(['2026-02-30T00:00:00.000Z', 'd1']),
  b64(['0000-01-01T00:00:00.000Z', 'd1']),
  b64(['+275760-09-13T00:00:00.000Z', 'd1']),
  b64(['2026-01-01T00:00:00.000Z', 'd1', 'extra']),
  b64([['nested'], 'd1']),
  b64('string'),
  b64(1e308),
  '!!!',
  '%',
  'a'.repeat(499),
];

/** For a dynamic path segment: raw, as sent on the wire (already percent-encoded where meant). */
export const HOSTILE_SEGMENTS = [
  '%ZZ',
  '%',
  '%C0%AE',
  '%C0%AE%C0%AE',
  'a%00b',
  '%00',
  '%2e%2e',
  '%2F',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1e309',
  'NaN',
  '%C3%BC',
  '%F0%9D%94%98',
  '%E2%80%AE',
  "'%3B%20drop%20table%20services%3B--",
  '%3Cscript%3E',
  'a'.repeat(2000),
];

/** Request bodies for handlers that read one. */
export const HOSTILE_BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"name": ["ci"], "role": "admin"}',
  '{"name": "ci", "role": "root"}',
  '{"__proto__": {"admin": true}, "name": "x", "role": "viewer"}',
  `{"name": "${'a'.repeat(100_000)}", "role": "viewer"}`,
  '{"name": "\\u0000", "role": "viewer"}',
];
