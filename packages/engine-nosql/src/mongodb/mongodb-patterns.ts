import type { ErrorPattern } from '@dbtls/core';
import { SERVER_REQUIRES_TLS_CODE } from '../tls-probe/tls-probe.js';

/**
 * MongoDB driver and server wordings. The driver wraps every failure in
 * `MongoServerSelectionError`; the real error is its `cause` chain (and
 * `reason.servers`), which core walks.
 */
export const MONGODB_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', code: [SERVER_REQUIRES_TLS_CODE] },
  {
    cause: 'server-lacks-tls',
    message: /disconnected before secure TLS connection was established/i,
    note: 'The server closed the connection on the TLS ClientHello, which is what a mongod/mongos without TLS (net.tls.mode disabled) does.',
  },
  { cause: 'authentication-failed', code: ['18'], message: /Authentication failed|SCRAM|AuthenticationFailed/i },
];
