import type { ErrorPattern } from '@dbtls/core';
import { TLS_LAYER_PATTERNS } from '../tls-probe/tls-layer-patterns.js';

/**
 * MongoDB driver and server wordings. The driver wraps every failure in
 * `MongoServerSelectionError`; the real error is its `cause` chain (and
 * `reason.servers`), which core walks.
 */
export const MONGODB_ERROR_PATTERNS: readonly ErrorPattern[] = [
  ...TLS_LAYER_PATTERNS,
  { cause: 'authentication-failed', code: ['18'], message: /Authentication failed|SCRAM|AuthenticationFailed/i },
];
