import { DbtlsError, parseTlsVersion, parseUrlParts, readUrlMode, redactUrl, type EngineTarget, type TlsOptions } from '@dbtls/core';

/** Default Redis port (plain and TLS alike; TLS is usually served on a port of its own). */
export const REDIS_DEFAULT_PORT = 6379;

/** The URL schemes of the Redis engine: `redis:` (plain), `rediss:` (TLS) and Valkey's `valkey:` / `valkeys:`. */
export const REDIS_SCHEMES = ['redis', 'rediss', 'valkey', 'valkeys'] as const;
/** One of {@link REDIS_SCHEMES}. */
export type RedisScheme = (typeof REDIS_SCHEMES)[number];

/** Where one value of a Redis reading came from (the shape of core's reading sources). */
export interface RedisSource {
  from: 'parameter' | 'default' | 'implied' | 'scheme';
  parameter?: string;
  value?: string;
  note?: string;
}

/** A parsed Redis URL: the target plus what ioredis needs besides TLS. */
export interface RedisTarget extends EngineTarget {
  scheme: RedisScheme;
  /** ioredis options without any TLS setting. */
  config: { host: string; port: number; username?: string; password?: string; db: number };
  /** For each reading (`mode`, `caFile`, `certFile`, `keyFile`, `passphrase`, `minTlsVersion`), where it came from. */
  sources: Record<string, RedisSource>;
  /**
   * Every node of a Redis Cluster URL that lists several (`rediss://h1:7000,h2:7001`), in order;
   * absent for a single-node URL. The first is also `host`/`port`.
   */
  nodes?: { host: string; port: number }[];
}

/**
 * Splits a URL whose authority lists several `host[:port]` nodes (the Redis
 * Cluster seed-list spelling) into the URL of its first node and the node list.
 * A URL with one node comes back unchanged, without `nodes`.
 *
 * @example
 * ```ts
 * splitRedisNodes('rediss://:pw@a:7000,b:7001/0').nodes; // [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }]
 * ```
 */
export function splitRedisNodes(url: string): { url: string; nodes?: { host: string; port: number }[] } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return { url };
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostList = authority.slice(at + 1);
  if (!hostList.includes(',')) return { url };
  const nodes = hostList.split(',').map((node) => {
    const nm = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(node);
    const host = nm?.[1]?.replace(/^\[(.*)\]$/, '$1');
    const port = nm?.[2] === undefined ? REDIS_DEFAULT_PORT : Number(nm[2]);
    if (!nm || !host || port < 1 || port > 65535) {
      throw new DbtlsError('invalid-url', `"${redactUrl(url)}": the node "${node}" of the node list is not host[:port].`);
    }
    return { host, port };
  });
  return { url: `${scheme}${userinfo}${hostList.split(',')[0]}${rest}`, nodes };
}

/** redis-py's `to_bool`: these (any case) are false, anything else non-empty is true. */
const PY_FALSE = new Set(['0', 'f', 'false', 'n', 'no']);
/** redis-py's `ssl_cert_reqs` values. */
const CERT_REQS = new Map<string, 'none' | 'optional' | 'required'>([
  ['none', 'none'],
  ['optional', 'optional'],
  ['required', 'required'],
]);
/** redis-py TLS parameters that dbtls cannot honour and that change what is trusted: refused. */
const REFUSED = new Map<string, string>([
  ['ssl_ca_path', 'a directory of CA certificates cannot be used; concatenate them into one PEM file and pass it with ssl_ca_certs='],
  ['ssl_ca_data', 'inline CA data cannot be taken from a URL; put it in a file and pass it with ssl_ca_certs='],
  ['ssl_validate_ocsp', 'OCSP checks are not supported by dbtls'],
  ['ssl_validate_ocsp_stapled', 'OCSP checks are not supported by dbtls'],
  ['ssl_ocsp_context', 'OCSP checks are not supported by dbtls'],
  ['ssl_ocsp_expected_cert', 'OCSP checks are not supported by dbtls'],
  ['ssl_include_verify_flags', 'extra verification flags (CRL checks) are not supported by dbtls'],
  ['ssl_exclude_verify_flags', 'dbtls cannot relax OpenSSL verification flags and will not pretend to'],
]);

/**
 * Parses `redis://[user[:password]@]host[:port][/db]`, `rediss://…` and
 * Valkey's `valkey://` / `valkeys://`, reading TLS as redis-py 6 and the
 * Node clients do:
 * - `rediss:`/`valkeys:` asks for TLS with certificate and host-name checks
 *   (redis-py 6: `ssl_cert_reqs=required`, `ssl_check_hostname=True`; ioredis
 *   and node-redis: Node's defaults): `verify-identity`;
 * - `ssl_cert_reqs=none` is `required` (redis-py then turns the host check
 *   off); `ssl_check_hostname=false` is `verify-ca`; `optional` checks like `required`;
 * - `ssl_ca_certs`, `ssl_certfile`, `ssl_keyfile`, `ssl_password`, `ssl_min_version` are honoured;
 * - redis-py's `ssl_*` parameters on a plain `redis://` URL are refused
 *   (redis-py's plain connection rejects them); CA directories, inline CA
 *   data and OCSP options are refused; `ssl_ciphers` is warned about;
 * - `?ssl-mode=` (or `sslmode=`) sets a dbtls mode explicitly;
 * - several nodes (`rediss://h1:7000,h2:7001`) name a Redis Cluster's seed
 *   list (`nodes`); the first is the target that is checked.
 *
 * @example
 * ```ts
 * parseRedisUrl('rediss://:pw@cache.example.com:6380/2').mode; // 'verify-identity'
 * parseRedisUrl('rediss://cache.example.com?ssl_cert_reqs=none').mode; // 'required'
 * parseRedisUrl('redis://localhost').port; // 6379
 * ```
 */
export function parseRedisUrl(input: string): RedisTarget {
  const url = input;
  const split = splitRedisNodes(input);
  const parts = parseUrlParts(split.url, { defaultPort: REDIS_DEFAULT_PORT });
  const scheme = parts.scheme.toLowerCase() as RedisScheme;
  if (!(REDIS_SCHEMES as readonly string[]).includes(scheme)) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a Redis URL (expected redis://, rediss://, valkey:// or valkeys://).`);
  }
  const tlsScheme = scheme === 'rediss' || scheme === 'valkeys';
  let db = 0;
  if (parts.database !== undefined) {
    if (!/^\d+$/.test(parts.database)) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": the path must be a database number such as /0, not "/${parts.database}".`);
    db = Number(parts.database);
  }
  const params = new Map<string, { name: string; value: string }>();
  for (const [name, value] of parts.params) {
    const key = name.toLowerCase();
    const previous = params.get(key);
    if (previous && previous.value !== value && key.startsWith('ssl')) throw new DbtlsError('invalid-url', `The URL gives ${name} twice with different values.`);
    params.set(key, { name, value });
  }
  const { mode: explicit, warnings } = readUrlMode(parts.params, tlsScheme ? { tlsScheme: scheme } : {});
  const explicitParam = ['ssl-mode', 'sslmode'].map((k) => params.get(k)).find(Boolean);
  const sources: Record<string, RedisSource> = {};
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const secrets: string[] = [];
  const py = [...params.entries()].filter(([k]) => k.startsWith('ssl_'));
  for (const [key, { name, value }] of py) {
    const why = REFUSED.get(key);
    if (why) throw new DbtlsError('invalid-url', `The URL parameter ${name}=${value.length > 40 ? `${value.slice(0, 40)}…` : value} is not supported: ${why}; dbtls refuses rather than ignore it.`);
  }
  if (py.length && !tlsScheme && !explicitParam) {
    throw new DbtlsError('invalid-url', `${py.map(([, p]) => p.name).join(', ')} on a plain ${scheme}:// URL: redis-py uses them only for TLS connections (its plain connection rejects them). Use ${scheme}s:// for TLS.`);
  }
  let mode = explicit;
  if (explicitParam) sources.mode = { from: 'parameter', parameter: explicitParam.name, value: explicitParam.value };
  else if (tlsScheme) sources.mode = { from: 'scheme', parameter: `${scheme}://`, note: 'TLS with certificate and host-name checks (redis-py 6 ssl_cert_reqs=required, ssl_check_hostname=True; ioredis and node-redis use Node.js defaults)' };
  const reqs = params.get('ssl_cert_reqs');
  const checkHost = params.get('ssl_check_hostname');
  if (reqs && !CERT_REQS.has(reqs.value.toLowerCase())) throw new DbtlsError('invalid-url', `ssl_cert_reqs=${reqs.value} is not one of redis-py's values (none, optional, required).`);
  const reqsValue = reqs ? CERT_REQS.get(reqs.value.toLowerCase()) : undefined;
  const hostOn = checkHost ? checkHost.value !== '' && !PY_FALSE.has(checkHost.value.toLowerCase()) : undefined;
  if (tlsScheme && !explicitParam && (reqs || checkHost)) {
    mode = reqsValue === 'none' ? 'required' : hostOn === false ? 'verify-ca' : 'verify-identity';
    const by = reqsValue === 'none' ? reqs! : hostOn === false ? checkHost! : (reqs ?? checkHost)!;
    sources.mode = { from: 'parameter', parameter: by.name, value: by.value, note: reqsValue === 'none' ? 'redis-py: no certificate check (the host check is turned off with it)' : hostOn === false ? 'redis-py: chain checked, host name not' : 'redis-py: chain and host name checked' };
    if (reqsValue === 'none' && hostOn === true) warnings.push(`${checkHost!.name}=${checkHost!.value} has no effect with ssl_cert_reqs=none: redis-py turns the host-name check off when no certificate is checked.`);
    if (reqsValue === 'optional') warnings.push('ssl_cert_reqs=optional checks the server certificate like "required" on a client connection (Python ssl CERT_OPTIONAL).');
  } else if (explicitParam && (reqs || checkHost)) {
    warnings.push(`${explicitParam.name}=${explicitParam.value} wins over ${[reqs?.name, checkHost?.name].filter(Boolean).join(' and ')}.`);
  }
  const file = (key: string, field: 'caFile' | 'certFile' | 'keyFile') => {
    const p = params.get(key);
    if (!p || !p.value) return;
    tls[field] = p.value;
    sources[field] = { from: 'parameter', parameter: p.name, value: p.value };
  };
  file('ssl_ca_certs', 'caFile');
  file('ssl_certfile', 'certFile');
  file('ssl_keyfile', 'keyFile');
  const password = params.get('ssl_password');
  if (password?.value) {
    tls.passphrase = password.value;
    secrets.push(password.value);
    sources.passphrase = { from: 'parameter', parameter: password.name };
  }
  const min = params.get('ssl_min_version');
  if (min?.value) {
    try {
      tls.minTlsVersion = parseTlsVersion(min.value.replace(/^(TLSVersion\.)?TLSv?1_/i, 'TLSv1.').replace(/^TLSv1\.0$/i, 'TLSv1'));
    } catch {
      throw new DbtlsError('invalid-url', `ssl_min_version=${min.value} is not a TLS version (use TLSv1_2 or TLSv1_3).`);
    }
    sources.minTlsVersion = { from: 'parameter', parameter: min.name, value: min.value };
  }
  const ciphers = params.get('ssl_ciphers');
  if (ciphers) warnings.push(`${ciphers.name} is not used: dbtls leaves the cipher choice to Node.js's defaults.`);
  const unknown = py.map(([k, p]) => ({ k, p })).filter(({ k }) => !['ssl_cert_reqs', 'ssl_check_hostname', 'ssl_ca_certs', 'ssl_certfile', 'ssl_keyfile', 'ssl_password', 'ssl_min_version', 'ssl_ciphers'].includes(k));
  if (unknown.length) warnings.push(`TLS-related parameters dbtls does not know were ignored: ${unknown.map(({ p }) => p.name).join(', ')}.`);
  if (mode === 'disabled' && py.length) warnings.push(`TLS is disabled, so ${py.map(([, p]) => p.name).join(', ')} ${py.length > 1 ? 'are' : 'is'} not used.`);

  const config: RedisTarget['config'] = { host: parts.host, port: parts.port, db };
  if (parts.user) config.username = parts.user;
  if (parts.password !== undefined) config.password = parts.password;
  if (parts.password) secrets.push(parts.password);
  let displayUrl = redactUrl(url);
  if (password?.value) displayUrl = displayUrl.split(encodeURIComponent(password.value)).join('***').split(password.value).join('***');
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    database: String(db),
    ...(mode ? { mode } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    displayUrl,
    secrets,
    warnings,
    scheme,
    config,
    sources,
    ...(split.nodes ? { nodes: split.nodes } : {}),
  };
}
