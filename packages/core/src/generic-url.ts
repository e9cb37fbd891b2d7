import { DbtlsError } from './dbtls-error.js';
import type { EngineTarget } from './engine.js';
import { redactUrl } from './redact.js';

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
