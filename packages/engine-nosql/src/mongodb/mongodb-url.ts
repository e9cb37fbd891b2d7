import { createRequire } from 'node:module';
import type { ConnectionString } from 'mongodb-connection-string-url';
import { DbtlsError, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

/** MongoDB's default port. */
export const MONGODB_DEFAULT_PORT = 27017;

/** URL options dbtls reads itself and removes before the URL reaches the driver (compared case-insensitively). */
export const MONGODB_TLS_PARAMS = [
  'tls',
  'ssl',
  'tlsInsecure',
  'tlsAllowInvalidCertificates',
  'tlsAllowInvalidHostnames',
  'tlsCAFile',
  'tlsCertificateKeyFile',
  'tlsCertificateKeyFilePassword',
  'tlsCertificateFile',
  'tlsDisableOCSPEndpointCheck',
  'tlsDisableCertificateRevocationCheck',
] as const;

/** A parsed `mongodb://` or `mongodb+srv://` URL. */
export interface MongodbTarget extends EngineTarget {
  /** Every `host:port` of the seed list (for `+srv`, the SRV name). */
  hosts: string[];
  /** True for `mongodb+srv://`, which turns TLS on by itself. */
  srv: boolean;
  /** The URL without any TLS option: TLS is given to the driver as options. Contains the password. */
  driverUrl: string;
}

declare const __filename: string | undefined;

// Required on the first parse, not at import: the parser brings whatwg-url and its Unicode tables
// (about 20 ms and 5 MB), which `dbtls engines` and every other engine's command must not pay.
let connectionStringClass: typeof ConnectionString | undefined;
function loadConnectionString(): typeof ConnectionString {
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return (connectionStringClass ??= (require('mongodb-connection-string-url') as typeof import('mongodb-connection-string-url')).ConnectionString);
}

const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
const TLS_PARAM_SET = lower(MONGODB_TLS_PARAMS);

function splitHost(entry: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
  if (!m) return { host: entry, port: MONGODB_DEFAULT_PORT };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : MONGODB_DEFAULT_PORT };
}

function isTrue(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return undefined;
}

/**
 * Parses a MongoDB connection string with `mongodb-connection-string-url`
 * (the parser the driver itself uses). The TLS options keep the driver's
 * meaning and become a mode: `tls=false` (or `ssl=false`) is `disabled`;
 * `tls=true` is `verify-identity`, weakened to `verify-ca` by
 * `tlsAllowInvalidHostnames=true` and to `required` by `tlsInsecure=true` or
 * `tlsAllowInvalidCertificates=true`. `mongodb+srv://` turns TLS on by itself
 * (`verify-identity`); `tls=false` there is kept but warned about.
 *
 * @example
 * ```ts
 * parseMongodbUrl('mongodb://app:pw@localhost:27017/app?tls=true&tlsCAFile=ca.pem').mode; // 'verify-identity'
 * parseMongodbUrl('mongodb+srv://cluster0.example.net/').mode;                         // 'verify-identity'
 * ```
 */
export function parseMongodbUrl(url: string): MongodbTarget {
  let cs: ConnectionString;
  try {
    cs = new (loadConnectionString())(url);
  } catch (error) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a valid MongoDB connection string: ${(error as Error).message.replace(url, redactUrl(url))}`);
  }
  const hosts = cs.hosts;
  if (hosts.length === 0 || !hosts[0]) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names no host.`);
  const first = splitHost(hosts[0]);
  if (!Number.isInteger(first.port) || first.port < 1 || first.port > 65535) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" has an invalid port.`);
  const srv = cs.isSRV;
  const params = new Map<string, string>();
  for (const [key, value] of cs.searchParams) params.set(key.toLowerCase(), value);

  const warnings: string[] = [];
  const secrets: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const tlsFlag = isTrue(params.get('tls') ?? params.get('ssl'));
  if (params.has('tls') && params.has('ssl') && isTrue(params.get('tls')) !== isTrue(params.get('ssl'))) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" sets tls and ssl to different values.`);
  }
  const insecure = isTrue(params.get('tlsinsecure')) === true || isTrue(params.get('tlsallowinvalidcertificates')) === true;
  const anyHostname = isTrue(params.get('tlsallowinvalidhostnames')) === true;
  const ca = params.get('tlscafile');
  const certKey = params.get('tlscertificatekeyfile');
  const password = params.get('tlscertificatekeyfilepassword');
  if (ca) tls.caFile = ca;
  if (certKey) {
    tls.certFile = certKey;
    tls.keyFile = certKey;
  }
  if (password) {
    tls.passphrase = password;
    secrets.push(password);
  }
  const tlsImplied = [...params.keys()].some((k) => k.startsWith('tls') && k !== 'tls' && TLS_PARAM_SET.has(k));

  let mode: SslMode | undefined;
  if (tlsFlag === false) {
    mode = 'disabled';
    if (srv) warnings.push('mongodb+srv:// turns TLS on by itself, but the URL says tls=false: the connection will be unencrypted.');
  } else if (tlsFlag === true || srv || tlsImplied) {
    mode = insecure ? 'required' : anyHostname ? 'verify-ca' : 'verify-identity';
  }
  for (const name of ['tlsdisableocspendpointcheck', 'tlsdisablecertificaterevocationcheck', 'tlscertificatefile']) {
    if (params.has(name)) warnings.push(`The URL option ${name} is not used by dbtls and was ignored.`);
  }

  const driver = cs.clone();
  for (const key of [...driver.searchParams.keys()]) if (TLS_PARAM_SET.has(key.toLowerCase())) driver.searchParams.delete(key);
  if (cs.password) secrets.push(decodeURIComponent(cs.password));

  return {
    host: first.host,
    port: first.port,
    ...(cs.username ? { user: decodeURIComponent(cs.username) } : {}),
    ...(cs.pathname && cs.pathname !== '/' ? { database: decodeURIComponent(cs.pathname.slice(1)) } : {}),
    ...(mode ? { mode } : {}),
    tls,
    displayUrl: redactUrl(url),
    secrets,
    warnings,
    hosts,
    srv,
    driverUrl: driver.toString(),
  };
}
