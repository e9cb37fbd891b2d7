import type { ErrorPattern } from '@dbtls/core';
import { SERVER_REQUIRES_TLS_CODE } from './tls-probe.js';

/**
 * Patterns about the TLS layer itself, shared by the engines of this package:
 * - the error dbtls adds when a plain connection met a TLS-only port;
 * - a server that closes the connection on the TLS ClientHello, or answers it
 *   with non-TLS bytes ("wrong version number"): the port has no TLS.
 */
export const TLS_LAYER_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: [SERVER_REQUIRES_TLS_CODE] },
  {
    cause: 'server-lacks-tls',
    message: /disconnected before secure TLS connection was established/i,
    note: 'The server closed the connection on the TLS ClientHello, which is what a server without TLS on this port does.',
  },
  {
    cause: 'server-lacks-tls',
    code: ['ERR_SSL_WRONG_VERSION_NUMBER'],
    message: /wrong version number/i,
    note: 'The server answered the TLS ClientHello with bytes that are not TLS: it speaks plain text on this port.',
  },
];
