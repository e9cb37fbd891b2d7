import type { ErrorPattern } from '@dbtls/core';
import { TLS_NO_ANSWER_CODE } from '../plain-port/tls-only-port.js';

/**
 * ClickHouse server messages (old `Code: 193, e.displayText() = …` and
 * current `Code: 516. DB::Exception: … (AUTHENTICATION_FAILED)` wordings) and
 * what Node reports for HTTPS against the HTTP port.
 */
export const CLICKHOUSE_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: 'DBTLS_SERVER_REQUIRES_TLS', note: 'This is ClickHouse\'s https_port: plain HTTP goes to http_port (8123 by default).' },
  {
    cause: 'server-lacks-tls',
    code: ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST'],
    message: /wrong version number|packet length too long|ssl3_get_record:http request/i,
    note: 'The port answered the TLS ClientHello in plain HTTP: it is ClickHouse\'s http_port. HTTPS is served on https_port (8443 by default), when it is configured.',
  },
  {
    cause: 'timeout',
    code: TLS_NO_ANSWER_CODE,
    note: 'The port accepted the connection but never answered the TLS handshake, and did not answer a plain-text GET / either. Silence is no proof that the port lacks TLS (ClickHouse\'s http_port reads the ClientHello as the start of an HTTP request and waits for the rest, but so does a firewall, a hung server or an attacker holding the connection): check the host and port. Do not lower the mode to get past this.',
  },
  { cause: 'server-lacks-tls', code: 'DBTLS_SERVER_LACKS_TLS' },
  {
    cause: 'authentication-failed',
    code: ['193', '516', '192', '194'],
    message: /Code: (192|193|194|516)\b|Wrong password for user|Unknown user|AUTHENTICATION_FAILED|Authentication failed|password is incorrect|REQUIRED_PASSWORD/i,
  },
];
