import { DbtlsError, defaultReadContext, redactUrl, type ConnectionReading, type EngineTarget, type ReadContext, type TlsOptions } from '@dbtls/core';
import { readPostgresConnectionString, type PostgresFamilyInfo } from './postgres-reading.js';

/** URL query parameters dbtls interprets itself instead of handing them to pg. */
export const POSTGRES_TLS_PARAMS = ['sslmode', 'ssl-mode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'ssl', 'uselibpqcompat', 'sslnegotiation', 'sslsni', 'sslcrl', 'sslcrldir', 'sslcompression', 'ssl_min_protocol_version', 'ssl_max_protocol_version'] as const;

/** A parsed PostgreSQL-family string: the target plus the pg config without any TLS setting. */
export interface PostgresTarget extends EngineTarget {
  /** pg connection config (host, port, user, password, database ...); `ssl` is never set here. */
  config: { host: string; port: number; user?: string; password?: string; database?: string; options?: string; application_name?: string };
  /** `sslnegotiation=direct`: TLS from the first byte, ALPN `postgresql` (PostgreSQL 17+). */
  directTls?: boolean;
  /** The full reading, with the source of every value. */
  reading: ConnectionReading;
}

const FALLBACK_FAMILY = (defaultPort: number): PostgresFamilyInfo => ({ engine: 'postgres', displayName: 'PostgreSQL', schemes: ['postgres', 'postgresql', 'redshift', 'cockroachdb', 'cockroach'], defaultPort, claimsGenericSyntax: true });

/**
 * The connect target of a reading: exactly what `dbtls explain` shows is
 * what `connect` applies (mode, files, CRLs, TLS range, SNI, direct TLS).
 *
 * @example
 * ```ts
 * postgresTargetFromReading(reading, 'host=db sslmode=require').mode; // 'required'
 * ```
 */
export function postgresTargetFromReading(reading: ConnectionReading, input: string): PostgresTarget {
  const first = reading.hosts[0]!;
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  if (reading.caFile) tls.caFile = reading.caFile.value;
  if (reading.systemCa?.value) tls.systemCa = true;
  if (reading.certFile) tls.certFile = reading.certFile.value;
  if (reading.keyFile) tls.keyFile = reading.keyFile.value;
  if (reading.passphrase) tls.passphrase = reading.passphrase.value;
  if (reading.servername) tls.servername = reading.servername.value;
  if (reading.minTlsVersion && reading.minTlsVersion.source.from !== 'default') tls.minTlsVersion = reading.minTlsVersion.value;
  if (reading.maxTlsVersion) tls.maxTlsVersion = reading.maxTlsVersion.value;
  if (reading.crlFile) tls.crlFile = reading.crlFile.value;
  if (reading.crlDir) tls.crlDir = reading.crlDir.value;
  if (reading.sni && !reading.sni.value) tls.sni = false;
  const config: PostgresTarget['config'] = { host: first.host, port: first.port };
  if (reading.user) config.user = reading.user;
  if (reading.password !== undefined && reading.password !== '') config.password = reading.password;
  if (reading.database) config.database = reading.database;
  if (reading.options.options) config.options = reading.options.options;
  if (reading.options.application_name) config.application_name = reading.options.application_name;
  const displayUrl = /^[a-z][a-z0-9+.-]*:/i.test(input)
    ? redactUrl(input).replace(/([?&]sslpassword=)[^&]*/, '$1***')
    : input.replace(/\b(password|sslpassword)(\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/g, '$1$2***');
  return {
    host: first.host,
    port: first.port,
    ...(config.user ? { user: config.user } : {}),
    ...(config.database ? { database: config.database } : {}),
    ...(reading.mode.source.from !== 'default' ? { mode: reading.mode.value } : {}),
    tls,
    displayUrl,
    secrets: [...reading.secrets],
    warnings: reading.warnings.map((w) => w.message),
    config,
    ...(reading.directTls?.value ? { directTls: true } : {}),
    reading,
  };
}

/**
 * Parses a PostgreSQL-family connection string (libpq URI or keyword/value,
 * node-postgres, pgx, pgjdbc or Prisma URL) with the rules of its own client
 * (see `readPostgresConnectionString`); the TLS parameters never reach pg.
 *
 * @example
 * ```ts
 * parsePostgresUrl('postgres://app:pw@db:5432/app?sslmode=verify-full&sslrootcert=ca.pem', 5432).mode; // 'verify-identity'
 * ```
 */
export function parsePostgresUrl(url: string, defaultPort: number, family: PostgresFamilyInfo = FALLBACK_FAMILY(defaultPort), context: ReadContext = defaultReadContext()): PostgresTarget {
  const reading = readPostgresConnectionString(url, context, { ...family, defaultPort });
  if (!reading) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url.length > 80 ? `${url.slice(0, 80)}…` : url)}" is not a ${family.displayName} connection string (expected ${family.schemes[0]}://user:password@host:port/database${family.claimsGenericSyntax ? ' or host=… sslmode=…' : ''}).`);
  }
  return postgresTargetFromReading(reading, url);
}

/**
 * Whether to negotiate TLS directly (`sslnegotiation=direct`). A mode flag
 * can override the string's mode: with `disabled` direct TLS does not
 * apply (a warning says so); with `preferred` negotiatePostgres refuses it.
 */
export function directFor(target: PostgresTarget, mode: string, warn: (message: string) => void): boolean {
  if (!target.directTls) return false;
  if (mode === 'disabled') {
    warn('sslnegotiation=direct does not apply: TLS is disabled.');
    return false;
  }
  return true;
}
