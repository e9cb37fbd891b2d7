import { duckdbEngine } from './duckdb-engine.js';

export { duckdbEngine, DUCKDB_READ_ONLY_CONFIG } from './duckdb-engine.js';

/**
 * The DuckDB engine alone, for `--plugin @dbtls/engine-embedded/duckdb` or a
 * registry that needs no SQLite.
 *
 * @example
 * ```ts
 * import { engines } from '@dbtls/engine-embedded/duckdb';
 * const registry = createRegistry([engines]);
 * ```
 */
export const engines = [duckdbEngine] as const;
