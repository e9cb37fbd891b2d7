import { DbtlsError } from './dbtls-error.js';

/** The longest timeout Node's timers can hold (2^31 − 1 ms, about 24.8 days); a longer one would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Checks a timeout in milliseconds: a whole number from 1 to
 * {@link MAX_TIMEOUT_MS}. Anything else (0, negative, fractional, NaN, or
 * above 2^31 − 1, which Node would fire at once) is `DbtlsError('invalid-option')`
 * naming `what` and the allowed range.
 *
 * @example
 * ```ts
 * checkTimeout(5000);                 // 5000
 * checkTimeout(2 ** 31, 'timeoutMs'); // throws: allowed 1 … 2147483647
 * ```
 */
export function checkTimeout(value: unknown, what = 'timeoutMs'): number {
  const ms = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
    const shown = typeof value === 'string' ? `"${value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40)}"` : String(value);
    throw new DbtlsError('invalid-option', `${what} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, not ${shown}.`);
  }
  return ms;
}
