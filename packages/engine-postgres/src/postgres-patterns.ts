import type { ErrorPattern } from '@dbtls/core';

/**
 * PostgreSQL server and node-postgres messages, with both wordings of
 * pg_hba.conf refusals (PostgreSQL 14+: "no encryption" / "SSL encryption";
 * 13 and older, and Redshift: "SSL off" / "SSL on").
 */
export const POSTGRES_ERROR_PATTERNS: readonly ErrorPattern[] = [
  { cause: 'server-requires-tls', message: /no pg_hba\.conf entry for host .*(no encryption|SSL off)/i, note: 'pg_hba.conf admits this host only over TLS (hostssl).' },
  { cause: 'server-lacks-tls', code: 'DBTLS_PG_NO_SSL', message: /server does not support SSL connections/i },
  { cause: 'cleartext-password-refused', code: ['DBTLS_PG_CLEARTEXT_PASSWORD'], message: /asked for the password in clear text \(AuthenticationCleartextPassword\)|server requested a cleartext password|authentication method requirement "[^"]*" failed: server requested a cleartext password/i },
  { cause: 'client-certificate-required', message: /connection requires a valid client certificate/i },
  { cause: 'authentication-failed', message: /certificate authentication failed for user/i, note: 'The client certificate was accepted as valid, but its common name does not match the user name (or the pg_ident.conf map).' },
  { cause: 'authentication-failed', code: ['28P01'], message: /password authentication failed|SASL authentication failed|Ident authentication failed|role ".*" does not exist/i },
  { cause: 'server-busy', code: ['53300'], message: /sorry, too many clients already|remaining connection slots are reserved|too many connections for (role|database)/i, note: 'PostgreSQL error 53300 (too_many_connections).' },
  { cause: 'tls-handshake-failed', message: /There was an error establishing an SSL connection|unsupported frontend protocol|SSL SYSCALL error/i },
  { cause: 'network-error', message: /Connection terminated unexpectedly|the database system is (starting up|shutting down)/i },
];

/** `… SSL encryption` / `… SSL on`: pg_hba.conf refuses TLS connections from this host. */
export const POSTGRES_REFUSES_TLS = /no pg_hba\.conf entry for host .*(SSL encryption|SSL on)/i;
