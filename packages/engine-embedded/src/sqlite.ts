import { sqliteEngine } from './sqlite-engine.js';

export { sqliteEngine };

/**
 * The SQLite engine alone, for `--plugin @dbtls/engine-embedded/sqlite` or a
 * registry that needs no DuckDB.
 *
 * @example
 * ```ts
 * import { engines } from '@dbtls/engine-embedded/sqlite';
 * const registry = createRegistry([engines]);
 * ```
 */
export const engines = [sqliteEngine] as const;
