const DBTLS_ERROR_BRAND = Symbol.for('dbtls.error');

/**
 * Codes carried by {@link DbtlsError}. Each one means "nothing can proceed" and
 * maps to exit code 2 in the CLI (bad usage or bad input), except `timeout`
 * and `aborted`, which are produced while connecting.
 */
export const DBTLS_ERROR_CODES = [
  'invalid-ssl-mode',
  'invalid-url',
  'invalid-option',
  'unknown-engine',
  'invalid-plugin',
  'duplicate-engine',
  'file-not-found',
  'file-unreadable',
  'file-not-pem',
  'file-too-large',
  'client-key-invalid',
  'driver-missing',
  'mode-unsupported',
  'weaker-translation',
  'timeout',
  'aborted',
] as const;

/** One of {@link DBTLS_ERROR_CODES}. */
export type DbtlsErrorCode = (typeof DBTLS_ERROR_CODES)[number];

/**
 * The one error class dbtls throws. Recognise it with {@link isDbtlsError}
 * rather than `instanceof`: two copies of `@dbtls/core` in one process still
 * agree on the `Symbol.for` brand.
 *
 * @example
 * ```ts
 * throw new DbtlsError('unknown-engine', 'No engine is registered for "foo".');
 * ```
 */
export class DbtlsError extends Error {
  /** Stable machine-readable code. */
  readonly code: DbtlsErrorCode;
  readonly [DBTLS_ERROR_BRAND] = true;

  constructor(code: DbtlsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbtlsError';
    this.code = code;
  }
}

/**
 * True when `value` is a {@link DbtlsError} from any copy of `@dbtls/core`.
 *
 * @example
 * ```ts
 * try { await connect(...) } catch (e) { if (isDbtlsError(e) && e.code === 'invalid-url') ... }
 * ```
 */
export function isDbtlsError(value: unknown): value is DbtlsError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DBTLS_ERROR_BRAND] === true;
}
