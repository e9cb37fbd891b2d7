import { DbtlsError, parseSslMode, parseUrlParts, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

/** Oracle's plain (TCP) listener port. */
export const ORACLE_DEFAULT_PORT = 1521;
/** The usual TCPS listener port (Oracle Autonomous Database uses 1522). */
export const ORACLE_TCPS_PORT = 2484;

/** A parsed `oracle://` or `tcps://` target. */
export interface OracleTarget extends EngineTarget {
  password?: string;
  /** The service name (URL path). */
  service?: string;
}

/**
 * Parses `oracle://user:password@host:1521/service?sslmode=verify-ca` and the
 * Easy Connect Plus style `tcps://user:password@host:2484/service`
 * (`tcps://` means TLS, checked like the driver does: `verify-identity`, or
 * `verify-ca` with `ssl_server_dn_match=false`; default port 2484).
 *
 * @example
 * ```ts
 * parseOracleUrl('tcps://adb.example.com:1522/db_high?ssl_server_dn_match=false').mode; // 'verify-ca'
 * ```
 */
export function parseOracleUrl(url: string): OracleTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (scheme !== 'oracle' && scheme !== 'tcps') throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not an Oracle URL (expected oracle://user:password@host:1521/service or tcps://host:2484/service).`);
  const tcps = scheme === 'tcps';
  const parts = parseUrlParts(url, { defaultPort: tcps ? ORACLE_TCPS_PORT : ORACLE_DEFAULT_PORT });
  const params = new Map<string, string>();
  for (const [k, v] of parts.params) params.set(k.toLowerCase(), v);
  const warnings: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  let mode: SslMode | undefined;
  const dnMatch = params.get('ssl_server_dn_match')?.toLowerCase();
  const modeParam = params.get('sslmode') ?? params.get('ssl-mode');
  if (modeParam) {
    try {
      mode = parseSslMode(modeParam);
    } catch (error) {
      throw new DbtlsError('invalid-url', `The URL's sslmode: ${(error as Error).message}`);
    }
  } else if (tcps) {
    mode = dnMatch === 'false' || dnMatch === 'off' || dnMatch === 'no' ? 'verify-ca' : 'verify-identity';
  }
  if (params.has('ssl_server_cert_dn')) warnings.push('ssl_server_cert_dn (a full subject-DN match) is not used by dbtls: verify-identity checks the host name against the certificate.');
  if (params.has('wallet_location') || params.has('my_wallet_directory')) warnings.push('Wallet directories are not read by dbtls: pass the CA with --ca and a client certificate with --cert/--key.');
  if (params.get('sslrootcert')) tls.caFile = params.get('sslrootcert')!;
  if (params.get('sslcert')) tls.certFile = params.get('sslcert')!;
  if (params.get('sslkey')) tls.keyFile = params.get('sslkey')!;
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    ...(parts.password ? { password: parts.password } : {}),
    ...(parts.database ? { database: parts.database, service: parts.database } : {}),
    ...(mode ? { mode } : {}),
    tls,
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
  };
}
