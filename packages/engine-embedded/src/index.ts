// Every engine of this package. Importing this module loads no driver:
// better-sqlite3 and @duckdb/node-api are imported on the first connect.
import { duckdbEngine } from './duckdb-engine.js';
import { sqliteEngine } from './sqlite-engine.js';

export { sqliteEngine } from './sqlite-engine.js';
export { duckdbEngine, DUCKDB_READ_ONLY_CONFIG } from './duckdb-engine.js';
export { parseEmbeddedLocation, embeddedTarget, MEMORY_PATH, TLS_URL_PARAMETERS, type EmbeddedLocation, type EmbeddedUrlOptions } from './embedded-url.js';
export { SQLITE_ERROR_PATTERNS, DUCKDB_ERROR_PATTERNS, type EmbeddedErrorPattern } from './embedded-diagnose.js';
export { sniffDatabaseFormat, DATABASE_FORMATS, type DatabaseFormat } from './embedded-file.js';

/**
 * The embedded engines, SQLite and DuckDB, for `createRegistry`.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@dbtls/core';
 * import { engines } from '@dbtls/engine-embedded';
 * createRegistry([engines]).resolve('sqlite:./app.db').id; // 'sqlite'
 * ```
 */
export const engines = [sqliteEngine, duckdbEngine] as const;
export { configureSqlite, configureDuckdb } from './embedded-configure.js';
