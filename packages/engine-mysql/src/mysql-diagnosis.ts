import { CORE_ERROR_PATTERNS, errorChain, matchesPattern, type DiagnoseContext, type DiagnosisHint, type ErrorPattern } from '@dbtls/core';
import { mysqlAttemptOf, type MysqlAttempt } from './mysql-connect.js';

const REQUIRE_NOTE =
  'MariaDB (under require_secure_transport=ON) and both MySQL and MariaDB (for an account created with REQUIRE SSL or REQUIRE X509) answer a login without TLS or without a client certificate with this same "Access denied" as a wrong password.';

/**
 * MySQL and MariaDB server errors, mysql2's own codes, and the MySQL client's
 * error numbers as they appear in pasted messages (`ERROR 2026 (HY000): SSL
 * connection error: …`). TLS certificate errors are left to the core patterns,
 * which read the message mysql2 keeps (it replaces every TLS error code with
 * `HANDSHAKE_SSL_ERROR`).
 *
 * @example
 * ```ts
 * MYSQL_ERROR_PATTERNS.find((p) => p.cause === 'server-requires-tls');
 * ```
 */
export const MYSQL_ERROR_PATTERNS: readonly ErrorPattern[] = [
  {
    cause: 'server-requires-tls',
    code: ['ER_SECURE_TRANSPORT_REQUIRED', '3159'],
    message: /insecure transport are prohibited|require_secure_transport|\b3159\b/i,
    note: 'MySQL reports require_secure_transport=ON as error 3159.',
  },
  {
    cause: 'server-lacks-tls',
    code: ['HANDSHAKE_NO_SSL_SUPPORT'],
    message: /Server does not support secure connection|SSL is required but the server doesn'?t support it|server doesn'?t support SSL/i,
  },
  {
    cause: 'certificate-untrusted',
    message: /^(?!.*(?:self[- ]signed|has expired|does not match|not yet valid)).*\b(?:2026\b.*)?SSL connection error:.*certificate verify failed/is,
    note: 'The MySQL client says only "certificate verify failed": the chain is not trusted, the certificate has expired, or (with VERIFY_IDENTITY) the name does not match.',
  },
  {
    cause: 'tls-handshake-failed',
    message: /^(?!.*(?:self[- ]signed|has expired|does not match|not yet valid|unable to (?:get|verify))).*(?:\b2026\b|SSL connection error)/is,
    note: 'MySQL client error 2026 (CR_SSL_CONNECTION_ERROR): the TLS connection could not be set up.',
  },
  {
    cause: 'tls-handshake-failed',
    code: ['CR_SERVER_HANDSHAKE_ERR', '2012'],
    message: /\b2012\b|Error in server handshake/i,
    note: 'MySQL client error 2012 (CR_SERVER_HANDSHAKE_ERR): the handshake with the server failed, often during TLS negotiation.',
  },
  {
    cause: 'tls-handshake-failed',
    code: ['ER_HANDSHAKE_ERROR', '1043'],
    message: /\b1043\b|Bad handshake/i,
    note: 'Server error 1043 (ER_HANDSHAKE_ERROR, "Bad handshake"): the server could not read the client\'s handshake, typically a client asking for TLS from a server that cannot do it, or a client/server protocol mismatch.',
  },
  {
    cause: 'authentication-failed',
    code: ['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', '1045', '1698'],
    message: /Access denied for user/i,
    note: `${REQUIRE_NOTE} If the password is right, try "required" and, for a REQUIRE X509 account, --cert and --key.`,
  },
  { cause: 'network-error', code: ['PROTOCOL_CONNECTION_LOST'], message: /Connection lost: The server closed the connection/i },
];

function accessDenied(chain: unknown[]): unknown {
  return chain.find((e) => {
    const x = e as { code?: unknown; errno?: unknown; message?: unknown };
    return x && typeof x === 'object' && (x.code === 'ER_ACCESS_DENIED_ERROR' || x.errno === 1045 || (typeof x.message === 'string' && /Access denied for user/i.test(x.message)));
  });
}

function attemptIn(chain: unknown[]): MysqlAttempt | undefined {
  for (const e of chain) {
    const a = mysqlAttemptOf(e);
    if (a) return a;
  }
  return undefined;
}

/**
 * The engine's diagnosis hook. It uses what the connection saw (attached to
 * the error by `connectMysql`):
 * - "Access denied" to a **plain** login from a server whose greeting
 *   **offered TLS**: `server-requires-tls` ("may"), recommending `required`,
 *   because MariaDB gives a TLS-only server's answer and a wrong password's
 *   answer the same words;
 * - "Access denied" over TLS **without a client certificate**:
 *   `authentication-failed`, saying that a REQUIRE X509 account answers the same;
 * - a `HANDSHAKE_SSL_ERROR` that no TLS pattern recognises: `tls-handshake-failed`.
 * Anything else is left to the patterns.
 *
 * @example
 * ```ts
 * diagnoseMysql(error, context, 'MariaDB')?.cause; // 'server-requires-tls'
 * ```
 */
export function diagnoseMysql(error: unknown, context: DiagnoseContext, displayName: string): DiagnosisHint | undefined {
  const chain = errorChain(error);
  const attempt = attemptIn(chain);
  const denied = accessDenied(chain);
  if (denied && attempt) {
    if (!attempt.encrypted && attempt.serverOfferedTls) {
      return {
        cause: 'server-requires-tls',
        recommendedMode: 'required',
        source: denied,
        summary: `The ${displayName} server denied a plain-text login; it offers TLS and may require it.`,
        note: `${REQUIRE_NOTE} The login was sent without TLS to a server that offers TLS, so the server may require TLS (require_secure_transport=ON, or an account with REQUIRE SSL/X509): connect with "required" (or a verify mode). If that is denied too, the user name or password is wrong.`,
      };
    }
    if (attempt.encrypted && !attempt.clientCertificate) {
      return {
        cause: 'authentication-failed',
        source: denied,
        note: `The login went over TLS but without a client certificate. An account created with REQUIRE X509 (or REQUIRE ISSUER/SUBJECT) answers a certificate-less login with this same "Access denied" as a wrong password: if the password is right, pass the client certificate and key with --cert and --key.`,
      };
    }
    return { cause: 'authentication-failed', source: denied };
  }
  if (denied && context.effectiveMode === 'disabled') {
    return { cause: 'authentication-failed', source: denied, note: `${REQUIRE_NOTE} If the password is right, try "required".` };
  }
  const sslError = chain.find((e) => (e as { code?: unknown })?.code === 'HANDSHAKE_SSL_ERROR');
  if (sslError) {
    const known = chain.some((e) => {
      const x = e as { code?: unknown; message?: unknown };
      const like = { code: typeof x?.code === 'string' ? x.code : null, message: typeof x?.message === 'string' ? x.message : String(e) };
      return CORE_ERROR_PATTERNS.some((p) => matchesPattern(like, p));
    });
    if (!known) return { cause: 'tls-handshake-failed', source: sslError };
  }
  return undefined;
}
