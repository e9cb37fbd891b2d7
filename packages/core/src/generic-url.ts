import { DbtlsError } from './dbtls-error.js';
import type { EngineTarget } from './engine.js';
import { redactUrl } from './redact.js';
import { parseSslMode, type SslMode } from './ssl-mode.js';

/** A URL split into the parts engines need. */
export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
  params: URLSearchParams;
}

/**
 * Parses `scheme://user:pass@host:port/db?params` with WHATWG URL rules,
 * throwing `DbtlsError('invalid-url')` (with the password masked) when it is
 * malformed or has no host.
 *
 * @example
 * ```ts
 * parseUrlParts('redis://:pw@localhost:6380/0', { defaultPort: 6379 }).port; // 6380
 * ```
 */
export function parseUrlParts(url: string, options: { defaultPort: number; defaultHost?: string }): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a valid URL.`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || options.defaultHost;
  if (!host) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names no host.`);
  const port = parsed.port ? Number(parsed.port) : options.defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" has an invalid port.`);
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    scheme: parsed.protocol.replace(/:$/, ''),
    host,
    port,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(path ? { database: path } : {}),
    params: parsed.searchParams,
  };
}

/**
 * A minimal {@link EngineTarget} from a URL, for engines with nothing special
 * in their URLs.
 *
 * @example
 * ```ts
 * parseGenericUrl('mydb://localhost', { defaultPort: 7000 }).host; // 'localhost'
 * ```
 */
export function parseGenericUrl(url: string, options: { defaultPort: number }): EngineTarget {
  const parts = parseUrlParts(url, options);
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    ...(parts.database ? { database: parts.database } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings: [],
  };
}

/**
 * Reads a mode from a URL's query (`ssl-mode=` or `sslmode=` by default, any
 * accepted spelling). A TLS scheme (`rediss:`, `https:` …) passed as
 * `tlsScheme` implies `verify-identity` when no mode is given, and an explicit
 * `disabled` with it is a warning. A bad value is `DbtlsError('invalid-url')`.
 *
 * @example
 * ```ts
 * readUrlMode(new URL('rediss://h?ssl-mode=required').searchParams, { tlsScheme: 'rediss' }); // { mode: 'required', warnings: [] }
 * ```
 */
export function readUrlMode(params: URLSearchParams, options: { names?: readonly string[]; tlsScheme?: string } = {}): { mode?: SslMode; warnings: string[] } {
  let mode: SslMode | undefined = options.tlsScheme ? 'verify-identity' : undefined;
  for (const name of options.names ?? ['ssl-mode', 'sslmode']) {
    const value = params.get(name);
    if (value === null) continue;
    try {
      mode = parseSslMode(value);
    } catch (error) {
      throw new DbtlsError('invalid-url', `The URL's ${name}: ${(error as Error).message}`);
    }
    break;
  }
  const warnings =
    options.tlsScheme && mode === 'disabled' ? [`${options.tlsScheme}:// asks for TLS, but the URL says ssl-mode=disabled: the connection is not encrypted.`] : [];
  return { ...(mode ? { mode } : {}), warnings };
}
