import type { ErrorPattern } from '@dbtls/core';

import { TLS_NO_ANSWER_CODE } from '../plain-port/tls-only-port.js';

export { TLS_NO_ANSWER_CODE };

/**
 * Redis server replies and ioredis wordings, plus the codes dbtls gives the
 * causes it finds itself (a TLS-only port met in plain text, a plain port
 * that never answers a ClientHello).
 */
export const REDIS_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: 'DBTLS_SERVER_REQUIRES_TLS', note: 'Redis closes a plain-text connection on its TLS port (tls-port) at once.' },
  {
    cause: 'timeout',
    code: TLS_NO_ANSWER_CODE,
    note: 'The port accepted the connection but never answered the TLS handshake, and did not answer a plain-text PING either. Silence is no proof that the port lacks TLS (a plain Redis port reads the ClientHello as the start of a command and waits for the rest, but so does a firewall, a hung server or an attacker holding the connection): check the host and port. Do not lower the mode to get past this.',
  },
  { cause: 'server-lacks-tls', code: 'DBTLS_SERVER_LACKS_TLS' },
  {
    cause: 'server-lacks-tls',
    code: ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'],
    note: 'The server answered the TLS ClientHello with something that is not TLS (a plain Redis port replies "-ERR unknown command").',
  },
  { cause: 'server-busy', message: /max number of clients reached/i, note: 'Redis answers "ERR max number of clients reached" when maxclients connections are open.' },
  { cause: 'authentication-failed', message: /WRONGPASS|invalid username-password pair|invalid password|NOAUTH|Authentication required/i },
];
