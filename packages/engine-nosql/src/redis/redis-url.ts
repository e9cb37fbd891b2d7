import { DbtlsError, parseUrlParts, readUrlMode, redactUrl, type EngineTarget } from '@dbtls/core';

/** Default Redis port (plain and TLS alike; TLS is usually served on a port of its own). */
export const REDIS_DEFAULT_PORT = 6379;

/** The URL schemes of the Redis engine: `redis:` (plain) and `rediss:` (TLS). */
export const REDIS_SCHEMES = ['redis', 'rediss'] as const;
/** One of {@link REDIS_SCHEMES}. */
export type RedisScheme = (typeof REDIS_SCHEMES)[number];

/** A parsed Redis URL: the target plus what ioredis needs besides TLS. */
export interface RedisTarget extends EngineTarget {
  scheme: RedisScheme;
  /** ioredis options without any TLS setting. */
  config: { host: string; port: number; username?: string; password?: string; db: number };
}

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` and `rediss://…`.
 * `rediss:` asks for TLS with the driver's own default, which validates chain
 * and host name: it reads as `verify-identity` unless a mode is given. A
 * `?ssl-mode=` (or `sslmode=`) parameter sets the mode explicitly.
 *
 * @example
 * ```ts
 * parseRedisUrl('rediss://:pw@cache.example.com:6380/2').mode; // 'verify-identity'
 * parseRedisUrl('redis://localhost').port; // 6379
 * ```
 */
export function parseRedisUrl(url: string): RedisTarget {
  const parts = parseUrlParts(url, { defaultPort: REDIS_DEFAULT_PORT });
  const scheme = parts.scheme.toLowerCase();
  if (scheme !== 'redis' && scheme !== 'rediss') {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a Redis URL (expected redis:// or rediss://).`);
  }
  let db = 0;
  if (parts.database !== undefined) {
    if (!/^\d+$/.test(parts.database)) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": the path must be a database number such as /0, not "/${parts.database}".`);
    db = Number(parts.database);
  }
  const { mode, warnings } = readUrlMode(parts.params, scheme === 'rediss' ? { tlsScheme: scheme } : {});
  const config: RedisTarget['config'] = { host: parts.host, port: parts.port, db };
  if (parts.user) config.username = parts.user;
  if (parts.password !== undefined) config.password = parts.password;
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    database: String(db),
    ...(mode ? { mode } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
    scheme,
    config,
  };
}
