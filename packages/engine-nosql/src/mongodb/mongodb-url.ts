import { createRequire } from 'node:module';
import type { ConnectionString } from 'mongodb-connection-string-url';
import { DbtlsError, decodeUrlComponent, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

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
] as const;

/**
 * TLS options of the MongoDB URI specification that dbtls (like the Node.js
 * driver, which rejects them as unsupported) cannot honour: they decide
 * whether revocation is checked, so they are refused, never ignored.
 */
export const MONGODB_REFUSED_TLS_PARAMS = ['tlsDisableOCSPEndpointCheck', 'tlsDisableCertificateRevocationCheck', 'tlsCRLFile', 'tlsCertificateFile', 'sslCRL'] as const;

/** A parsed `mongodb://` or `mongodb+srv://` URL. */
export interface MongodbTarget extends EngineTarget {
  /** Every `host:port` of the seed list (for `+srv`, the SRV name). */
  hosts: string[];
  /** True for `mongodb+srv://`, which turns TLS on by itself. */
  srv: boolean;
  /** The URL without any TLS option: TLS is given to the driver as options. Contains the password. */
  driverUrl: string;
  /** Whose rules were applied. */
  client: 'mongodb-uri';
  /** For each reading (`mode`, `caFile`, `certFile`, `keyFile`, `passphrase`), the option it came from. */
  sources: Record<string, string>;
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
const REFUSED_SET = lower(MONGODB_REFUSED_TLS_PARAMS);

/** Pairs the URI options specification forbids together, whatever their values. */
const CONFLICTS: [string, string][] = [
  ['tlsInsecure', 'tlsAllowInvalidCertificates'],
  ['tlsInsecure', 'tlsAllowInvalidHostnames'],
  ['tlsInsecure', 'tlsDisableOCSPEndpointCheck'],
  ['tlsInsecure', 'tlsDisableCertificateRevocationCheck'],
  ['tlsAllowInvalidCertificates', 'tlsDisableOCSPEndpointCheck'],
  ['tlsAllowInvalidCertificates', 'tlsDisableCertificateRevocationCheck'],
  ['tlsDisableOCSPEndpointCheck', 'tlsDisableCertificateRevocationCheck'],
];

function splitHost(entry: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
  if (!m) return { host: entry, port: MONGODB_DEFAULT_PORT };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : MONGODB_DEFAULT_PORT };
}

interface Option {
  /** The name as written. */
  name: string;
  value: string;
}

/** The Node.js driver's boolean: exactly `true` or `false`; anything else is refused. */
function bool(option: Option | undefined): boolean | undefined {
  if (!option) return undefined;
  if (option.value === 'true') return true;
  if (option.value === 'false') return false;
  throw new DbtlsError('invalid-url', `The MongoDB URI option ${option.name}=${option.value} is invalid: it must be "true" or "false" (the Node.js driver refuses anything else).`);
}

/**
 * Parses a MongoDB connection string with `mongodb-connection-string-url`
 * (the parser the driver itself uses) and reads its TLS options as the
 * MongoDB URI options specification and the Node.js driver do:
 * - `tls` and `ssl` are aliases; different values are an error, as are a
 *   repeated option and an empty value;
 * - `tlsInsecure` together with `tlsAllowInvalidCertificates` or
 *   `tlsAllowInvalidHostnames` (whatever the values) is an error;
 * - `tls=true` is `verify-identity`, `verify-ca` with
 *   `tlsAllowInvalidHostnames=true`, `required` with `tlsInsecure=true` or
 *   `tlsAllowInvalidCertificates=true`; `tls=false` is `disabled`;
 * - `mongodb+srv://` turns TLS on unless `tls=false` (or `ssl=false`) says otherwise;
 * - `tlsCAFile`, `tlsCertificateKeyFile` (certificate and key in one PEM),
 *   `tlsCertificateKeyFilePassword` are honoured; the OCSP and revocation
 *   options (`tlsDisableOCSPEndpointCheck`, `tlsDisableCertificateRevocationCheck`)
 *   and `tlsCRLFile` are refused: dbtls does not check revocation.
 * Booleans must be exactly `true` or `false`, as the Node.js driver demands.
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
  const options = new Map<string, Option>();
  for (const [key, value] of cs.searchParams) {
    const k = key.toLowerCase();
    if (!TLS_PARAM_SET.has(k) && !REFUSED_SET.has(k)) {
      // The Node.js driver refuses options it does not know; a TLS-looking one (ssl-mode, sslmode,
      // tlsVerify…) would otherwise be dropped in silence by dbtls, so it is refused here, by name.
      if (/^(ssl|tls)/i.test(k)) {
        throw new DbtlsError('invalid-url', `The MongoDB URI option ${key} is not in the MongoDB URI options specification (the Node.js driver refuses unknown options). Use tls=true or tls=false with tlsCAFile, tlsAllowInvalidHostnames or tlsInsecure, or give the mode to dbtls directly.`);
      }
      continue;
    }
    if (options.has(k)) throw new DbtlsError('invalid-url', `The MongoDB URI option ${key} appears more than once (the Node.js driver refuses that).`);
    if (value === '') throw new DbtlsError('invalid-url', `The MongoDB URI option ${key} has no value.`);
    options.set(k, { name: key, value });
  }
  const get = (name: string) => options.get(name.toLowerCase());

  for (const [a, b] of CONFLICTS) {
    if (get(a) && get(b)) throw new DbtlsError('invalid-url', `The MongoDB URI options ${get(a)!.name} and ${get(b)!.name} cannot be used together (MongoDB URI options specification), whatever their values.`);
  }
  for (const name of MONGODB_REFUSED_TLS_PARAMS) {
    const option = get(name);
    if (!option) continue;
    const why = /crl/i.test(name)
      ? 'a certificate revocation list changes which certificates are accepted, and dbtls cannot apply it to the MongoDB driver'
      : name === 'tlsCertificateFile'
        ? 'the Node.js driver has no such option (give the certificate and key in one PEM file with tlsCertificateKeyFile)'
        : 'OCSP and certificate revocation checks are not supported by dbtls (nor by the Node.js driver, which rejects the option); dbtls refuses rather than pretend the check happens';
    throw new DbtlsError('invalid-url', `The MongoDB URI option ${option.name}=${option.value} is not supported: ${why}.`);
  }

  const warnings: string[] = [];
  const secrets: string[] = [];
  const sources: Record<string, string> = {};
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const tlsOption = get('tls');
  const sslOption = get('ssl');
  const tlsFlag = bool(tlsOption);
  const sslFlag = bool(sslOption);
  if (tlsFlag !== undefined && sslFlag !== undefined && tlsFlag !== sslFlag) {
    throw new DbtlsError('invalid-url', `The MongoDB URI sets ${tlsOption!.name}=${tlsOption!.value} and ${sslOption!.name}=${sslOption!.value}: tls and ssl are aliases and must agree.`);
  }
  const flag = tlsFlag ?? sslFlag;
  const flagFrom = tlsOption ?? sslOption;
  const insecure = get('tlsInsecure');
  const invalidCerts = get('tlsAllowInvalidCertificates');
  const invalidHosts = get('tlsAllowInvalidHostnames');
  const insecureOn = bool(insecure) === true;
  const invalidCertsOn = bool(invalidCerts) === true;
  const invalidHostsOn = bool(invalidHosts) === true;
  const ca = get('tlsCAFile');
  const certKey = get('tlsCertificateKeyFile');
  const password = get('tlsCertificateKeyFilePassword');
  if (ca) {
    tls.caFile = ca.value;
    sources.caFile = ca.name;
  }
  if (certKey) {
    tls.certFile = certKey.value;
    tls.keyFile = certKey.value;
    sources.certFile = certKey.name;
    sources.keyFile = certKey.name;
  }
  if (password) {
    tls.passphrase = password.value;
    secrets.push(password.value);
    sources.passphrase = password.name;
  }
  const implying = [...options.values()].filter((o) => o.name.toLowerCase() !== 'tls' && o.name.toLowerCase() !== 'ssl');

  let mode: SslMode | undefined;
  if (flag === false) {
    mode = 'disabled';
    sources.mode = `${flagFrom!.name}=${flagFrom!.value}`;
    if (srv) warnings.push('mongodb+srv:// turns TLS on by itself, but the URL says tls=false: the connection will be unencrypted.');
    if (implying.length) warnings.push(`TLS is off (${sources.mode}), so ${implying.map((o) => o.name).join(', ')} ${implying.length > 1 ? 'are' : 'is'} not used.`);
  } else if (flag === true || srv || implying.length) {
    mode = insecureOn || invalidCertsOn ? 'required' : invalidHostsOn ? 'verify-ca' : 'verify-identity';
    const why = flag === true ? `${flagFrom!.name}=${flagFrom!.value}` : srv ? 'mongodb+srv:// (TLS on by default)' : implying.map((o) => o.name).join(', ');
    const weakener = insecureOn ? `${insecure!.name}=true` : invalidCertsOn ? `${invalidCerts!.name}=true` : invalidHostsOn ? `${invalidHosts!.name}=true` : undefined;
    sources.mode = weakener ? `${why} + ${weakener}` : why;
    if (flag === undefined && !srv) {
      warnings.push(`${why} without tls=true: the Node.js driver would connect in plain text and leave ${implying.length > 1 ? 'them' : 'it'} unused, other drivers turn TLS on; dbtls takes the stricter reading and uses TLS ("${mode}").`);
    }
  }

  const driver = cs.clone();
  for (const key of [...driver.searchParams.keys()]) if (TLS_PARAM_SET.has(key.toLowerCase())) driver.searchParams.delete(key);
  if (cs.password) secrets.push(decodeUrlComponent(cs.password, 'password', url));

  return {
    host: first.host,
    port: first.port,
    ...(cs.username ? { user: decodeUrlComponent(cs.username, 'user name', url) } : {}),
    ...(cs.pathname && cs.pathname !== '/' ? { database: decodeUrlComponent(cs.pathname.slice(1), 'path', url) } : {}),
    ...(mode ? { mode } : {}),
    tls,
    displayUrl: redactUrl(url),
    secrets,
    warnings,
    hosts,
    srv,
    driverUrl: driver.toString(),
    client: 'mongodb-uri',
    sources,
  };
}
