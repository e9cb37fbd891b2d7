import type { ErrorPattern } from '@dbtls/core';
import { TLS_LAYER_PATTERNS } from '../tls-probe/tls-layer-patterns.js';

/**
 * cassandra-driver and Cassandra wordings. Failures arrive as
 * `NoHostAvailableError` with the real error per host in `innerErrors`.
 */
export const CASSANDRA_ERROR_PATTERNS: readonly ErrorPattern[] = [
  ...TLS_LAYER_PATTERNS,
  { cause: 'authentication-failed', message: /Provided username and\/or password are incorrect|AuthenticationException|Authentication failed|requires authentication/i },
];
