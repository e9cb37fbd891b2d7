import type { ErrorPattern } from '@dbtls/core';
import { TLS_CUT_OFF_PATTERN } from '../tls-probe/tls-layer-patterns.js';

/**
 * etcd server and etcd3/grpc-js wordings. etcd3's `GRPCUnavailableError` has
 * no code: the real error is in the text after "Last error:", which core's
 * patterns read (certificates, names, refused ports); these cover the rest.
 */
export const ETCD_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: 'DBTLS_SERVER_REQUIRES_TLS', note: 'The plain-text gRPC connection failed ("Failed to connect") and the port answers a TLS handshake: it is an https client URL of etcd.' },
  {
    cause: 'server-lacks-tls',
    code: ['DBTLS_SERVER_LACKS_TLS', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'],
    message: /wrong version number|packet length too long/i,
    note: 'The port answered in plain text (HTTP) instead of TLS: it is a plain http:// client URL of etcd.',
  },
  TLS_CUT_OFF_PATTERN,
  { cause: 'authentication-failed', message: /authentication failed, invalid user ID or password|user name is empty|invalid auth token|user name not found/i },
  { cause: 'timeout', code: ['DEADLINE_EXCEEDED'], message: /DEADLINE_EXCEEDED|Deadline exceeded/i },
];
