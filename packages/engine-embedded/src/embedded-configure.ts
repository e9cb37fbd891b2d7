import type { EngineClientConfig, EngineConfigureContext } from '@dbtls/core';
import { DUCKDB_DRIVER, loadDuckdbDriver, loadSqliteDriver, openSqlite, SQLITE_DRIVER } from './embedded-drivers.js';
import { assertDatabaseFile } from './embedded-file.js';
import { MEMORY_PATH } from './embedded-url.js';

const NO_TLS = (name: string) => `${name} is embedded: there is no network connection, so TLS and its modes do not apply. Protect the file with file-system permissions.`;

/**
 * The better-sqlite3 `new Database(...)` arguments for a SQLite URL: the file
 * (which must exist: `fileMustExist`) and the lock timeout. TLS does not
 * apply, and the configuration says so in `notes`.
 *
 * @example
 * ```ts
 * const cfg = await configure(sqliteEngine, { url: 'sqlite:./app.db' });
 * const db = new Database(...cfg.args);
 * ```
 */
export async function configureSqlite(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const path = ctx.target.host;
  const memory = path === MEMORY_PATH;
  if (!memory) assertDatabaseFile(path, 'SQLite');
  const options: Record<string, unknown> = memory ? {} : { fileMustExist: true, timeout: ctx.timeoutMs };
  return {
    driver: SQLITE_DRIVER,
    args: [path, options],
    options,
    notes: [NO_TLS('SQLite')],
    async open() {
      const db = openSqlite(await loadSqliteDriver(), path, options);
      db.prepare('SELECT sqlite_version()').get();
      return { client: db, close: async () => void db.close() };
    },
  };
}

/**
 * The `DuckDBInstance.create(...)` arguments of @duckdb/node-api for a DuckDB
 * URL. TLS does not apply, and the configuration says so in `notes`.
 *
 * @example
 * ```ts
 * const cfg = await configure(duckdbEngine, { url: 'duckdb:./analytics.duckdb' });
 * const instance = await DuckDBInstance.create(...cfg.args);
 * ```
 */
export async function configureDuckdb(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const path = ctx.target.host;
  if (path !== MEMORY_PATH) assertDatabaseFile(path, 'DuckDB');
  const options: Record<string, string> = {};
  return {
    driver: DUCKDB_DRIVER,
    args: [path, options],
    options,
    notes: [NO_TLS('DuckDB')],
    async open() {
      const { DuckDBInstance } = await loadDuckdbDriver();
      const instance = await DuckDBInstance.create(path, options);
      const connection = await instance.connect();
      await connection.runAndReadAll('SELECT 1');
      connection.closeSync?.() ?? connection.disconnectSync?.();
      return { client: instance, close: async () => instance.closeSync?.() };
    },
  };
}
