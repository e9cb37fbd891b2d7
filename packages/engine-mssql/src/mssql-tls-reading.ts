import { DbtlsError, parseTlsVersion, type SslMode, type TlsVersion } from '@dbtls/core';

/**
 * The SQL Server clients whose connection-string syntax dbtls reads, each
 * with its own meaning of `encrypt` and its own defaults.
 *
 * @example
 * ```ts
 * MSSQL_CLIENTS.includes('sqlclient'); // true
 * ```
 */
export const MSSQL_CLIENTS = ['tedious', 'go-mssqldb', 'sqlclient', 'jdbc'] as const;
/** One of {@link MSSQL_CLIENTS}. */
export type MssqlClient = (typeof MSSQL_CLIENTS)[number];

/** Human names of {@link MSSQL_CLIENTS}, for `explain`. */
export const MSSQL_CLIENT_NAMES: Record<MssqlClient, string> = {
  tedious: 'tedious / node-mssql (mssql:// URL)',
  'go-mssqldb': 'go-mssqldb (sqlserver:// URL)',
  sqlclient: 'ADO.NET / Microsoft.Data.SqlClient 5 (keyword=value; string)',
  jdbc: 'Microsoft JDBC Driver for SQL Server 12 (jdbc:sqlserver://)',
};

/** `encrypt` after parsing: the client's own levels. */
export type EncryptLevel = 'off' | 'optional' | 'mandatory' | 'strict';

/** The TLS-related settings of one SQL Server connection string, as given. */
export interface MssqlTlsSettings {
  client: MssqlClient;
  /** `encrypt` as given, with the name of the parameter it came from. */
  encrypt?: { value: string; from: string };
  trustServerCertificate?: { value: string; from: string };
  /** `sslmode`/`ssl-mode`: dbtls's own spelling. */
  mode?: { value: SslMode; from: string };
}

/** What the TLS settings mean, in dbtls's terms. */
export interface MssqlTlsMeaning {
  mode?: SslMode;
  /** TDS 8: TLS before any TDS byte, ALPN `tds/8.0`. */
  strict: boolean;
  /** Which parameter(s) decided the mode (or the client default that did). */
  modeSource?: string;
  warnings: string[];
}

const TRUE_WORDS = ['true', 'yes'];
const FALSE_WORDS = ['false', 'no'];

/**
 * Parses a SQL Server boolean the way the client does: SqlClient and JDBC
 * accept `true`/`false`/`yes`/`no` (any case); tedious and go-mssqldb also
 * `1`/`0` (go's strconv.ParseBool). Anything else is bad input.
 *
 * @example
 * ```ts
 * parseMssqlBoolean('Yes', 'TrustServerCertificate', 'sqlclient'); // true
 * ```
 */
export function parseMssqlBoolean(value: string, name: string, client: MssqlClient): boolean {
  const v = value.trim().toLowerCase();
  const numeric = client === 'tedious' || client === 'go-mssqldb';
  if (TRUE_WORDS.includes(v) || (numeric && (v === '1' || v === 't'))) return true;
  if (FALSE_WORDS.includes(v) || (numeric && (v === '0' || v === 'f'))) return false;
  throw new DbtlsError('invalid-url', `${name}=${value} is not a boolean ${MSSQL_CLIENT_NAMES[client]} accepts (use true or false).`);
}

/**
 * Parses `encrypt` as each client does:
 * - SqlClient: `Optional`/`false`/`no`, `Mandatory`/`true`/`yes`, `Strict`;
 * - JDBC 12: `false`, `true`, `strict` (and SqlClient's `optional`/`mandatory`);
 * - go-mssqldb: `disable` (no TLS at all), `false` (login only), `true`, `strict`;
 * - tedious: `true`, `false` (no TLS at all), `strict`.
 * Anything else is bad input naming the parameter.
 *
 * @example
 * ```ts
 * parseEncrypt('Mandatory', 'Encrypt', 'sqlclient'); // 'mandatory'
 * parseEncrypt('disable', 'encrypt', 'go-mssqldb');  // 'off'
 * ```
 */
export function parseEncrypt(value: string, name: string, client: MssqlClient): EncryptLevel {
  const v = value.trim().toLowerCase();
  if (v === 'strict') return 'strict';
  if (client === 'go-mssqldb') {
    if (v === 'disable') return 'off';
    if (v === 'false' || v === 'f' || v === '0') return 'optional';
    if (v === 'true' || v === 't' || v === '1') return 'mandatory';
  } else if (client === 'tedious') {
    if (v === 'true' || v === 'yes' || v === '1') return 'mandatory';
    if (v === 'false' || v === 'no' || v === '0') return 'off';
    // Not tedious's own words, but common in node-mssql strings copied from ODBC/SqlClient.
    if (v === 'optional') return 'optional';
    if (v === 'mandatory') return 'mandatory';
  } else {
    if (v === 'true' || v === 'yes' || v === 'mandatory') return 'mandatory';
    if (v === 'false' || v === 'no' || v === 'optional') return 'optional';
  }
  const allowed: Record<MssqlClient, string> = {
    tedious: 'true, false or strict',
    'go-mssqldb': 'disable, false, true or strict',
    sqlclient: 'Optional, Mandatory, Strict, true, false, yes or no',
    jdbc: 'true, false, optional, mandatory or strict',
  };
  throw new DbtlsError('invalid-url', `${name}=${value} is not a value ${MSSQL_CLIENT_NAMES[client]} accepts: use ${allowed[client]}.`);
}

/**
 * The client's default when the string says nothing about encryption:
 * SqlClient 4+ and JDBC 10.2+ default to `Encrypt=Mandatory` with
 * certificate validation (`verify-identity`); the dbtls URLs (`mssql://`,
 * `sqlserver://`) keep the engine's default.
 *
 * @example
 * ```ts
 * clientDefaultMode('sqlclient'); // 'verify-identity'
 * ```
 */
export function clientDefaultMode(client: MssqlClient): SslMode | undefined {
  return client === 'sqlclient' || client === 'jdbc' ? 'verify-identity' : undefined;
}

/**
 * Turns the TLS settings of a SQL Server string into a dbtls mode, never
 * weaker than the client whose syntax it is:
 * - `encrypt` off (tedious `false`, go `disable`): `disabled`;
 * - login-only encryption (SqlClient/JDBC `Optional`/`false`, go `false`):
 *   those clients validate the certificate whenever the server forces
 *   encryption, and dbtls has no login-only mode, so it reads `verify-identity`,
 *   or `preferred` with `TrustServerCertificate=true` (with a warning either way);
 * - `Mandatory`/`true`: `verify-identity`, or `required` with `TrustServerCertificate=true`;
 * - `Strict` (TDS 8): `verify-identity` over TLS-first; SqlClient and JDBC
 *   ignore `TrustServerCertificate` there, go-mssqldb and tedious honour it (`required`).
 * An explicit `sslmode=` wins, with a warning when it differs.
 *
 * @example
 * ```ts
 * interpretMssqlTls({ client: 'sqlclient', encrypt: { value: 'Strict', from: 'Encrypt' } }).strict; // true
 * ```
 */
export function interpretMssqlTls(settings: MssqlTlsSettings): MssqlTlsMeaning {
  const { client } = settings;
  const warnings: string[] = [];
  const level = settings.encrypt ? parseEncrypt(settings.encrypt.value, settings.encrypt.from, client) : undefined;
  const trust = settings.trustServerCertificate ? parseMssqlBoolean(settings.trustServerCertificate.value, settings.trustServerCertificate.from, client) : undefined;
  const encryptFrom = settings.encrypt ? `${settings.encrypt.from}=${settings.encrypt.value}` : undefined;
  const trustFrom = settings.trustServerCertificate ? `${settings.trustServerCertificate.from}=${settings.trustServerCertificate.value}` : undefined;
  const both = [encryptFrom, trust ? trustFrom : undefined].filter(Boolean).join(' + ');
  let mode: SslMode | undefined;
  let modeSource: string | undefined;
  let strict = false;
  const name = MSSQL_CLIENT_NAMES[client];
  const defaulted = level ?? (clientDefaultMode(client) ? 'mandatory' : undefined);
  switch (defaulted) {
    case 'off':
      mode = 'disabled';
      modeSource = encryptFrom;
      if (trust) warnings.push(`${trustFrom} has no effect with ${encryptFrom}: nothing is encrypted.`);
      break;
    case 'optional':
      mode = trust ? 'preferred' : 'verify-identity';
      modeSource = both;
      warnings.push(
        trust
          ? `${encryptFrom} with ${trustFrom}: ${name} encrypts the login packet and, if the server forces encryption, everything without checking the certificate; dbtls has no login-only mode and reads "preferred" (the whole session encrypted whenever the server offers TLS, plain only on ENCRYPT_NOT_SUP).`
          : `${encryptFrom}: ${name} encrypts the login packet and validates the server certificate whenever the server forces encryption; dbtls has no login-only mode, so it reads the strictest case, "verify-identity" (add TrustServerCertificate=true, or sslmode=preferred, for TLS without validation).`,
      );
      break;
    case 'mandatory':
      mode = trust ? 'required' : 'verify-identity';
      modeSource = level ? both : trust ? `${trustFrom} (${name} defaults to Encrypt=Mandatory)` : `${name} default (Encrypt=Mandatory, TrustServerCertificate=false)`;
      break;
    case 'strict':
      strict = true;
      if (trust && (client === 'sqlclient' || client === 'jdbc')) {
        mode = 'verify-identity';
        warnings.push(`${trustFrom} is ignored with ${encryptFrom}, as ${name} ignores it: TDS 8 always validates the server certificate.`);
        modeSource = encryptFrom;
      } else {
        mode = trust ? 'required' : 'verify-identity';
        modeSource = both;
      }
      break;
    default:
      if (trust) {
        mode = 'required';
        modeSource = trustFrom;
      } else if (trust === false) {
        modeSource = undefined;
      }
  }
  if (settings.mode) {
    if (mode && mode !== settings.mode.value) warnings.push(`${settings.mode.from}=${settings.mode.value} wins over ${both || 'the client default'} (which means "${mode}").`);
    mode = settings.mode.value;
    modeSource = `${settings.mode.from}=${settings.mode.value}`;
    if (strict && mode === 'disabled') throw new DbtlsError('invalid-url', `${settings.mode.from}=disabled contradicts ${encryptFrom}: TDS 8 strict encryption is TLS before anything else.`);
  }
  return { ...(mode ? { mode } : {}), strict, ...(modeSource ? { modeSource } : {}), warnings };
}

/**
 * Parses a TLS floor given as go-mssqldb's `tlsmin` (`1.0` … `1.3`) or
 * JDBC's `sslProtocol` (`TLSv1.2` …; `TLS` means "the best available" and
 * sets no floor).
 *
 * @example
 * ```ts
 * parseMssqlTlsFloor('1.2', 'tlsmin'); // 'TLSv1.2'
 * ```
 */
export function parseMssqlTlsFloor(value: string, name: string): TlsVersion | undefined {
  if (/^tls$/i.test(value.trim())) return undefined;
  try {
    return parseTlsVersion(value);
  } catch {
    throw new DbtlsError('invalid-url', `${name}=${value} is not a TLS version (use 1.0, 1.1, 1.2 or 1.3).`);
  }
}
