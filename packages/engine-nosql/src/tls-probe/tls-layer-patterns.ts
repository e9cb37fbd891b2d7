import type { ErrorPattern } from '@dbtls/core';
import { SERVER_REQUIRES_TLS_CODE } from './tls-probe.js';

/** A close during the TLS handshake: a network error, never proof of a plain port. */
export const TLS_CUT_OFF_PATTERN: ErrorPattern = {
  // A close or reset is no proof that the port lacks TLS (a proxy, a firewall or an attacker does the same):
  // dbtls asks the port a plain-text question and says server-lacks-tls only when it answers.
  cause: 'network-error',
  message: /disconnected before secure TLS connection was established/i,
  note: 'The server closed the connection during the TLS handshake. A port without TLS may do this, but so may a proxy, a firewall or an attacker, so dbtls does not take it as proof; the port did not answer a plain-text question either. Check the host and port; do not lower the mode to get past this.',
};

/**
 * Patterns about the TLS layer itself, shared by the engines of this package:
 * - the error dbtls adds when a plain connection met a TLS-only port;
 * - a port that answered its plain-text protocol after a failed handshake, or
 *   answered the ClientHello with non-TLS bytes ("wrong version number"): the port has no TLS;
 * - a close during the handshake: a network error, never proof of a plain port.
 */
export const TLS_LAYER_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: [SERVER_REQUIRES_TLS_CODE] },
  { cause: 'server-lacks-tls', code: ['DBTLS_SERVER_LACKS_TLS'] },
  TLS_CUT_OFF_PATTERN,
  {
    cause: 'server-lacks-tls',
    code: ['ERR_SSL_WRONG_VERSION_NUMBER'],
    message: /wrong version number/i,
    note: 'The server answered the TLS ClientHello with bytes that are not TLS: it speaks plain text on this port.',
  },
];
