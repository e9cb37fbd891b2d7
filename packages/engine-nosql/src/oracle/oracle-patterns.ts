import type { ErrorPattern } from '@dbtls/core';
import { TLS_LAYER_PATTERNS } from '../tls-probe/tls-layer-patterns.js';

/** Code of the error dbtls adds when a TCPS port turned out to complete no TLS handshake. */
export const ORACLE_NO_TLS_CODE = 'DBTLS_NO_TLS';

/** oracledb thin (`NJS-5xx`) and Oracle (`ORA-`) wordings. */
export const ORACLE_ERROR_PATTERNS: readonly ErrorPattern[] = [
  ...TLS_LAYER_PATTERNS,
  { cause: 'server-lacks-tls', code: [ORACLE_NO_TLS_CODE] },
  { cause: 'authentication-failed', code: ['ORA-01017', 'ORA-28000', 'ORA-01005'], message: /ORA-01017|invalid username\/password|invalid credential/i },
];
