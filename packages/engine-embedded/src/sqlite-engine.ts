import { defineEngine, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureSqlite } from './embedded-configure.js';
import { embeddedFallback, embeddedNotes, TIMEOUT_PLACEHOLDER } from './embedded-common.js';
import { embeddedDiagnose, SQLITE_ERROR_PATTERNS } from './embedded-diagnose.js';
import { isResolvable, loadSqliteDriver, openSqlite, SQLITE_DRIVER, type SqliteDatabase } from './embedded-drivers.js';
import { assertDatabaseFile, existingFiles, sniffDatabaseFormat } from './embedded-file.js';
import { embeddedTarget, MEMORY_PATH, parseEmbeddedLocation, type EmbeddedUrlOptions } from './embedded-url.js';

const URL_OPTIONS: EmbeddedUrlOptions = { displayName: 'SQLite', schemes: ['sqlite', 'sqlite3'] };

/** Adds what the file's header says to SQLite's bare "file is not a database". */
function enrich(error: unknown, path: string): unknown {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code !== 'SQLITE_NOTADB') return error;
  const format = sniffDatabaseFormat(path);
  const hint = format === 'duckdb' ? ' It is a DuckDB database: connect with duckdb:' + path + '.' : '';
  return Object.assign(new Error(`"${path}" is not a SQLite database (${String(e.message)}).${hint}`, { cause: error }), { code: 'SQLITE_NOTADB' });
}

async function connectSqlite(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const path = ctx.target.host;
  const memory = path === MEMORY_PATH;
  if (!memory) assertDatabaseFile(path, 'SQLite');
  const Database = await loadSqliteDriver();
  if (ctx.signal.aborted) throw ctx.signal.reason;
  // A reader of a WAL-mode database makes SQLite create -wal and -shm beside it.
  const companions = memory ? [] : [`${path}-wal`, `${path}-shm`, `${path}-journal`];
  const before = existingFiles(companions);
  let db: SqliteDatabase | undefined;
  let version: string;
  try {
    // readonly never creates the file; fileMustExist makes that explicit.
    // In-memory databases cannot be read-only: they are new and empty anyway.
    // `timeout` bounds the wait for a writer's lock (the open is synchronous).
    db = openSqlite(Database, path, memory ? {} : { readonly: true, fileMustExist: true, timeout: ctx.timeoutMs });
    // Reading sqlite_master makes SQLite read the file header, so a file that
    // is not a database fails here (sqlite_version() alone would not).
    const row = db.prepare('SELECT sqlite_version() AS version, (SELECT count(*) FROM sqlite_master) AS objects').get() as { version: string };
    version = row.version;
  } catch (error) {
    throw enrich(error, path);
  } finally {
    db?.close();
  }
  const created = existingFiles(companions).filter((f) => !before.includes(f));
  if (created.length) {
    ctx.warn(`The database is in WAL mode: SQLite created ${created.map((f) => `"${f}"`).join(' and ')} beside it, as it does for every reader; the database itself was not changed.`);
  }
  if (!memory && sniffDatabaseFormat(path) === 'empty') {
    ctx.warn(`"${path}" is an empty file: SQLite opens it as an empty database.`);
  }
  return { encrypted: false, fellBack: false, tls: null, serverVersion: `SQLite ${version}` };
}

/**
 * SQLite through better-sqlite3. There is no network protocol, so no TLS mode
 * applies: a mode or certificate given is reported as a warning and the
 * database still opens. `connect` opens the file read-only (never creating
 * it), reads its schema table and closes it.
 *
 * URLs: `sqlite:relative/path.db`, `sqlite:/absolute/path.db`,
 * `sqlite:///absolute/path.db`, `sqlite::memory:` (`sqlite3:` too; `file:`
 * and bare paths with `--engine sqlite`). The target's host is the absolute
 * file path; the port is 0.
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { sqliteEngine } from '@dbtls/engine-embedded';
 * const result = await connect(sqliteEngine, { url: 'sqlite:./app.db' });
 * if (result.ok) console.log(result.serverVersion); // 'SQLite 3.53.2'
 * ```
 */
export const sqliteEngine: EngineDefinition = defineEngine({
  id: 'sqlite',
  displayName: 'SQLite',
  schemes: URL_OPTIONS.schemes,
  aliases: ['sqlite3'],
  defaultMode: 'not-applicable',
  fallback: embeddedFallback('SQLite'),
  guidance:
    'SQLite is an embedded database with no network protocol, so TLS does not apply: protect the file with file-system permissions, and encrypt it at rest (for example with SQLCipher) if needed. dbtls opens the file read-only, never creates it, and checks that it is a SQLite database.',
  drivers: [SQLITE_DRIVER],
  errorPatterns: SQLITE_ERROR_PATTERNS,
  parseUrl(url) {
    return embeddedTarget(parseEmbeddedLocation(url, URL_OPTIONS), url, URL_OPTIONS);
  },
  driverOptions(input) {
    const filename = input.host ?? '<path>';
    const memory = filename === MEMORY_PATH;
    const equivalents: Record<string, string> = memory ? { sqlite3: 'sqlite3 :memory:' } : { sqlite3: `sqlite3 -readonly ${filename}`, 'SQLite URI': `file:${filename}?mode=ro` };
    return {
      driver: SQLITE_DRIVER,
      options: memory ? { filename } : { filename, readonly: true, fileMustExist: true, timeout: TIMEOUT_PLACEHOLDER },
      urlParameters: null,
      equivalents,
      notes: [
        ...embeddedNotes('SQLite', SQLITE_DRIVER, input),
        memory
          ? 'An in-memory database is created empty and discarded on close; it cannot be opened read-only.'
          : 'The file is opened read-only and must exist (fileMustExist): dbtls never creates a database. timeout bounds the wait for another writer\'s lock.',
      ],
    };
  },
  connect: connectSqlite,
  configure: configureSqlite,
  diagnose: embeddedDiagnose(SQLITE_ERROR_PATTERNS),
  isAvailable: () => isResolvable(SQLITE_DRIVER),
});
