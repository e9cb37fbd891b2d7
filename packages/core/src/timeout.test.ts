import { describe, expect, it } from 'vitest';
import { checkTimeout, MAX_TIMEOUT_MS } from './timeout.js';
import { isDbtlsError } from './dbtls-error.js';

describe('checkTimeout', () => {
  it('accepts 1 … 2^31-1, as numbers or digit strings', () => {
    expect(checkTimeout(1)).toBe(1);
    expect(checkTimeout(MAX_TIMEOUT_MS)).toBe(2147483647);
    expect(checkTimeout('5000', '--timeout')).toBe(5000);
  });
  it.each([0, -1, 1.5, Number.NaN, 2 ** 31, 3_000_000_000, '3000000000', '', ' ', 'abc', '1e3', null, undefined])('refuses %s with the allowed range', (value) => {
    let caught: unknown;
    try {
      checkTimeout(value, '--timeout');
    } catch (error) {
      caught = error;
    }
    expect(isDbtlsError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^--timeout must be a whole number of milliseconds from 1 to 2147483647/);
  });
});
