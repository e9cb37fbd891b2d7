import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DbtlsError, importDriver } from '@dbtls/core';

// The few driver members dbtls uses, typed here so that the published types
// never reference the optional peers.

/** The part of a better-sqlite3 `Database` dbtls uses. */
export interface SqliteDatabase {
  prepare(sql: string): { get(): unknown };
  close(): unknown;
}
/** The better-sqlite3 `Database` constructor. */
export type SqliteDatabaseConstructor = new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => SqliteDatabase;

/** The part of a `@duckdb/node-api` connection dbtls uses. */
export interface DuckdbConnection {
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
  interrupt?(): void;
  closeSync?(): void;
  disconnectSync?(): void;
}
/** The part of a `@duckdb/node-api` instance dbtls uses. */
export interface DuckdbInstance {
  connect(): Promise<DuckdbConnection>;
  closeSync?(): void;
}
/** The part of the `@duckdb/node-api` module dbtls uses. */
export interface DuckdbModule {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<DuckdbInstance> };
  version?(): string;
}

/** npm package of the SQLite driver. */
export const SQLITE_DRIVER = 'better-sqlite3' as const;
/** npm package of the DuckDB driver. */
export const DUCKDB_DRIVER = '@duckdb/node-api' as const;

const NATIVE_BROKEN = /Could not locate the bindings file|NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|cannot open shared object|Cannot find module '@duckdb\/node-bindings/i;

function nativeProblem(error: unknown, packageName: string, engineName: string): never {
  if (error instanceof Error && NATIVE_BROKEN.test(error.message)) {
    throw new DbtlsError(
      'driver-missing',
      `The ${engineName} engine's driver "${packageName}" is installed, but its native module is missing or was built for another Node.js version. Reinstall it with: npm rebuild ${packageName} (or npm install ${packageName}).`,
      { cause: error },
    );
  }
  throw error;
}

/**
 * Loads better-sqlite3 on first use; a missing package throws
 * `DbtlsError('driver-missing')` naming `npm install better-sqlite3`.
 *
 * @example
 * ```ts
 * const Database = await loadSqliteDriver();
 * ```
 */
export async function loadSqliteDriver(): Promise<SqliteDatabaseConstructor> {
  const mod = await importDriver(SQLITE_DRIVER, 'SQLite', () => import('better-sqlite3') as Promise<unknown>).catch((e: unknown) => nativeProblem(e, SQLITE_DRIVER, 'SQLite'));
  const m = mod as { default?: unknown };
  return (typeof m.default === 'function' ? m.default : mod) as SqliteDatabaseConstructor;
}

/**
 * Opens a better-sqlite3 database, turning a native module that cannot be
 * loaded (better-sqlite3 loads it on first open) into `driver-missing`.
 *
 * @example
 * ```ts
 * const db = openSqlite(Database, '/data/app.db', { readonly: true, fileMustExist: true });
 * ```
 */
export function openSqlite(Database: SqliteDatabaseConstructor, filename: string, options: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }): SqliteDatabase {
  try {
    return new Database(filename, options);
  } catch (error) {
    return nativeProblem(error, SQLITE_DRIVER, 'SQLite');
  }
}

/**
 * Loads @duckdb/node-api on first use; a missing package throws
 * `DbtlsError('driver-missing')` naming `npm install @duckdb/node-api`.
 *
 * @example
 * ```ts
 * const { DuckDBInstance } = await loadDuckdbDriver();
 * ```
 */
export async function loadDuckdbDriver(): Promise<DuckdbModule> {
  const mod = (await importDriver(DUCKDB_DRIVER, 'DuckDB', () => import('@duckdb/node-api') as Promise<unknown>).catch((e: unknown) => nativeProblem(e, DUCKDB_DRIVER, 'DuckDB'))) as DuckdbModule & { default?: DuckdbModule };
  return mod.DuckDBInstance ? mod : (mod.default as DuckdbModule);
}

/**
 * True when a driver package is installed where `import()` from this package
 * finds it, without importing it. Walks up the `node_modules` folders as ESM
 * resolution does (which, unlike `require.resolve`, ignores `NODE_PATH`);
 * under Yarn Plug'n'Play it asks `require.resolve`.
 *
 * @example
 * ```ts
 * isResolvable('better-sqlite3'); // true when installed
 * ```
 */
export function isResolvable(packageName: string, from: string = fileURLToPath(import.meta.url)): boolean {
  if ((process.versions as Record<string, string | undefined>).pnp) {
    try {
      createRequire(from).resolve(packageName);
      return true;
    } catch {
      return false;
    }
  }
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'node_modules', packageName, 'package.json'))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
