import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { DbtlsError, parseSslMode, redactUrl, type EngineTarget } from '@dbtls/core';

/** The special file name both SQLite and DuckDB use for an in-memory database. */
export const MEMORY_PATH = ':memory:' as const;

/**
 * URL query parameters that name a TLS setting in some other engine's URLs.
 * They do not apply to an embedded database; a URL carrying one gets a warning.
 */
export const TLS_URL_PARAMETERS = [
  'sslmode',
  'ssl-mode',
  'ssl_mode',
  'ssl',
  'tls',
  'encrypt',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'ca',
  'cert',
  'key',
  'tlscafile',
  'tlscertificatekeyfile',
] as const;

/** Where an embedded database lives, as read from a URL. */
export interface EmbeddedLocation {
  /** `memory` for `:memory:`, else `file`. */
  kind: 'file' | 'memory';
  /** Absolute path of the file, or `:memory:`. */
  path: string;
  /** The path as written in the URL (after percent-decoding in the `//` form). */
  written: string;
  /** Query parameters found after `?`. */
  params: URLSearchParams;
}

/** What {@link parseEmbeddedLocation} needs to know about the engine. */
export interface EmbeddedUrlOptions {
  /** Display name used in messages, e.g. `SQLite`. */
  displayName: string;
  /** The engine's schemes, e.g. `['sqlite', 'sqlite3']`. `file:` is always accepted too. */
  schemes: readonly string[];
  /** Directory relative paths are resolved against. Default: `process.cwd()`. */
  cwd?: string;
}

function decode(text: string, url: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" has a malformed percent-escape in its path.`);
  }
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/**
 * Reads the database location from an embedded-engine URL. Accepted forms:
 * `scheme:relative/path`, `scheme:/absolute/path`, `scheme:///absolute/path`
 * (also `scheme://localhost/absolute/path`), `scheme://./relative/path`,
 * `scheme::memory:`, the same with `file:` instead of the engine's scheme,
 * and a bare path. A leading `~/` means the home directory. Percent-escapes
 * are decoded in the `//` forms only; `?` starts the query in every form.
 *
 * Throws `DbtlsError('invalid-url')` when the URL names a host (an embedded
 * database has none), a user or password, or no path at all.
 *
 * @example
 * ```ts
 * parseEmbeddedLocation('sqlite:///var/lib/app.db', { displayName: 'SQLite', schemes: ['sqlite'] }).path; // '/var/lib/app.db'
 * parseEmbeddedLocation('sqlite::memory:', { displayName: 'SQLite', schemes: ['sqlite'] }).kind; // 'memory'
 * ```
 */
export function parseEmbeddedLocation(url: string, options: EmbeddedUrlOptions): EmbeddedLocation {
  const { displayName } = options;
  const shown = redactUrl(url);
  const input = url.trim();
  const schemes = [...options.schemes, 'file'].map((s) => s.toLowerCase());
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(input);
  let rest: string;
  if (match && schemes.includes(match[1]!.toLowerCase())) {
    rest = input.slice(match[0].length);
  } else if (match && match[1]!.length > 1) {
    throw new DbtlsError('invalid-url', `"${shown}" is not a ${displayName} URL: use ${options.schemes[0]}:path/to/file, ${options.schemes[0]}:///absolute/path or ${options.schemes[0]}::memory:.`);
  } else {
    rest = input; // a bare path (given with --engine)
  }
  const q = rest.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? rest.slice(q + 1).replace(/#.*$/, '') : '');
  let pathPart = q >= 0 ? rest.slice(0, q) : rest.replace(/#.*$/, '');

  let written: string;
  if (pathPart.startsWith('//')) {
    const slash = pathPart.indexOf('/', 2);
    const authority = slash < 0 ? pathPart.slice(2) : pathPart.slice(2, slash);
    const after = slash < 0 ? '' : pathPart.slice(slash);
    if (authority !== '' && pathPart.slice(2).includes('@')) {
      throw new DbtlsError('invalid-url', `"${shown}" has a user or password, but ${displayName} is an embedded database with no login: name only the file, e.g. ${options.schemes[0]}:///absolute/path.`);
    } else if (authority === '' || authority.toLowerCase() === 'localhost') {
      written = decode(after, url);
    } else if (authority === '.' || authority === '..' || authority === '~') {
      written = decode(authority + after, url);
    } else if (authority === MEMORY_PATH) {
      written = MEMORY_PATH;
    } else if (authority.includes('@')) {
      throw new DbtlsError('invalid-url', `"${shown}" has a user or password, but ${displayName} is an embedded database with no login: name only the file, e.g. ${options.schemes[0]}:///absolute/path.`);
    } else {
      throw new DbtlsError(
        'invalid-url',
        `"${shown}" names the host "${authority}", but ${displayName} is an embedded database with no network protocol: it opens a file on this machine. Write ${options.schemes[0]}:${authority}${after} for a relative path or ${options.schemes[0]}:///absolute/path.`,
      );
    }
  } else {
    written = pathPart;
  }
  if (written === '' || written === '/') {
    throw new DbtlsError('invalid-url', `"${shown}" names no database file: use ${options.schemes[0]}:path/to/file or ${options.schemes[0]}::memory: for an in-memory database.`);
  }
  if (written === MEMORY_PATH) return { kind: 'memory', path: MEMORY_PATH, written, params };
  return { kind: 'file', path: resolve(options.cwd ?? process.cwd(), expandHome(written)), written, params };
}

/**
 * Builds the {@link EngineTarget} of an embedded database: `host` is the
 * absolute file path (or `:memory:`), the place the user needs to see, and
 * `port` is 0. TLS parameters in the URL and unknown parameters each give a
 * warning; nothing in the URL changes how the file is opened.
 *
 * @example
 * ```ts
 * embeddedTarget(parseEmbeddedLocation('sqlite:app.db', o), 'sqlite:app.db', o).host; // '/current/dir/app.db'
 * ```
 */
export function embeddedTarget(location: EmbeddedLocation, url: string, options: EmbeddedUrlOptions): EngineTarget {
  const warnings: string[] = [];
  const keys = [...new Set(location.params.keys())];
  const tls = keys.filter((k) => (TLS_URL_PARAMETERS as readonly string[]).includes(k.toLowerCase()));
  const other = keys.filter((k) => !tls.includes(k));
  // A mode that is not a mode is bad input wherever it is written, even where no mode applies.
  for (const key of tls.filter((k) => ['sslmode', 'ssl-mode', 'ssl_mode'].includes(k.toLowerCase()))) {
    for (const value of location.params.getAll(key)) {
      try {
        parseSslMode(value);
      } catch (error) {
        throw new DbtlsError('invalid-url', `The URL's ${key}: ${(error as Error).message}`);
      }
    }
  }
  if (tls.length) {
    warnings.push(`${options.displayName} has no network protocol: the URL's TLS parameter${tls.length > 1 ? 's' : ''} ${tls.map((k) => `"${k}"`).join(', ')} ${tls.length > 1 ? 'do' : 'does'} not apply and ${tls.length > 1 ? 'were' : 'was'} ignored.`);
  }
  if (other.length) {
    warnings.push(`The URL parameter${other.length > 1 ? 's' : ''} ${other.map((k) => `"${k}"`).join(', ')} ${other.length > 1 ? 'were' : 'was'} ignored: dbtls always opens ${options.displayName} databases read-only, with the driver's defaults otherwise.`);
  }
  return { host: location.path, port: 0, displayUrl: redactUrl(url), secrets: [], warnings };
}
