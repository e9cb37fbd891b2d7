import type { SslMode } from './ssl-mode.js';

/**
 * Stable cause codes of a failed connection.
 *
 * @example
 * ```ts
 * if (diagnosis.cause === 'hostname-mismatch') ...
 * ```
 */
export const DIAGNOSIS_CAUSES = [
  'server-requires-tls',
  'server-lacks-tls',
  'tls-handshake-failed',
  'certificate-untrusted',
  'certificate-expired',
  'hostname-mismatch',
  'client-certificate-required',
  'client-key-invalid',
  'authentication-failed',
  'cleartext-password-refused',
  'server-busy',
  'server-name-required',
  'network-error',
  'timeout',
  'unknown',
] as const;

/** One of {@link DIAGNOSIS_CAUSES}. */
export type DiagnosisCause = (typeof DIAGNOSIS_CAUSES)[number];

/**
 * Why a connection failed and what to change, as data.
 *
 * @example
 * ```ts
 * { cause: 'certificate-untrusted', recommendedMode: 'required', summary: '...', detail: '...',
 *   original: { message: 'self-signed certificate', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } }
 * ```
 */
export interface Diagnosis {
  cause: DiagnosisCause;
  /** The mode to switch to, or null when changing mode would not help. */
  recommendedMode: SslMode | null;
  /** One line: what went wrong. */
  summary: string;
  /** What to do about it, and why. */
  detail: string;
  /** The driver's or server's own error (secrets removed). */
  original: { message: string; code: string | null };
}

/**
 * A rule that recognises a cause from an error's `code` and/or `message`.
 * An engine lists its server's and driver's wording; core holds the ones
 * shared by every Node driver ({@link CORE_ERROR_PATTERNS}).
 *
 * @example
 * ```ts
 * const pattern: ErrorPattern = { cause: 'authentication-failed', message: /password authentication failed/i };
 * ```
 */
export interface ErrorPattern {
  cause: DiagnosisCause;
  /** Matches `error.code` exactly (any of the list) or by RegExp. */
  code?: string | readonly string[] | RegExp;
  /** Matches `error.message`. */
  message?: RegExp;
  /** Extra sentence for the diagnosis detail. */
  note?: string;
}

/**
 * Patterns every Node driver shares: Node and OpenSSL TLS error codes and
 * messages, and refused, unresolvable, reset and timed-out connections.
 */
export const CORE_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'client-key-invalid', code: ['ERR_OSSL_BAD_DECRYPT', 'ERR_OSSL_X509_KEY_VALUES_MISMATCH', 'ERR_OSSL_EVP_BAD_DECRYPT'], message: /bad decrypt|key values mismatch|unable to load (client )?(private )?key|bad password read|interrupted or cancelled/i },
  { cause: 'certificate-expired', code: ['CERT_HAS_EXPIRED'], message: /certificate has expired/i },
  { cause: 'certificate-untrusted', code: ['CERT_NOT_YET_VALID'], message: /certificate is not yet valid/i, note: 'The certificate is not valid yet: check the clocks of both machines.' },
  { cause: 'hostname-mismatch', code: ['ERR_TLS_CERT_ALTNAME_INVALID'], message: /does not match certificate'?s altnames|Hostname\/IP does not match/i },
  { cause: 'certificate-untrusted', code: ['CERT_REVOKED'], message: /certificate revoked/i, note: 'The certificate revocation list given (libpq sslcrl / sslcrldir) lists the server certificate: the server needs a new certificate.' },
  { cause: 'certificate-untrusted', code: ['UNABLE_TO_GET_CRL', 'CRL_HAS_EXPIRED', 'CRL_NOT_YET_VALID'], message: /unable to get certificate CRL|CRL has expired|CRL is not yet valid/i, note: 'With a CRL given, every certificate of the chain must be covered by a current CRL of its issuer (as libpq checks it).' },
  {
    cause: 'certificate-untrusted',
    code: ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'INVALID_CA', 'CERT_REJECTED'],
    message: /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate (signature failure|not trusted)|unable to verify leaf signature/i,
  },
  { cause: 'client-certificate-required', code: ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'], message: /alert certificate required|peer did not return a certificate|certificate required/i },
  { cause: 'client-certificate-required', code: ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'], message: /alert bad certificate|alert unknown ca/i, note: 'The server rejected the client certificate that was sent (alert "bad certificate" or "unknown CA"): it must be signed by a CA the server trusts.' },
  {
    cause: 'tls-handshake-failed',
    code: ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_NO_SHARED_CIPHER', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', 'EPROTO'],
    message: /unsupported protocol|alert protocol version|no protocols available|handshake failure|no shared cipher|wrong version number|packet length too long|tlsv1 alert|ssl routines/i,
  },
  { cause: 'server-name-required', message: /endpoint ID is not specified/i, note: 'This is Neon\'s proxy: it routes connections by the TLS server name (SNI).' },
  { cause: 'timeout', code: ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'DBTLS_TIMEOUT'], message: /timed? ?out|timeout expired/i },
  { cause: 'network-error', code: ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL', 'ECONNABORTED'], message: /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|getaddrinfo|socket hang up|Connection terminated unexpectedly|ECONNRESET/i },
];

/**
 * True when an error (code or message) matches a pattern.
 *
 * @example
 * ```ts
 * matchesPattern({ code: 'CERT_HAS_EXPIRED', message: '' }, CORE_ERROR_PATTERNS[1]!); // true
 * ```
 */
export function matchesPattern(error: { code?: string | null; message?: string }, pattern: ErrorPattern): boolean {
  const code = error.code ?? undefined;
  if (pattern.code && code) {
    if (pattern.code instanceof RegExp ? pattern.code.test(code) : (typeof pattern.code === 'string' ? [pattern.code] : pattern.code).includes(code)) return true;
  }
  return Boolean(pattern.message && error.message && pattern.message.test(error.message));
}
