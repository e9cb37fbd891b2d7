import { DbtlsError, parseSslMode, parseTlsVersion, parseUrlParts, redactUrl, type EngineTarget, type SslMode, type TlsOptions, type TlsVersion } from '@dbtls/core';

/**
 * Default MySQL/MariaDB TCP port.
 *
 * @example
 * ```ts
 * parseMysqlUrl('mysql://db').port === MYSQL_DEFAULT_PORT; // true
 * ```
 */
export const MYSQL_DEFAULT_PORT = 3306;

/**
 * Query parameters naming the mode, in MySQL (`ssl-mode`), Connector/J (`sslMode`) and libpq-like spellings.
 *
 * @example
 * ```ts
 * MYSQL_MODE_PARAMS.includes('ssl-mode'); // true
 * ```
 */
export const MYSQL_MODE_PARAMS = ['ssl-mode', 'sslmode', 'sslMode', 'ssl_mode'] as const;

const FILE_PARAMS: Record<string, 'caFile' | 'certFile' | 'keyFile'> = {
  'ssl-ca': 'caFile',
  ssl_ca: 'caFile',
  sslca: 'caFile',
  sslrootcert: 'caFile',
  serverSslCert: 'caFile',
  'ssl-cert': 'certFile',
  ssl_cert: 'certFile',
  sslcert: 'certFile',
  'ssl-key': 'keyFile',
  ssl_key: 'keyFile',
  sslkey: 'keyFile',
};

const VERSION_PARAMS = ['tls-version', 'tls_version', 'tlsVersion', 'enabledTLSProtocols', 'enabledSslProtocolSuites'] as const;

// MariaDB Connector/J's sslMode values that dbtls knows by another name.
const EXTRA_MODE_SPELLINGS: Record<string, SslMode> = { trust: 'required', 'verify-full': 'verify-identity' };

/**
 * Parses a MySQL mode value: MySQL's `DISABLED` … `VERIFY_IDENTITY`, dbtls and
 * libpq spellings, and MariaDB Connector/J's `trust` (= required).
 *
 * @example
 * ```ts
 * parseMysqlSslMode('VERIFY_CA'); // 'verify-ca'
 * parseMysqlSslMode('trust');     // 'required'
 * ```
 */
export function parseMysqlSslMode(value: string): SslMode {
  return EXTRA_MODE_SPELLINGS[value.trim().toLowerCase()] ?? parseSslMode(value);
}

function lowestVersion(value: string): TlsVersion {
  const versions = value.split(/[,\s]+/).filter(Boolean).map((v) => parseTlsVersion(v));
  if (versions.length === 0) throw new DbtlsError('invalid-option', `"${value}" names no TLS version.`);
  return versions.sort()[0]!;
}

function truthy(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return undefined;
}

/**
 * Parses `mysql://user:pass@host:port/db?ssl-mode=…&ssl-ca=…` (or `mariadb://`).
 * Understood parameters: `ssl-mode` (also `sslMode`, `sslmode`, `ssl_mode`),
 * `ssl-ca`, `ssl-cert`, `ssl-key` (also `_`-spelled, `sslca`…, Connector/J's
 * `serverSslCert`), `tls-version` (a list: its lowest entry becomes the
 * minimum), `useSSL`/`useSsl`/`ssl` as true/false, `ssl-servername`. Other
 * `ssl`-looking parameters produce a warning instead of being silently dropped
 * (mysql2 itself ignores unknown names and connects in plain text).
 *
 * @example
 * ```ts
 * parseMysqlUrl('mysql://app:pw@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ca.pem');
 * // { host: 'db.example.com', port: 3306, user: 'app', database: 'shop', mode: 'verify-identity', tls: { caFile: '/etc/ca.pem' }, ... }
 * ```
 */
export function parseMysqlUrl(url: string): EngineTarget {
  const parts = parseUrlParts(url, { defaultPort: MYSQL_DEFAULT_PORT });
  const warnings: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  let mode: SslMode | undefined;
  const modeFrom: string[] = [];
  const legacy: { useSsl?: { key: string; flag: boolean }; verify?: { key: string; mode: SslMode } } = {};
  for (const [key, value] of parts.params) {
    if ((MYSQL_MODE_PARAMS as readonly string[]).includes(key)) {
      const parsed = parseMysqlSslMode(value);
      if (mode && mode !== parsed) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names two different SSL modes (${modeFrom.join(', ')}=… and ${key}=${value}).`);
      mode = parsed;
      modeFrom.push(key);
    } else if (FILE_PARAMS[key]) {
      tls[FILE_PARAMS[key]!] = value;
    } else if ((VERSION_PARAMS as readonly string[]).includes(key)) {
      tls.minTlsVersion = lowestVersion(value);
    } else if (key === 'ssl-servername' || key === 'servername' || key === 'tls-servername') {
      tls.servername = value;
    } else if (key === 'useSSL' || key === 'useSsl' || key === 'ssl' || key === 'requireSSL') {
      const flag = truthy(value);
      if (flag === undefined) warnings.push(`The URL parameter ${key}=${value} is not understood and was ignored; use ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY.`);
      else legacy.useSsl = { key, flag };
    } else if (key === 'verifyServerCertificate' || key === 'ssl-verify-server-cert') {
      const flag = truthy(value);
      // Connector/J's verifyServerCertificate checks the chain only; the mariadb client's --ssl-verify-server-cert also checks the name.
      if (flag) legacy.verify = { key, mode: key === 'verifyServerCertificate' ? 'verify-ca' : 'verify-identity' };
    } else if (/^(ssl|tls)/i.test(key) || key === 'ssl-capath' || key === 'ssl-crl') {
      warnings.push(`The URL parameter "${key}" is not supported by the MySQL engine and was ignored.`);
    }
  }
  if (!mode && (legacy.useSsl || legacy.verify)) {
    mode = legacy.useSsl?.flag === false ? 'disabled' : legacy.verify ? legacy.verify.mode : 'required';
    const from = [legacy.useSsl?.key, legacy.verify?.key].filter(Boolean).join(' and ');
    warnings.push(`${from} was read as ssl-mode=${mode.toUpperCase().replace('-', '_')}; prefer the explicit ssl-mode parameter.`);
  }
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    ...(mode ? { mode } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
  };
}
