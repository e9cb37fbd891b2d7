import { DbtlsError, defineEngine, redactUrl, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureDuckdb } from './embedded-configure.js';
import { embeddedFallback, embeddedNotes } from './embedded-common.js';
import { DUCKDB_ERROR_PATTERNS, embeddedDiagnose } from './embedded-diagnose.js';
import { DUCKDB_DRIVER, isResolvable, loadDuckdbDriver, type DuckdbConnection, type DuckdbInstance } from './embedded-drivers.js';
import { assertDatabaseFile, sniffDatabaseFormat, type DatabaseFormat } from './embedded-file.js';
import { embeddedTarget, MEMORY_PATH, parseEmbeddedLocation, type EmbeddedUrlOptions } from './embedded-url.js';

const URL_OPTIONS: EmbeddedUrlOptions = { displayName: 'DuckDB', schemes: ['duckdb'] };

/**
 * The DuckDB configuration dbtls opens a file with: read-only, and no
 * extension is installed or loaded (installing one downloads it over the
 * network; loading one could open network connections of its own).
 */
export const DUCKDB_READ_ONLY_CONFIG = {
  access_mode: 'READ_ONLY',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
} as const;

/** In-memory databases cannot be read-only; extensions stay off. */
const DUCKDB_MEMORY_CONFIG = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
} as const;

function notDuckdb(path: string, format: DatabaseFormat): Error {
  const why =
    format === 'sqlite'
      ? `it is a SQLite database: connect with sqlite:${path}`
      : format === 'empty'
        ? 'it is an empty file'
        : 'a DuckDB database file has "DUCK" at byte 8 of its header, and this file does not';
  return Object.assign(new Error(`"${path}" is not a DuckDB database (${why}).`), { code: format === 'sqlite' ? 'DUCKDB_SQLITE_FILE' : 'DUCKDB_NOT_A_DATABASE' });
}

async function connectDuckdb(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const path = ctx.target.host;
  const memory = path === MEMORY_PATH;
  if (!memory) {
    assertDatabaseFile(path, 'DuckDB');
    // DuckDB opens some files that are no database (CSV, Parquet...) as data
    // in an in-memory database, and SQLite files through an extension: check
    // the header first, so that only a DuckDB database file is opened.
    const format = sniffDatabaseFormat(path);
    if (format !== 'duckdb') throw notDuckdb(path, format);
  }
  const { DuckDBInstance } = await loadDuckdbDriver();
  if (ctx.signal.aborted) throw ctx.signal.reason;
  let instance: DuckdbInstance | undefined;
  let connection: DuckdbConnection | undefined;
  const onAbort = () => connection?.interrupt?.();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    instance = await DuckDBInstance.create(path, { ...(memory ? DUCKDB_MEMORY_CONFIG : DUCKDB_READ_ONLY_CONFIG) });
    if (ctx.signal.aborted) throw ctx.signal.reason;
    connection = await instance.connect();
    const rows = (await connection.runAndReadAll('SELECT version() AS version')).getRowObjects();
    const version = String(rows[0]?.version ?? '');
    return { encrypted: false, fellBack: false, tls: null, serverVersion: `DuckDB ${version}` };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    // Closing also runs when the attempt was abandoned on timeout or abort.
    try {
      connection?.closeSync?.() ?? connection?.disconnectSync?.();
    } finally {
      instance?.closeSync?.();
    }
  }
}

/**
 * DuckDB through @duckdb/node-api. There is no network protocol, so no TLS
 * mode applies: a mode or certificate given is reported as a warning and the
 * database still opens. `connect` opens the file read-only with extension
 * loading off (never creating it), runs `SELECT version()` and closes it.
 *
 * URLs: `duckdb:relative/path.duckdb`, `duckdb:/absolute/path.duckdb`,
 * `duckdb:///absolute/path.duckdb`, `duckdb::memory:` (`file:` and bare paths
 * with `--engine duckdb`). MotherDuck (`md:`) is a network service and is
 * refused. The target's host is the absolute file path; the port is 0.
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { duckdbEngine } from '@dbtls/engine-embedded';
 * const result = await connect(duckdbEngine, { url: 'duckdb:./analytics.duckdb' });
 * if (result.ok) console.log(result.serverVersion); // 'DuckDB v1.5.6'
 * ```
 */
export const duckdbEngine: EngineDefinition = defineEngine({
  id: 'duckdb',
  displayName: 'DuckDB',
  schemes: URL_OPTIONS.schemes,
  defaultMode: 'not-applicable',
  fallback: embeddedFallback('DuckDB'),
  guidance:
    'DuckDB is an embedded database with no network protocol, so TLS does not apply: protect the file with file-system permissions. dbtls opens the file read-only with extension loading switched off (so nothing is downloaded), never creates it, and checks that it is a DuckDB database. Remote data (httpfs, MotherDuck) has TLS of its own that dbtls does not check.',
  drivers: [DUCKDB_DRIVER],
  errorPatterns: DUCKDB_ERROR_PATTERNS,
  parseUrl(url) {
    const location = parseEmbeddedLocation(url, URL_OPTIONS);
    if (/^(md|motherduck):/i.test(location.written)) {
      throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names a MotherDuck database: MotherDuck is a network service reached through a DuckDB extension, whose TLS dbtls cannot see or set. dbtls checks local DuckDB files only.`);
    }
    return embeddedTarget(location, url, URL_OPTIONS);
  },
  driverOptions(input) {
    const path = input.host ?? '<path>';
    const memory = path === MEMORY_PATH;
    const equivalents: Record<string, string> = memory ? { duckdb: 'duckdb' } : { duckdb: `duckdb -readonly ${path}`, SQL: `ATTACH '${path}' (READ_ONLY)` };
    return {
      driver: DUCKDB_DRIVER,
      options: { path, ...(memory ? DUCKDB_MEMORY_CONFIG : DUCKDB_READ_ONLY_CONFIG) },
      urlParameters: null,
      equivalents,
      notes: [
        ...embeddedNotes('DuckDB', DUCKDB_DRIVER, input),
        memory
          ? 'An in-memory database is created empty and discarded on close; it cannot be opened read-only.'
          : 'DuckDBInstance.create(path, options): READ_ONLY never creates the file (dbtls also checks that it exists first) and lets other read-only processes open it at the same time.',
        'Extensions are neither installed nor loaded, so opening the database makes no network connection.',
      ],
    };
  },
  connect: connectDuckdb,
  configure: configureDuckdb,
  diagnose: embeddedDiagnose(DUCKDB_ERROR_PATTERNS),
  isAvailable: () => isResolvable(DUCKDB_DRIVER),
});
