import { createRequire } from 'node:module';
import type { parse as Parse } from 'pg-connection-string';
import { DbtlsError, parseSslMode, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

declare const __filename: string | undefined;

// Required on the first parse, not at import: `dbtls engines` and `dbtls diagnose` never parse a URL,
// and loading the parser through the ES module loader costs about 5 MB of peak memory.
let parseConnectionString: typeof Parse | undefined;
function parse(url: string): ReturnType<typeof Parse> {
  parseConnectionString ??= (createRequire(typeof __filename === 'string' ? __filename : import.meta.url)('pg-connection-string') as { parse: typeof Parse }).parse;
  return parseConnectionString(url);
}

/** URL query parameters dbtls interprets itself instead of handing them to pg. */
export const POSTGRES_TLS_PARAMS = ['sslmode', 'ssl-mode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'ssl', 'uselibpqcompat', 'sslnegotiation', 'sslsni', 'sslcrl', 'sslcompression', 'ssl_min_protocol_version', 'sslminprotocolversion'] as const;

/** A parsed PostgreSQL-family URL: the target plus the pg config without any TLS setting. */
export interface PostgresTarget extends EngineTarget {
  /** pg connection config (host, port, user, password, database ...); `ssl` is never set here. */
  config: { host: string; port: number; user?: string; password?: string; database?: string; options?: string; application_name?: string };
}

/**
 * Parses a PostgreSQL URL. TLS parameters keep libpq's meaning (`sslmode=require`
 * means "encrypt, do not validate", unlike pg's own parser); they are removed
 * before the rest is parsed by pg-connection-string, so pg never sees them.
 *
 * @example
 * ```ts
 * parsePostgresUrl('postgres://app:pw@db:5432/app?sslmode=verify-full&sslrootcert=ca.pem', 5432).mode; // 'verify-identity'
 * ```
 */
export function parsePostgresUrl(url: string, defaultPort: number): PostgresTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a valid URL (expected postgres://user:password@host:port/database).`);
  }
  const warnings: string[] = [];
  const secrets: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  let mode: SslMode | undefined;
  const params = u.searchParams;
  const modeParam = params.get('sslmode') ?? params.get('ssl-mode');
  if (modeParam !== null) {
    if (modeParam === 'no-verify') {
      mode = 'required';
      warnings.push('sslmode=no-verify (a node-postgres spelling) is read as "required".');
    } else {
      try {
        mode = parseSslMode(modeParam);
      } catch (error) {
        throw new DbtlsError('invalid-url', `The URL's sslmode: ${(error as Error).message}`);
      }
    }
  }
  const rootcert = params.get('sslrootcert');
  if (rootcert && rootcert !== 'system') tls.caFile = rootcert;
  if (params.get('sslcert')) tls.certFile = params.get('sslcert')!;
  if (params.get('sslkey')) tls.keyFile = params.get('sslkey')!;
  const sslpassword = params.get('sslpassword');
  if (sslpassword) {
    tls.passphrase = sslpassword;
    secrets.push(sslpassword);
  }
  const minVersion = params.get('ssl_min_protocol_version') ?? params.get('sslminprotocolversion');
  if (minVersion) tls.minTlsVersion = minVersion.replace(/^tls/i, 'TLS').replace(/^TLSv?/, 'TLSv') as TlsOptions['minTlsVersion'];
  if (params.has('ssl')) warnings.push('The URL parameter "ssl" is ambiguous across clients and was ignored; use sslmode (or --ssl-mode).');
  if (params.has('uselibpqcompat')) warnings.push('uselibpqcompat is not needed: dbtls always gives sslmode its libpq meaning.');
  if (params.get('sslnegotiation') === 'direct') warnings.push('sslnegotiation=direct is not supported; the standard SSLRequest negotiation is used.');
  for (const name of POSTGRES_TLS_PARAMS) params.delete(name);

  const stripped = u.toString();
  let parsed: ReturnType<typeof Parse>;
  try {
    parsed = parse(stripped);
  } catch (error) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" could not be parsed: ${(error as Error).message}`);
  }
  const host = parsed.host ?? '';
  if (!host) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names no host.`);
  if (host.startsWith('/')) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" points at a Unix socket (${host}); TLS applies to TCP connections only.`);
  const port = parsed.port ? Number(parsed.port) : defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" has an invalid port.`);
  if (parsed.password) secrets.push(parsed.password);
  const config: PostgresTarget['config'] = { host, port };
  if (parsed.user) config.user = parsed.user;
  if (parsed.password) config.password = parsed.password;
  if (parsed.database) config.database = parsed.database;
  if (parsed.options) config.options = parsed.options;
  if (parsed.application_name) config.application_name = parsed.application_name;
  return {
    host,
    port,
    ...(config.user ? { user: config.user } : {}),
    ...(config.database ? { database: config.database } : {}),
    ...(mode ? { mode } : {}),
    tls,
    displayUrl: redactUrl(url).replace(/([?&]sslpassword=)[^&]*/, '$1***'),
    secrets,
    warnings,
    config,
  };
}
