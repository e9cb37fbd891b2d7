import { ownValue } from './own-key.js';
import { DbtlsError } from './dbtls-error.js';

/**
 * The five SSL/TLS modes, weakest first.
 *
 * @example
 * ```ts
 * for (const mode of SSL_MODES) console.log(mode);
 * ```
 */
export const SSL_MODES = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'] as const;

/** One of {@link SSL_MODES}. */
export type SslMode = (typeof SSL_MODES)[number];

/** The modes that validate the server's certificate chain. */
export const VERIFY_MODES: readonly SslMode[] = ['verify-ca', 'verify-identity'];

/**
 * Marker used by engines with no network protocol (SQLite, DuckDB): no mode applies.
 */
export const NOT_APPLICABLE = 'not-applicable' as const;
/** Type of {@link NOT_APPLICABLE}. */
export type NotApplicable = typeof NOT_APPLICABLE;

const SPELLINGS: Record<string, SslMode> = {
  disabled: 'disabled',
  disable: 'disabled',
  preferred: 'preferred',
  prefer: 'preferred',
  required: 'required',
  require: 'required',
  'verify-ca': 'verify-ca',
  verify_ca: 'verify-ca',
  'verify-identity': 'verify-identity',
  verify_identity: 'verify-identity',
  'verify-full': 'verify-identity',
};

/**
 * True when `value` is exactly one of the canonical mode names.
 *
 * @example
 * ```ts
 * isSslMode('required'); // true
 * isSslMode('require');  // false (use parseSslMode for other spellings)
 * ```
 */
export function isSslMode(value: unknown): value is SslMode {
  return typeof value === 'string' && (SSL_MODES as readonly string[]).includes(value);
}

/**
 * Parses a mode written in dbtls, libpq (`disable`, `prefer`, `require`,
 * `verify-ca`, `verify-full`) or MySQL (`DISABLED` … `VERIFY_IDENTITY`)
 * spelling, case-insensitively. Anything else, libpq's `allow` included,
 * throws a {@link DbtlsError} (`invalid-ssl-mode`) listing the valid modes.
 *
 * @example
 * ```ts
 * parseSslMode('verify-full'); // 'verify-identity'
 * parseSslMode('REQUIRED');    // 'required'
 * ```
 */
export function parseSslMode(input: string): SslMode {
  const mode = ownValue(SPELLINGS, String(input).trim().toLowerCase());
  if (mode) return mode;
  const hint =
    String(input).trim().toLowerCase() === 'allow'
      ? ' libpq\'s "allow" (plain first, TLS only if the server insists) is not offered: it never protects against a passive listener; use "preferred".'
      : '';
  throw new DbtlsError(
    'invalid-ssl-mode',
    `Unknown SSL mode "${input}". Valid modes: ${SSL_MODES.join(', ')} (libpq and MySQL spellings such as "require", "verify-full" or "VERIFY_IDENTITY" are accepted too).${hint}`,
  );
}

/**
 * True for the modes that validate the certificate chain.
 *
 * @example
 * ```ts
 * isVerifyMode('verify-ca'); // true
 * ```
 */
export function isVerifyMode(mode: SslMode): boolean {
  return mode === 'verify-ca' || mode === 'verify-identity';
}
