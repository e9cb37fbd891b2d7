import { existsSync, readFileSync } from 'node:fs';
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

const NATIVE_BROKEN = /Could not locate the bindings file|NODE_MODULE_VERSION|Module did not self-register|was compiled against a different Node\.js version|invalid ELF header|cannot open shared object|Cannot find module '@duckdb\/node-bindings/i;

function nativeProblem(error: unknown, packageName: string, engineName: string, installSpec: string = packageName): never {
  if (error instanceof Error && (NATIVE_BROKEN.test(error.message) || (error as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED')) {
    throw new DbtlsError(
      'driver-missing',
      `The ${engineName} engine's driver "${packageName}" is installed, but its native module is missing or was built for another Node.js version. Reinstall it with: npm rebuild ${packageName} (or npm install ${installSpec}).`,
      { cause: error },
    );
  }
  throw error;
}

/**
 * The better-sqlite3 majors and the Node.js versions each one runs on (from their `engines` fields):
 * 12.x runs on Node 20 to 25, 13.x needs Node 22 or newer (on Node 20 it crashes without a message).
 */
export const SQLITE_DRIVER_NODE_SUPPORT = [
  { major: 12, minNode: 20 },
  { major: 13, minNode: 22 },
] as const;

const majorOf = (version: string) => Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);

/**
 * What to install for SQLite on this Node.js: `better-sqlite3@12` on Node 20 (13.x needs Node 22),
 * plain `better-sqlite3` (the latest) on Node 22 and newer.
 *
 * @example
 * ```ts
 * sqliteDriverSpec('20.19.0'); // 'better-sqlite3@12'
 * sqliteDriverSpec('24.4.0'); // 'better-sqlite3'
 * ```
 */
export function sqliteDriverSpec(nodeVersion: string = process.versions.node): string {
  const node = majorOf(nodeVersion);
  const newest = [...SQLITE_DRIVER_NODE_SUPPORT].reverse().find((s) => node >= s.minNode);
  const latest = SQLITE_DRIVER_NODE_SUPPORT[SQLITE_DRIVER_NODE_SUPPORT.length - 1]!;
  return !newest || newest.major === latest.major ? SQLITE_DRIVER : `${SQLITE_DRIVER}@${newest.major}`;
}

/**
 * Why the installed better-sqlite3 cannot run on this Node.js, or null when it can (or is unknown).
 *
 * @example
 * ```ts
 * sqliteDriverMismatch('13.2.0', '20.19.0'); // 'better-sqlite3 13.2.0 needs Node.js 22 or newer, …'
 * ```
 */
export function sqliteDriverMismatch(driverVersion: string, nodeVersion: string = process.versions.node): string | null {
  const major = majorOf(driverVersion);
  const node = majorOf(nodeVersion);
  const support = SQLITE_DRIVER_NODE_SUPPORT.find((s) => s.major === major);
  if (!support || node >= support.minNode) return null;
  return `better-sqlite3 ${driverVersion} needs Node.js ${support.minNode} or newer, and this is Node.js ${nodeVersion}. Install the version for this Node.js with: npm install ${sqliteDriverSpec(nodeVersion)}`;
}

/**
 * Loads better-sqlite3 on first use; a missing package throws
 * `DbtlsError('driver-missing')` naming what to install on the running Node.js
 * (`npm install better-sqlite3@12` on Node 20), and so does an installed
 * version that cannot run on it (checked before loading: 13.x on Node 20 would crash).
 *
 * @example
 * ```ts
 * const Database = await loadSqliteDriver();
 * ```
 */
export async function loadSqliteDriver(): Promise<SqliteDatabaseConstructor> {
  const installed = installedVersion(SQLITE_DRIVER);
  const mismatch = installed ? sqliteDriverMismatch(installed) : null;
  if (mismatch) throw new DbtlsError('driver-missing', `The SQLite engine cannot use the installed driver: ${mismatch}`);
  const spec = sqliteDriverSpec();
  const mod = await importDriver(SQLITE_DRIVER, 'SQLite', () => import('better-sqlite3') as Promise<unknown>, { installSpec: spec }).catch((e: unknown) => nativeProblem(e, SQLITE_DRIVER, 'SQLite', spec));
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
  return resolvedPackageJson(packageName, from) !== undefined;
}

/**
 * The version of a package where `import()` from this package finds it, without importing it.
 *
 * @example
 * ```ts
 * installedVersion('better-sqlite3'); // '12.11.1'
 * ```
 */
export function installedVersion(packageName: string, from: string = fileURLToPath(import.meta.url)): string | undefined {
  const file = resolvedPackageJson(packageName, from);
  if (!file) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function resolvedPackageJson(packageName: string, from: string): string | undefined {
  if ((process.versions as Record<string, string | undefined>).pnp) {
    try {
      return createRequire(from).resolve(`${packageName}/package.json`);
    } catch {
      return undefined;
    }
  }
  let dir = dirname(from);
  for (;;) {
    const file = join(dir, 'node_modules', packageName, 'package.json');
    if (existsSync(file)) return file;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
