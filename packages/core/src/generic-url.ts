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
  const path = decodeUrlComponent(parsed.pathname.replace(/^\//, ''), 'path', url);
  refuseConflictingTlsParams(parsed.searchParams, url);
  return {
    scheme: parsed.protocol.replace(/:$/, ''),
    host,
    port,
    ...(parsed.username ? { user: decodeUrlComponent(parsed.username, 'user name', url) } : {}),
    ...(parsed.password ? { password: decodeUrlComponent(parsed.password, 'password', url) } : {}),
    ...(path ? { database: path } : {}),
    params: parsed.searchParams,
  };
}

/**
 * `decodeURIComponent` for one part of a URL, where a malformed escape
 * (`%zz`, a lone `%`) is bad input naming the part, with the URL masked,
 * instead of a `URIError`.
 *
 * @example
 * ```ts
 * decodeUrlComponent('p%40ss', 'password', 'redis://:p%40ss@h'); // 'p@ss'
 * decodeUrlComponent('p%zz', 'password', 'redis://:p%zz@h');     // throws DbtlsError('invalid-url')
 * ```
 */
export function decodeUrlComponent(text: string, part: string, url: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DbtlsError('invalid-url', `The ${part} in "${redactUrl(url)}" has a malformed percent-escape (a "%" must be followed by two hex digits; write %25 for a literal "%").`);
  }
}

/** Query parameters whose repetition with different values changes what TLS does. */
const TLS_PARAM = /ssl|tls|secure|verify|encrypt|cert|trust|insecure|server_?name|servername|wallet|dn_match|^ca$|ca_?file|ca_?certs/i;

/**
 * Refuses a TLS-related query parameter given an empty value or given twice with different values
 * (`?ssl-mode=disabled&ssl-mode=required`): the clients of these URLs either
 * have no rule for repeats or disagree (first wins in Go, last in others), so
 * dbtls refuses rather than pick the weaker one. Engines whose own client has
 * a rule (libpq: the last value wins) read their URLs themselves.
 *
 * @example
 * ```ts
 * refuseConflictingTlsParams(new URLSearchParams('secure=true&secure=false'), 'clickhouse://h'); // throws DbtlsError('invalid-url')
 * ```
 */
export function refuseConflictingTlsParams(params: URLSearchParams, url: string): void {
  for (const key of new Set(params.keys())) {
    const values = new Set(params.getAll(key));
    // A bare `secure` is clickhouse-go's spelling of secure=true (TLS on): the one empty value with a meaning.
    if (values.has('') && TLS_PARAM.test(key) && key !== 'secure') {
      throw new DbtlsError('invalid-url', `"${redactUrl(url)}" gives ${key} an empty value; give a value or leave the parameter out.`);
    }
    if (values.size > 1 && TLS_PARAM.test(key)) {
      throw new DbtlsError('invalid-url', `"${redactUrl(url)}" gives ${key} twice with different values; this client has no rule for which one counts, so dbtls refuses rather than guess. Keep one.`);
    }
  }
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
