import { readingFromTarget, type ConnectionReading, type EngineDefinition, type LostItem, type SslMode, type TargetOutput, type TranslateTarget } from '@dbtls/core';
import { parseRedisUrl } from './redis-url.js';

/**
 * Reads a `redis://`, `rediss://`, `valkey://` or `valkeys://` URL with
 * redis-py 6's and the Node clients' rules into a {@link ConnectionReading};
 * undefined for other strings.
 *
 * @example
 * ```ts
 * readRedisConnectionString(redisEngine, 'rediss://h?ssl_cert_reqs=none')?.mode.value; // 'required'
 * ```
 */
export function readRedisConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  if (!/^(redis|rediss|valkey|valkeys):\/\//i.test(input.trim())) return undefined;
  const target = parseRedisUrl(input);
  return readingFromTarget(engine, target, {
    client: { id: 'redis-py', name: 'redis-py 6 / ioredis / node-redis URL', syntax: 'URL', reason: `the ${target.scheme}:// scheme` },
    sources: target.sources,
    ...(target.config.password !== undefined ? { password: target.config.password } : {}),
  });
}

function redisAuth(reading: ConnectionReading): string {
  const enc = encodeURIComponent;
  if (reading.user === undefined && reading.password === undefined) return '';
  return `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@`;
}

/**
 * `redis-py`: a redis-py 6 URL (`rediss://…?ssl_cert_reqs=…&ssl_check_hostname=…&ssl_ca_certs=…`).
 *
 * @example
 * ```ts
 * REDIS_PY_TARGET.write(reading).text; // 'rediss://:pw@cache:6380/0?ssl_check_hostname=false&ssl_ca_certs=/etc/ca.pem'
 * ```
 */
export const REDIS_PY_TARGET: TranslateTarget = {
  id: 'redis-py',
  displayName: 'redis-py 6',
  description: 'redis:// or rediss://…?ssl_cert_reqs=…&ssl_check_hostname=…&ssl_ca_certs=… for redis.Redis.from_url (Python)',
  engines: ['redis'],
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const source = reading.mode.value;
    const first = reading.hosts[0]!;
    const params: [string, string][] = [];
    let mode: SslMode = source;
    let scheme = 'redis';
    if (source !== 'disabled') {
      scheme = 'rediss';
      if (source === 'preferred' || source === 'required') {
        params.push(['ssl_cert_reqs', 'none']);
        mode = 'required';
        if (source === 'preferred') lost.push({ parameter: 'mode', what: 'redis-py has no plain-text fallback: "preferred" becomes required', weakens: false });
      } else if (source === 'verify-ca') params.push(['ssl_check_hostname', 'false']);
      if (reading.caFile && mode !== 'required') params.push(['ssl_ca_certs', reading.caFile.value]);
      if (reading.certFile) params.push(['ssl_certfile', reading.certFile.value]);
      if (reading.keyFile) params.push(['ssl_keyfile', reading.keyFile.value]);
      if (reading.passphrase) params.push(['ssl_password', reading.passphrase.value]);
      if (reading.minTlsVersion && reading.minTlsVersion.value !== 'TLSv1.2') params.push(['ssl_min_version', reading.minTlsVersion.value.replace('.', '_').replace(/^TLSv1$/, 'TLSv1_0')]);
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: 'redis-py URLs cannot name a CRL file', weakens: true });
      if (reading.servername && reading.servername.value !== first.host) lost.push({ parameter: reading.servername.source.parameter ?? 'servername', what: 'redis-py verifies the host it connects to; it cannot be told another name', weakens: mode === 'verify-identity' });
    }
    const db = reading.database && reading.database !== '0' ? `/${reading.database}` : '/0';
    const host = first.host.includes(':') ? `[${first.host}]` : first.host;
    const enc = (v: string) => encodeURIComponent(v).replace(/%2F/g, '/');
    return { text: `${scheme}://${redisAuth(reading)}${host}:${first.port}${db}${params.length ? `?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}` : ''}`, mode, lost };
  },
};

/**
 * `ioredis`: the options object for `new Redis(options)` as JSON (ioredis's
 * URL cannot carry TLS options: `rediss://` only).
 *
 * @example
 * ```ts
 * IOREDIS_TARGET.write(reading).text; // '{"host":"cache","port":6380,"password":"pw","db":0,"tls":{"rejectUnauthorized":false}}'
 * ```
 */
export const IOREDIS_TARGET: TranslateTarget = {
  id: 'ioredis',
  displayName: 'ioredis options',
  description: 'the JSON options object for new Redis(options) (ioredis; node-redis takes the same tls keys under socket)',
  engines: ['redis'],
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const source = reading.mode.value;
    const first = reading.hosts[0]!;
    const options: Record<string, unknown> = { host: first.host, port: first.port };
    if (reading.user !== undefined) options.username = reading.user;
    if (reading.password !== undefined) options.password = reading.password;
    options.db = Number(reading.database ?? 0) || 0;
    let mode: SslMode = source;
    if (source !== 'disabled') {
      const tls: Record<string, unknown> = {};
      if (source === 'preferred' || source === 'required') {
        tls.rejectUnauthorized = false;
        mode = 'required';
        if (source === 'preferred') lost.push({ parameter: 'mode', what: 'ioredis has no plain-text fallback: "preferred" becomes required', weakens: false });
      } else if (source === 'verify-ca') {
        mode = 'verify-identity';
        lost.push({ parameter: 'mode', what: 'a chain-only check needs tls.checkServerIdentity: () => undefined in code (not JSON); written as verify-identity', weakens: false });
      }
      if (reading.servername) tls.servername = reading.servername.value;
      if (reading.minTlsVersion && reading.minTlsVersion.value !== 'TLSv1.2') tls.minVersion = reading.minTlsVersion.value;
      if (reading.maxTlsVersion) tls.maxVersion = reading.maxTlsVersion.value;
      if (reading.caFile && mode !== 'required') lost.push({ parameter: reading.caFile.source.parameter ?? 'caFile', what: `ioredis takes the CA's contents: add tls.ca = fs.readFileSync('${reading.caFile.value}') in code (the JSON alone checks against Node's bundled roots)`, weakens: true });
      if (reading.certFile || reading.keyFile) lost.push({ parameter: 'certFile', what: 'ioredis takes the client certificate and key contents (tls.cert, tls.key) in code', weakens: false });
      if (reading.passphrase) tls.passphrase = reading.passphrase.value;
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: 'ioredis takes CRL contents (tls.crl) in code, not a path', weakens: true });
      options.tls = tls;
    }
    return { text: JSON.stringify(options), mode, lost };
  },
};
