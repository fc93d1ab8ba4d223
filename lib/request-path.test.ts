import { describe, expect, test } from 'vitest';
import { malformedAddress } from './request-path';

describe('malformedAddress', () => {
  test.each([
    ['/services/%ZZ', 'the path is not valid percent-encoded UTF-8'],
    ['/services/%', 'the path is not valid percent-encoded UTF-8'],
    ['/api/v1/teams/%C0%AE', 'the path is not valid percent-encoded UTF-8'],
    ['/api/v1/teams/a%00b', 'the path contains a NUL byte'],
    ['/deployments?team=%00', 'the query contains a NUL byte'],
    ['/services/payments-api', null],
    ['/services/caf%C3%A9?team=a%2Fb&x=%ZZ', null],
  ])('%s', (address, expected) => {
    expect(malformedAddress(new URL(address, 'http://localhost'))).toBe(expected);
  });
});
