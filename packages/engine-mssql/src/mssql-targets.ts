import type { ConnectionReading, LostItem, SslMode, TargetOutput, TranslateTarget } from '@dbtls/core';

const ENGINES = ['mssql'] as const;
const isVerify = (mode: SslMode) => mode === 'verify-ca' || mode === 'verify-identity';

/** What a SQL Server client's encrypt/trust pair gives for a mode; `mode` is what that client then does. */
interface Spelling {
  encrypt: 'optional' | 'mandatory' | 'strict' | 'off';
  trust: boolean;
  mode: SslMode;
}

/**
 * The SqlClient/JDBC spelling of a reading: those clients have no "no TLS at
 * all" (Optional still encrypts the login) and no chain-only check.
 */
function sqlClientSpelling(reading: ConnectionReading, lost: LostItem[], name: string): Spelling {
  const mode = reading.mode.value;
  if (reading.directTls?.value && mode !== 'disabled') {
    if (!isVerify(mode)) lost.push({ parameter: 'mode', what: `${name} always validates the certificate with Encrypt=Strict: "${mode}" becomes verify-identity`, weakens: false });
    if (mode === 'verify-ca') lost.push({ parameter: 'mode', what: `${name} has no chain-only check: the host name is checked too`, weakens: false });
    return { encrypt: 'strict', trust: false, mode: 'verify-identity' };
  }
  switch (mode) {
    case 'disabled':
      lost.push({ parameter: 'mode', what: `${name} cannot turn TLS off: Encrypt=Optional still encrypts the login packet (and everything, if the server forces encryption)`, weakens: false });
      return { encrypt: 'optional', trust: true, mode: 'preferred' };
    case 'preferred':
      lost.push({ parameter: 'mode', what: `${name}'s Encrypt=Optional encrypts only the login packet unless the server forces encryption (dbtls "preferred" encrypts the whole session when offered)`, weakens: true });
      return { encrypt: 'optional', trust: true, mode: 'preferred' };
    case 'required':
      return { encrypt: 'mandatory', trust: true, mode: 'required' };
    case 'verify-ca':
      lost.push({ parameter: 'mode', what: `${name} has no chain-only check: the host name is checked too (verify-identity)`, weakens: false });
      return { encrypt: 'mandatory', trust: false, mode: 'verify-identity' };
    default:
      return { encrypt: 'mandatory', trust: false, mode: 'verify-identity' };
  }
}

function commonLost(reading: ConnectionReading, lost: LostItem[], name: string, mode: SslMode, caHow: string): void {
  if (reading.caFile && isVerify(mode)) lost.push({ parameter: reading.caFile.source.parameter ?? 'caFile', what: `${name} cannot name a PEM CA file in its connection string (${caHow}); it validates against its platform trust store instead`, weakens: true });
  if (reading.systemCa?.value) lost.push({ parameter: 'systemCa', what: `${name} uses its platform trust store by default`, weakens: false });
  if (reading.certFile || reading.keyFile) lost.push({ parameter: 'certFile', what: 'TDS 7.x has no client certificates; not written', weakens: false });
  if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: `${name} cannot name a CRL in its connection string`, weakens: true });
  if (reading.minTlsVersion?.value === 'TLSv1.3' && !reading.directTls?.value) lost.push({ parameter: 'minTlsVersion', what: 'TDS 7.x carries TLS 1.2 at most; a TLSv1.3 floor needs Encrypt=Strict', weakens: true });
  else if (reading.minTlsVersion && reading.minTlsVersion.value !== 'TLSv1.2') lost.push({ parameter: 'minTlsVersion', what: `${name} has no TLS floor keyword`, weakens: false });
  if (reading.hosts.length > 1) lost.push({ parameter: 'host', what: `${name} names one server; only ${reading.hosts[0]!.host} is kept`, weakens: false });
}

const quoteAdo = (value: string) => (/[;'"=\s{}]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value);
const quoteJdbc = (value: string) => (/[;{}=]|^\s|\s$/.test(value) || value === "" ? `{${value.replace(/}/g, '}}')}}` : value);

/**
 * `ado`: an ADO.NET / Microsoft.Data.SqlClient 5 connection string
 * (`Server=tcp:host,port;…;Encrypt=Mandatory|Optional|Strict;TrustServerCertificate=…;HostNameInCertificate=…`).
 *
 * @example
 * ```ts
 * ADO_TARGET.write(reading).text; // 'Server=tcp:db,1433;Database=app;User ID=app;Password=pw;Encrypt=Strict;TrustServerCertificate=False'
 * ```
 */
export const ADO_TARGET: TranslateTarget = {
  id: 'ado',
  displayName: 'ADO.NET (Microsoft.Data.SqlClient)',
  description: 'Server=tcp:host,port;…;Encrypt=… keyword string for SqlClient, ODBC-style tools and Azure portals',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const spelling = sqlClientSpelling(reading, lost, 'SqlClient');
    commonLost(reading, lost, 'SqlClient', spelling.mode, 'it uses the Windows/OpenSSL store');
    const first = reading.hosts[0]!;
    const parts: [string, string][] = [['Server', `tcp:${first.host},${first.port}`]];
    if (reading.database) parts.push(['Database', reading.database]);
    if (reading.user !== undefined) parts.push(['User ID', reading.user]);
    if (reading.password !== undefined) parts.push(['Password', reading.password]);
    parts.push(['Encrypt', { optional: 'Optional', mandatory: 'Mandatory', strict: 'Strict', off: 'Optional' }[spelling.encrypt]]);
    parts.push(['TrustServerCertificate', spelling.trust ? 'True' : 'False']);
    if (reading.servername && spelling.encrypt !== 'optional') parts.push(['HostNameInCertificate', reading.servername.value]);
    if (reading.options.applicationName) parts.push(['Application Name', reading.options.applicationName]);
    return { text: parts.map(([k, v]) => `${k}=${quoteAdo(v)}`).join(';'), mode: spelling.mode, lost };
  },
};

/**
 * `jdbc-mssql`: a Microsoft JDBC Driver for SQL Server URL
 * (`jdbc:sqlserver://host:port;databaseName=…;encrypt=true|false|strict;trustServerCertificate=…`).
 *
 * @example
 * ```ts
 * JDBC_MSSQL_TARGET.write(reading).text; // 'jdbc:sqlserver://db:1433;databaseName=app;encrypt=true;trustServerCertificate=false'
 * ```
 */
export const JDBC_MSSQL_TARGET: TranslateTarget = {
  id: 'jdbc-mssql',
  displayName: 'Microsoft JDBC Driver for SQL Server',
  description: 'jdbc:sqlserver://host:port;encrypt=…;trustServerCertificate=… URL',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const spelling = sqlClientSpelling(reading, lost, 'the JDBC driver');
    commonLost(reading, lost, 'the JDBC driver', spelling.mode, 'it takes a Java trust store (trustStore=…jks)');
    const first = reading.hosts[0]!;
    const host = first.host.includes(':') ? `[${first.host}]` : first.host;
    const props: [string, string][] = [];
    if (reading.database) props.push(['databaseName', reading.database]);
    if (reading.user !== undefined) props.push(['user', reading.user]);
    if (reading.password !== undefined) props.push(['password', reading.password]);
    props.push(['encrypt', { optional: 'false', mandatory: 'true', strict: 'strict', off: 'false' }[spelling.encrypt]]);
    props.push(['trustServerCertificate', String(spelling.trust)]);
    if (reading.servername && spelling.encrypt !== 'optional') props.push(['hostNameInCertificate', reading.servername.value]);
    if (reading.options.applicationName) props.push(['applicationName', reading.options.applicationName]);
    return { text: `jdbc:sqlserver://${host}:${first.port};${props.map(([k, v]) => `${k}=${quoteJdbc(v)}`).join(';')}`, mode: spelling.mode, lost };
  },
};

/**
 * `tedious`: a node-mssql URL (`mssql://user:password@host:port/database?encrypt=true|false|strict&trustServerCertificate=…`),
 * read by node-mssql into tedious options.
 *
 * @example
 * ```ts
 * TEDIOUS_TARGET.write(reading).text; // 'mssql://app:pw@db:1433/app?encrypt=true&trustServerCertificate=false'
 * ```
 */
export const TEDIOUS_TARGET: TranslateTarget = {
  id: 'tedious',
  displayName: 'tedious / node-mssql',
  description: 'mssql://user:password@host:port/db?encrypt=… URL for node-mssql (tedious options)',
  engines: ENGINES,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const source = reading.mode.value;
    let encrypt: string;
    let trust = false;
    let mode: SslMode;
    if (source === 'disabled') {
      encrypt = 'false';
      mode = 'disabled';
    } else if (reading.directTls?.value) {
      encrypt = 'strict';
      trust = source === 'required' || source === 'preferred';
      mode = trust ? 'required' : 'verify-identity';
      if (source === 'verify-ca') lost.push({ parameter: 'mode', what: 'tedious has no chain-only check: the host name is checked too', weakens: false });
    } else {
      encrypt = 'true';
      trust = source === 'required' || source === 'preferred';
      mode = trust ? 'required' : 'verify-identity';
      if (source === 'preferred') lost.push({ parameter: 'mode', what: 'tedious has no plain-text fallback: "preferred" becomes required (fails on a server without TLS)', weakens: false });
      if (source === 'verify-ca') lost.push({ parameter: 'mode', what: 'tedious has no chain-only check: the host name is checked too (verify-identity)', weakens: false });
    }
    commonLost(reading, lost, 'node-mssql', mode, 'pass options.cryptoCredentialsDetails.ca in code');
    const first = reading.hosts[0]!;
    const enc = encodeURIComponent;
    const auth = reading.user !== undefined || reading.password !== undefined ? `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@` : '';
    const host = first.host.includes(':') ? `[${first.host}]` : first.host;
    const params: [string, string][] = [['encrypt', encrypt]];
    if (encrypt !== 'false') params.push(['trustServerCertificate', String(trust)]);
    if (reading.servername && mode === 'verify-identity') params.push(['serverName', reading.servername.value]);
    if (reading.options.applicationName) params.push(['appName', reading.options.applicationName]);
    const text = `mssql://${auth}${host}:${first.port}/${reading.database ? enc(reading.database) : ''}?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`;
    return { text, mode, lost };
  },
};

/** Every SQL Server translate target. */
export const MSSQL_TARGETS: readonly TranslateTarget[] = [ADO_TARGET, JDBC_MSSQL_TARGET, TEDIOUS_TARGET];
