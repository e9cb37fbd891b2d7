import { parse as parseKeywords } from '@tediousjs/connection-string';
import { DbtlsError, parseSslMode, parseUrlParts, redactUrl, REDACTED, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';
import { interpretMssqlTls, MSSQL_CLIENT_NAMES, parseMssqlTlsFloor, type MssqlClient, type MssqlTlsSettings } from './mssql-tls-reading.js';

/** Default SQL Server TCP port. */
export const MSSQL_DEFAULT_PORT = 1433;

/** URL query parameters dbtls reads for SQL Server (case-insensitive). */
export const MSSQL_URL_PARAMS = ['sslmode', 'ssl-mode', 'encrypt', 'trustservercertificate', 'hostnameincertificate', 'servername', 'certificate', 'tlsmin', 'database', 'databasename', 'user', 'password', 'applicationname', 'appname', 'app name'] as const;

/** A parsed SQL Server connection string: the target plus what tedious needs to log in. */
export interface MssqlTarget extends EngineTarget {
  /** Login: SQL Server authentication (user name and password). */
  login: { userName?: string; password?: string; database?: string; appName?: string };
  /** TDS 8 strict encryption: TLS first (ALPN `tds/8.0`), then PRELOGIN inside TLS. */
  strict?: boolean;
  /** Whose syntax the string is in; its rules and defaults were applied. */
  client: MssqlClient;
  /** For each reading (`mode`, `caFile`, `servername`, `minTlsVersion`, `strict`), the parameter it came from. */
  sources: Record<string, string>;
}

interface Entry {
  /** The key as written. */
  name: string;
  value: string;
}

type Field = 'mode' | 'encrypt' | 'trust' | 'servername' | 'ca' | 'tlsmin' | 'database' | 'user' | 'password' | 'app' | 'server' | 'port' | 'pinned' | 'truststore' | 'truststoresecret' | 'integrated';

/** Keywords of each syntax (lower case) and what they mean. */
const KEYWORDS: Record<'url' | 'sqlclient' | 'jdbc', Record<string, Field>> = {
  url: {
    sslmode: 'mode', 'ssl-mode': 'mode', encrypt: 'encrypt', trustservercertificate: 'trust', hostnameincertificate: 'servername', servername: 'servername',
    certificate: 'ca', tlsmin: 'tlsmin', database: 'database', databasename: 'database', user: 'user', password: 'password',
    applicationname: 'app', appname: 'app', 'app name': 'app', servercertificate: 'pinned',
  },
  sqlclient: {
    server: 'server', 'data source': 'server', address: 'server', addr: 'server', 'network address': 'server',
    database: 'database', 'initial catalog': 'database', 'user id': 'user', uid: 'user', user: 'user', password: 'password', pwd: 'password',
    encrypt: 'encrypt', trustservercertificate: 'trust', 'trust server certificate': 'trust', hostnameincertificate: 'servername', 'host name in certificate': 'servername',
    servercertificate: 'pinned', 'server certificate': 'pinned', 'application name': 'app', app: 'app', 'integrated security': 'integrated', trusted_connection: 'integrated', authentication: 'integrated',
  },
  jdbc: {
    servername: 'server', server: 'server', portnumber: 'port', port: 'port', databasename: 'database', database: 'database', user: 'user', username: 'user', password: 'password',
    encrypt: 'encrypt', trustservercertificate: 'trust', hostnameincertificate: 'servername', truststore: 'truststore', truststorepassword: 'truststoresecret', truststoretype: 'truststore',
    servercertificate: 'pinned', sslprotocol: 'tlsmin', applicationname: 'app', integratedsecurity: 'integrated', authentication: 'integrated',
  },
};

/** Keys that are never TLS-related but commonly present; ignored without a warning per key. */
const HARMLESS = /^(connect(ion)? ?timeout|logintimeout|command ?timeout|pooling|max pool size|min pool size|multipleactiveresultsets|multisubnetfailover|persist security info|workstation id|wsid|language|current language|packet ?size|applicationintent|application intent|connectretrycount|connect retry count|connectretryinterval|connect retry interval|sendstringparametersasunicode|loginTimeout|socketTimeout|lockTimeout|queryTimeout|columnencryptionsetting|column encryption setting|dial timeout|keepalive|log|failoverpartner|failover partner)$/i;

const TLS_LOOKING = /ssl|tls|cert|encrypt|trust|crypt|key/i;

/**
 * Recognises the three SQL Server string syntaxes that are not a dbtls URL:
 * ADO.NET / SqlClient `Server=…;Database=…;Encrypt=…`, JDBC
 * `jdbc:sqlserver://host:1433;encrypt=…`, and the `mssql://`/`sqlserver://` URLs.
 *
 * @example
 * ```ts
 * mssqlSyntax('Server=tcp:db,1433;Encrypt=Strict'); // 'sqlclient'
 * mssqlSyntax('jdbc:sqlserver://db;encrypt=true');  // 'jdbc'
 * ```
 */
export function mssqlSyntax(input: string): MssqlClient | undefined {
  const s = input.trim();
  if (/^jdbc:sqlserver:\/\//i.test(s)) return 'jdbc';
  if (/^mssql:\/\//i.test(s)) return 'tedious';
  if (/^sqlserver:\/\//i.test(s)) return 'go-mssqldb';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && /(^|;)\s*(server|data source|address|addr|network address)\s*=/i.test(s)) return 'sqlclient';
  return undefined;
}

/** Rebuilds a keyword string from its parsed entries, secrets masked: never echoes a raw value that might hide part of a password. */
function displayKeywords(prefix: string, entries: Map<string, Entry>, quote: (value: string) => string): string {
  return prefix + [...entries.values()].map((e) => `${e.name}=${SECRET_KEYWORD.test(e.name.replace(/\s+/g, '')) ? REDACTED : quote(e.value)}`).join(';');
}

const quoteAdo = (value: string) => (/[;'"=\s]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const quoteJdbc = (value: string) => (/[;{}]/.test(value) ? `{${value}}` : value);

const SECRET_KEYWORD = /^(password|pwd|truststorepassword|keystoresecret|keystorepassword)$/i;

function splitServer(server: string, from: string): { host: string; port?: number } {
  let s = server.trim();
  const protocol = /^(tcp|np|lpc|admin):/i.exec(s)?.[1]?.toLowerCase();
  if (protocol && protocol !== 'tcp') throw new DbtlsError('invalid-url', `${from}=${server}: only TCP connections (tcp:host,port) can carry TLS; the ${protocol}: protocol is not supported.`);
  s = s.replace(/^tcp:/i, '');
  const comma = s.lastIndexOf(',');
  let port: number | undefined;
  if (comma >= 0) {
    port = Number(s.slice(comma + 1).trim());
    s = s.slice(0, comma).trim();
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DbtlsError('invalid-url', `${from}=${server} has an invalid port.`);
  }
  if (s.includes('\\')) throw new DbtlsError('invalid-url', `${from}=${server}: named instances (host\\instance) are not supported; give the instance's TCP port instead (host,port).`);
  if (!s || s === '.' || /^\(local\)$/i.test(s)) s = s ? 'localhost' : s;
  if (!s) throw new DbtlsError('invalid-url', `${from} names no host.`);
  return { host: s, ...(port !== undefined ? { port } : {}) };
}

function readEntries(client: MssqlClient, input: string): { entries: Map<string, Entry>; host?: string; port?: number; user?: string; password?: string; database?: string; displayUrl: string } {
  const entries = new Map<string, Entry>();
  if (client === 'sqlclient') {
    let map: ReadonlyMap<string, string>;
    try {
      map = parseKeywords(input) as ReadonlyMap<string, string>;
    } catch (error) {
      throw new DbtlsError('invalid-url', `The SqlClient connection string cannot be parsed: ${(error as Error).message}.`);
    }
    // The last occurrence of a keyword wins, as in SqlClient. The parser lower-cases
    // keys: find the spelling as written, for messages and sources.
    const written = new Map<string, string>();
    for (const m of input.matchAll(/(?:^|;)\s*([^=;]+?)\s*=/g)) written.set(m[1]!.toLowerCase(), m[1]!);
    for (const [key, value] of map) entries.set(key.toLowerCase().trim(), { name: written.get(key.toLowerCase()) ?? key, value });
    return { entries, displayUrl: displayKeywords('', entries, quoteAdo) };
  }
  if (client === 'jdbc') {
    const body = input.trim().replace(/^jdbc:sqlserver:\/\//i, '');
    // Values may be wrapped in braces ({a;b}), which protect ';'; '}}' inside braces is a literal '}'.
    const semi = body.indexOf(';');
    const address = semi < 0 ? body : body.slice(0, semi);
    let at = semi < 0 ? body.length : semi + 1;
    while (at < body.length) {
      const eq = body.indexOf('=', at);
      const nextSemi = body.indexOf(';', at);
      if (eq < 0 || (nextSemi >= 0 && nextSemi < eq)) {
        const prop = body.slice(at, nextSemi < 0 ? body.length : nextSemi);
        if (prop.trim()) throw new DbtlsError('invalid-url', `The JDBC URL's property "${prop.slice(0, 40).replace(/password.*/i, 'password…')}" has no value (expected name=value).`);
        at = nextSemi < 0 ? body.length : nextSemi + 1;
        continue;
      }
      const name = body.slice(at, eq).trim();
      let i = eq + 1;
      while (body[i] === ' ') i++;
      let value = '';
      if (body[i] === '{') {
        i++;
        for (;;) {
          if (i >= body.length) throw new DbtlsError('invalid-url', `The JDBC URL has an unclosed "{" in the value of ${name}.`);
          if (body[i] === '}') {
            if (body[i + 1] === '}') {
              value += '}';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          value += body[i++];
        }
        const end = body.indexOf(';', i);
        at = end < 0 ? body.length : end + 1;
      } else {
        const end = body.indexOf(';', i);
        value = body.slice(i, end < 0 ? body.length : end).trim();
        at = end < 0 ? body.length : end + 1;
      }
      entries.set(name.toLowerCase(), { name, value });
    }
    const m = /^(\[[^\]]+\]|[^:\\]*)(\\[^:]*)?(?::(\d+))?$/.exec(address.trim());
    if (!m) throw new DbtlsError('invalid-url', `The JDBC URL's server part "${address}" is not host[\\instance][:port].`);
    if (m[2]) throw new DbtlsError('invalid-url', `jdbc:sqlserver://${address}: named instances are not supported; give the instance's TCP port instead.`);
    return {
      entries,
      ...(m[1] ? { host: m[1].replace(/^\[(.*)\]$/, '$1') } : {}),
      ...(m[3] ? { port: Number(m[3]) } : {}),
      displayUrl: displayKeywords(`jdbc:sqlserver://${address.trim()};`, entries, quoteJdbc),
    };
  }
  const parts = parseUrlParts(input, { defaultPort: MSSQL_DEFAULT_PORT });
  if (parts.host.includes('\\')) throw new DbtlsError('invalid-url', `"${redactUrl(input)}": named instances (host\\instance) are not supported; give the instance's TCP port instead.`);
  for (const [key, value] of parts.params) entries.set(key.toLowerCase(), { name: key, value });
  let displayUrl = redactUrl(input);
  const urlPassword = entries.get('password')?.value;
  if (urlPassword) displayUrl = displayUrl.split(encodeURIComponent(urlPassword)).join(REDACTED).split(urlPassword).join(REDACTED);
  return {
    entries,
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    ...(parts.password !== undefined ? { password: parts.password } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    displayUrl,
  };
}

/**
 * Parses a SQL Server connection string in the syntax of the client it
 * comes from, with that client's meaning of every TLS keyword
 * (see {@link interpretMssqlTls}):
 * - `mssql://user:password@host:port/database?encrypt=…` (tedious / node-mssql spellings);
 * - `sqlserver://…?encrypt=disable|false|true|strict&TrustServerCertificate=…&certificate=ca.pem&hostNameInCertificate=…&tlsmin=1.2` (go-mssqldb);
 * - `Server=tcp:host,1433;Database=…;User ID=…;Password=…;Encrypt=Optional|Mandatory|Strict;TrustServerCertificate=…;HostNameInCertificate=…` (ADO.NET / SqlClient, whose defaults apply: Encrypt=Mandatory);
 * - `jdbc:sqlserver://host:1433;databaseName=…;encrypt=true|false|strict;trustServerCertificate=…;hostNameInCertificate=…` (JDBC, defaults encrypt=true).
 * `Encrypt=Strict` is TDS 8 (TLS first). `ServerCertificate` (a pinned
 * certificate) and Java trust stores are refused with the reason; other
 * TLS-looking keywords dbtls does not know produce a warning.
 *
 * @example
 * ```ts
 * parseMssqlUrl('sqlserver://sa:pw@db:1433/master?encrypt=true&trustServerCertificate=true').mode; // 'required'
 * parseMssqlUrl('Server=tcp:db.example.com,1433;Database=app;User ID=app;Password=pw;Encrypt=Strict').strict; // true
 * ```
 */
export function parseMssqlUrl(url: string): MssqlTarget {
  const client = mssqlSyntax(url) ?? 'tedious';
  const read = readEntries(client, url);
  const table = KEYWORDS[client === 'sqlclient' || client === 'jdbc' ? client : 'url'];
  const warnings: string[] = [];
  const secrets: string[] = [];
  const sources: Record<string, string> = {};
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const fields = new Map<Field, Entry>();
  const unknown: string[] = [];
  for (const [key, entry] of read.entries) {
    const field = Object.hasOwn(table, key) ? table[key] : undefined;
    if (field) {
      if (field === 'password' || field === 'truststoresecret') secrets.push(entry.value);
      const previous = fields.get(field);
      if (previous && previous.value !== entry.value && field !== 'truststore' && field !== 'integrated') {
        throw new DbtlsError('invalid-url', `The connection string gives ${previous.name} and ${entry.name}, two names for one setting, with different values.`);
      }
      fields.set(field, entry);
    } else if (!HARMLESS.test(key)) unknown.push(entry.name);
  }
  const name = MSSQL_CLIENT_NAMES[client];

  const pinned = fields.get('pinned');
  if (pinned) {
    throw new DbtlsError('invalid-url', `${pinned.name}= pins the server certificate (${name} accepts only that exact certificate); dbtls cannot enforce a pinned certificate and refuses rather than ignore it. Pass the CA that signed it with --ca and use verify-ca or verify-identity.`);
  }
  const trustStore = fields.get('truststore');
  if (trustStore) {
    throw new DbtlsError('invalid-url', `${trustStore.name}= names a Java key store, which dbtls cannot read, and dropping it would change which certificates are trusted. Export the CA as PEM (keytool -exportcert -rfc -alias … -keystore …) and pass it with --ca.`);
  }

  let modeEntry: { value: SslMode; from: string } | undefined;
  const modeField = fields.get('mode');
  if (modeField) {
    try {
      modeEntry = { value: parseSslMode(modeField.value), from: modeField.name };
    } catch (error) {
      throw new DbtlsError('invalid-url', `The connection string's ${modeField.name}: ${(error as Error).message}`);
    }
  }
  const settings: MssqlTlsSettings = {
    client,
    ...(fields.get('encrypt') ? { encrypt: { value: fields.get('encrypt')!.value, from: fields.get('encrypt')!.name } } : {}),
    ...(fields.get('trust') ? { trustServerCertificate: { value: fields.get('trust')!.value, from: fields.get('trust')!.name } } : {}),
    ...(modeEntry ? { mode: modeEntry } : {}),
  };
  const meaning = interpretMssqlTls(settings);
  warnings.push(...meaning.warnings);
  if (meaning.modeSource) sources.mode = meaning.modeSource;
  if (meaning.strict) sources.strict = `${settings.encrypt!.from}=${settings.encrypt!.value}`;

  const servername = fields.get('servername');
  if (servername?.value) {
    tls.servername = servername.value;
    sources.servername = servername.name;
  }
  const ca = fields.get('ca');
  if (ca?.value) {
    tls.caFile = ca.value;
    sources.caFile = ca.name;
  }
  const floor = fields.get('tlsmin');
  if (floor?.value) {
    const version = parseMssqlTlsFloor(floor.value, floor.name);
    if (version) {
      tls.minTlsVersion = version;
      sources.minTlsVersion = floor.name;
    }
  }
  const integrated = fields.get('integrated');
  if (integrated && !/^(false|no|sqlpassword|sql ?password)$/i.test(integrated.value)) warnings.push(`${integrated.name}=${integrated.value} is not used: dbtls logs in with SQL Server authentication (user name and password) only.`);

  let host = read.host;
  let port = read.port;
  const server = fields.get('server');
  if (server) {
    const split = splitServer(server.value, server.name);
    host = split.host;
    port = split.port ?? port;
  }
  const portField = fields.get('port');
  if (portField) {
    port = Number(portField.value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DbtlsError('invalid-url', `${portField.name}=${portField.value} is not a port.`);
  }
  if (!host) throw new DbtlsError('invalid-url', `The ${name} string names no server.`);
  port ??= MSSQL_DEFAULT_PORT;

  const userName = read.user ?? fields.get('user')?.value;
  const password = read.password ?? fields.get('password')?.value;
  if (client !== 'sqlclient' && client !== 'jdbc' && fields.has('password')) warnings.push('The password is in a URL parameter; it is kept out of every output, but prefer the user:password@ part or an environment variable.');
  if (read.password) secrets.push(read.password);
  const database = read.database ?? fields.get('database')?.value;
  const appName = fields.get('app')?.value;
  const tlsUnknown = unknown.filter((k) => TLS_LOOKING.test(k));
  const otherUnknown = unknown.filter((k) => !TLS_LOOKING.test(k));
  if (tlsUnknown.length) warnings.push(`TLS-related parameters dbtls does not know were ignored, and whatever they do for ${name} is lost: ${tlsUnknown.join(', ')}.`);
  if (otherUnknown.length) warnings.push(`Parameters ignored by dbtls: ${otherUnknown.join(', ')}.`);
  return {
    host,
    port,
    ...(userName ? { user: userName } : {}),
    ...(database ? { database } : {}),
    ...(meaning.mode ? { mode: meaning.mode } : {}),
    tls,
    displayUrl: read.displayUrl,
    secrets: [...new Set(secrets.filter(Boolean))],
    warnings,
    login: {
      ...(userName ? { userName } : {}),
      ...(password ? { password } : {}),
      ...(database ? { database } : {}),
      ...(appName ? { appName } : {}),
    },
    ...(meaning.strict ? { strict: true } : {}),
    client,
    sources,
  };
}
