import type { ErrorPattern } from '@dbtls/core';

/**
 * SQL Server and tedious wordings. tedious wraps every socket and TLS error in
 * a `ConnectionError` with `code` `ESOCKET` and the Node error in `cause`
 * (matched by the core patterns); `EENCRYPT` is used for both directions of
 * an encryption mismatch, so those are told apart by message.
 *
 * @example
 * ```ts
 * MSSQL_ERROR_PATTERNS.find((p) => p.message?.test("Login failed for user 'app'."))?.cause; // 'authentication-failed'
 * ```
 */
export const MSSQL_ERROR_PATTERNS: readonly ErrorPattern[] = [
  {
    cause: 'server-requires-tls',
    message: /Server requires encryption|requires (an )?encrypted connection/i,
    note: 'The server has Force Encryption on (it answered ENCRYPT_REQ to the PRELOGIN exchange).',
  },
  {
    cause: 'server-lacks-tls',
    message: /Server did not negotiate encryption|ENCRYPT_NOT_SUP/i,
    note: 'The server answered the PRELOGIN exchange with ENCRYPT_NOT_SUP (or ENCRYPT_OFF, login-only encryption): it has no certificate configured for TDS encryption.',
  },
  { cause: 'authentication-failed', code: ['ELOGIN'], message: /Login failed for user|\b18456\b|Cannot open database .* requested by the login/i },
  { cause: 'timeout', code: ['ETIMEOUT'], message: /Failed to connect to .* in \d+ms|Timeout: Request failed to complete/i },
];

/** The message of a tedious EENCRYPT error that means "the server forces encryption". */
export const MSSQL_REQUIRES_TLS = /Server requires encryption/i;
