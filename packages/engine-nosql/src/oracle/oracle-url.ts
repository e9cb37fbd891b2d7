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
  /** `ssl_server_cert_dn`: the full subject DN the server certificate must carry (checked instead of the host name). */
  serverCertDn?: string;
  /** `wallet_location` / `my_wallet_directory`: a directory holding `ewallet.pem`, handed to the driver. */
  walletLocation?: string;
  /** For each reading (`mode`, `caFile`, `certFile`, `keyFile`, `serverCertDn`, `walletLocation`), where it came from. */
  sources: Record<string, { from: 'parameter' | 'default' | 'implied' | 'scheme'; parameter?: string; value?: string; note?: string }>;
}

const unquote = (value: string) => value.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');

/**
 * Parses `oracle://user:password@host:1521/service?sslmode=verify-ca` and the
 * Easy Connect Plus style `tcps://user:password@host:2484/service`
 * (`tcps://` means TLS, checked like the driver does: `verify-identity`, or
 * `verify-ca` with `ssl_server_dn_match=false`; default port 2484).
 * `ssl_server_cert_dn` (the exact subject DN to check) and `wallet_location`
 * (a directory with `ewallet.pem`) are handed to the driver; other TLS
 * parameters are refused.
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
  const sources: OracleTarget['sources'] = {};
  const named = (key: string) => [...parts.params.keys()].find((k) => k.toLowerCase() === key) ?? key;
  let mode: SslMode | undefined;
  const dnRaw = params.get('ssl_server_dn_match');
  let dnMatch: boolean | undefined;
  if (dnRaw !== undefined) {
    const v = unquote(dnRaw).toLowerCase();
    if (['true', 'yes', 'on'].includes(v)) dnMatch = true;
    else if (['false', 'no', 'off'].includes(v)) dnMatch = false;
    else throw new DbtlsError('invalid-url', `ssl_server_dn_match=${dnRaw} must be true or false (yes/no, on/off).`);
  }
  const modeParam = params.get('sslmode') ?? params.get('ssl-mode');
  const certDn = params.get('ssl_server_cert_dn');
  if (modeParam) {
    try {
      mode = parseSslMode(modeParam);
    } catch (error) {
      throw new DbtlsError('invalid-url', `The URL's sslmode: ${(error as Error).message}`);
    }
    sources.mode = { from: 'parameter', parameter: named(params.has('sslmode') ? 'sslmode' : 'ssl-mode'), value: modeParam };
  } else if (tcps) {
    mode = dnMatch === false ? 'verify-ca' : 'verify-identity';
    sources.mode = dnRaw !== undefined ? { from: 'parameter', parameter: named('ssl_server_dn_match'), value: dnRaw, note: 'tcps:// with the server DN (host name) check on or off' } : { from: 'scheme', parameter: 'tcps://', note: 'TLS with the chain and host name checked (node-oracledb sslServerDNMatch defaults to true)' };
  } else if (dnRaw !== undefined || certDn !== undefined) {
    throw new DbtlsError('invalid-url', `${dnRaw !== undefined ? 'ssl_server_dn_match' : 'ssl_server_cert_dn'} on an oracle:// URL without TLS: use tcps:// (or sslmode=verify-identity).`);
  }
  if (certDn !== undefined) {
    if (dnMatch === false) throw new DbtlsError('invalid-url', 'ssl_server_cert_dn with ssl_server_dn_match=false: the DN to match is given but matching is turned off.');
    sources.serverCertDn = { from: 'parameter', parameter: named('ssl_server_cert_dn'), value: unquote(certDn), note: 'the server certificate\'s subject DN must be exactly this (checked by the driver instead of the host name)' };
  }
  const wallet = params.get('wallet_location') ?? params.get('my_wallet_directory');
  if (wallet) {
    sources.walletLocation = { from: 'parameter', parameter: named(params.has('wallet_location') ? 'wallet_location' : 'my_wallet_directory'), value: unquote(wallet), note: 'a directory with ewallet.pem, handed to the driver as walletLocation' };
  }
  const file = (key: string, field: 'caFile' | 'certFile' | 'keyFile') => {
    const v = params.get(key);
    if (!v) return;
    tls[field] = v;
    sources[field] = { from: 'parameter', parameter: named(key), value: v };
  };
  file('sslrootcert', 'caFile');
  file('sslcert', 'certFile');
  file('sslkey', 'keyFile');
  const known = new Set(['ssl_server_dn_match', 'ssl_server_cert_dn', 'wallet_location', 'my_wallet_directory', 'sslmode', 'ssl-mode', 'sslrootcert', 'sslcert', 'sslkey']);
  const unknownTls = [...params.keys()].filter((k) => !known.has(k) && /ssl|tls|wallet|cert/.test(k));
  if (unknownTls.length) throw new DbtlsError('invalid-url', `TLS-related Easy Connect parameters dbtls cannot honour: ${unknownTls.map(named).join(', ')}; refusing rather than ignoring them.`);
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
    ...(certDn !== undefined ? { serverCertDn: unquote(certDn) } : {}),
    ...(wallet ? { walletLocation: unquote(wallet) } : {}),
    sources,
  };
}
