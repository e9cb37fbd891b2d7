import { DbtlsError, parseUrlParts, readUrlMode, redactUrl, type EngineTarget } from '@dbtls/core';

/** ClickHouse's HTTP port (`http_port`), used by `clickhouse://` and `http://` URLs without a port. */
export const CLICKHOUSE_HTTP_PORT = 8123;
/** ClickHouse's HTTPS port (`https_port`), used by `https://` URLs without a port. */
export const CLICKHOUSE_HTTPS_PORT = 8443;

/** URL schemes registered for ClickHouse. `http:`/`https:` URLs are read too when the engine is named (`--engine clickhouse`). */
export const CLICKHOUSE_SCHEMES = ['clickhouse'] as const;

/** A parsed ClickHouse HTTP(S) interface URL. */
export interface ClickHouseTarget extends EngineTarget {
  scheme: string;
  /** What @clickhouse/client needs besides TLS. */
  config: { username?: string; password?: string; database: string };
}

/**
 * Parses `clickhouse://[user[:password]@]host[:port][/database]` and, with
 * `--engine clickhouse`, the `http://` and `https://` URLs of ClickHouse's
 * HTTP interface. HTTPS is served on a port of its own: `clickhouse://` and
 * `http://` default to 8123, `https://` to 8443 (and reads as
 * `verify-identity`, the client's own default). `?ssl-mode=` sets the mode.
 *
 * @example
 * ```ts
 * parseClickHouseUrl('https://default@ch.example.com/logs').port; // 8443
 * parseClickHouseUrl('clickhouse://localhost').port; // 8123
 * ```
 */
export function parseClickHouseUrl(url: string): ClickHouseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? '';
  if (!['clickhouse', 'http', 'https'].includes(scheme)) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a ClickHouse URL (expected clickhouse://, or http(s):// with --engine clickhouse).`);
  }
  const parts = parseUrlParts(url, { defaultPort: scheme === 'https' ? CLICKHOUSE_HTTPS_PORT : CLICKHOUSE_HTTP_PORT });
  const { mode, warnings } = readUrlMode(parts.params, scheme === 'https' ? { tlsScheme: scheme } : {});
  const database = parts.database ?? parts.params.get('database') ?? 'default';
  if (database.includes('/')) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": the path must be a database name, not "/${database}".`);
  const config: ClickHouseTarget['config'] = { database };
  if (parts.user) config.username = parts.user;
  if (parts.password !== undefined) config.password = parts.password;
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    database,
    ...(mode ? { mode } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
    scheme,
    config,
  };
}
