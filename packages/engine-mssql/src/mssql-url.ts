import { DbtlsError, parseSslMode, parseUrlParts, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

/** Default SQL Server TCP port. */
export const MSSQL_DEFAULT_PORT = 1433;

/** URL query parameters dbtls reads for SQL Server (case-insensitive). */
export const MSSQL_URL_PARAMS = ['sslmode', 'ssl-mode', 'encrypt', 'trustservercertificate', 'hostnameincertificate', 'servername', 'database', 'databasename', 'user', 'password', 'applicationname', 'appname'] as const;

/** A parsed SQL Server URL: the target plus what tedious needs to log in. */
export interface MssqlTarget extends EngineTarget {
  /** Login: SQL Server authentication (user name and password). */
  login: { userName?: string; password?: string; database?: string; appName?: string };
}

const TRUE = /^(true|yes|1|on|mandatory)$/i;
const FALSE = /^(false|no|0|off)$/i;

/**
 * Parses `mssql://user:password@host:port/database?encrypt=…` (and the
 * `sqlserver://` spelling). TLS can be given either as dbtls's
 * `sslmode=<mode>` or in the spelling of SQL Server drivers:
 * - `encrypt=true` (tedious's default) → `verify-identity`; with `trustServerCertificate=true` → `required`;
 * - `encrypt=false` → `disabled` (tedious's meaning: no TLS at all);
 * - `encrypt=optional` → `preferred` (ODBC 18 / JDBC spelling);
 * - `encrypt=strict` (TDS 8) → `verify-identity` over TDS 7.x, with a warning.
 * `hostNameInCertificate` (JDBC) or `serverName` (tedious) set the name checked and sent as SNI.
 *
 * @example
 * ```ts
 * parseMssqlUrl('sqlserver://sa:pw@db:1433/master?encrypt=true&trustServerCertificate=true').mode; // 'required'
 * ```
 */
export function parseMssqlUrl(url: string): MssqlTarget {
  const parts = parseUrlParts(url, { defaultPort: MSSQL_DEFAULT_PORT });
  if (parts.host.includes('\\')) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": named instances (host\\instance) are not supported; give the instance's TCP port instead.`);
  const params = new Map<string, string>();
  for (const [key, value] of parts.params) params.set(key.toLowerCase(), value);
  const warnings: string[] = [];
  const secrets: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  let mode: SslMode | undefined;

  const modeParam = params.get('sslmode') ?? params.get('ssl-mode');
  if (modeParam !== undefined) {
    try {
      mode = parseSslMode(modeParam);
    } catch (error) {
      throw new DbtlsError('invalid-url', `The URL's sslmode: ${(error as Error).message}`);
    }
  }
  const encrypt = params.get('encrypt');
  const trust = params.get('trustservercertificate');
  if (trust !== undefined && !TRUE.test(trust) && !FALSE.test(trust)) throw new DbtlsError('invalid-url', `trustServerCertificate must be true or false, not "${trust}".`);
  let fromDriverSpelling: SslMode | undefined;
  if (encrypt !== undefined) {
    if (TRUE.test(encrypt)) fromDriverSpelling = trust && TRUE.test(trust) ? 'required' : 'verify-identity';
    else if (FALSE.test(encrypt)) {
      fromDriverSpelling = 'disabled';
      warnings.push('encrypt=false is read as tedious reads it: "disabled", no TLS at all (the ODBC and JDBC drivers still encrypt the login packet, and accept encryption a server forces; use encrypt=optional or sslmode=preferred for TLS when offered).');
    } else if (/^optional$/i.test(encrypt)) fromDriverSpelling = 'preferred';
    else if (/^strict$/i.test(encrypt)) {
      fromDriverSpelling = 'verify-identity';
      warnings.push('encrypt=strict (TDS 8: TLS before any TDS traffic) is not implemented; dbtls uses verify-identity over TDS 7.x (TLS 1.2 negotiated in PRELOGIN). A server that accepts TDS 8 only will refuse it.');
    } else throw new DbtlsError('invalid-url', `encrypt must be true, false, optional or strict, not "${encrypt}".`);
  } else if (trust && TRUE.test(trust)) {
    fromDriverSpelling = 'required';
  }
  if (mode && fromDriverSpelling && mode !== fromDriverSpelling) warnings.push(`sslmode=${mode} wins over encrypt/trustServerCertificate (which mean "${fromDriverSpelling}").`);
  mode ??= fromDriverSpelling;

  const servername = params.get('hostnameincertificate') ?? params.get('servername');
  if (servername) tls.servername = servername;

  const userName = parts.user ?? params.get('user');
  const password = parts.password ?? params.get('password');
  if (params.has('password')) warnings.push('The password is in a URL parameter; it is kept out of every output, but prefer the user:password@ part or an environment variable.');
  if (password) secrets.push(password);
  const database = parts.database ?? params.get('database') ?? params.get('databasename');
  const appName = params.get('applicationname') ?? params.get('appname');
  const unknown = [...params.keys()].filter((k) => !(MSSQL_URL_PARAMS as readonly string[]).includes(k));
  if (unknown.length) warnings.push(`URL parameters ignored by dbtls: ${unknown.join(', ')}.`);

  let displayUrl = redactUrl(url);
  if (password && params.has('password')) displayUrl = displayUrl.split(encodeURIComponent(password)).join('***').split(password).join('***');
  return {
    host: parts.host,
    port: parts.port,
    ...(userName ? { user: userName } : {}),
    ...(database ? { database } : {}),
    ...(mode ? { mode } : {}),
    tls,
    displayUrl,
    secrets,
    warnings,
    login: {
      ...(userName ? { userName } : {}),
      ...(password ? { password } : {}),
      ...(database ? { database } : {}),
      ...(appName ? { appName } : {}),
    },
  };
}
