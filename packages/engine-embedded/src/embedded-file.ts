import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DbtlsError } from '@dbtls/core';

/** File formats recognised from a file's first bytes. */
export const DATABASE_FORMATS = ['sqlite', 'duckdb', 'empty', 'other'] as const;
/** One of {@link DATABASE_FORMATS}. */
export type DatabaseFormat = (typeof DATABASE_FORMATS)[number];

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const DUCKDB_MAGIC = Buffer.from('DUCK', 'latin1');

/**
 * Checks, before any driver sees it, that a database path names a readable
 * regular file. Nothing is created: a missing file throws
 * `DbtlsError('file-not-found')`, a directory or an unreadable file
 * `DbtlsError('file-unreadable')`.
 *
 * @example
 * ```ts
 * assertDatabaseFile('/data/app.db', 'SQLite'); // throws when /data/app.db does not exist
 * ```
 */
export function assertDatabaseFile(path: string, displayName: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DbtlsError('file-not-found', `The ${displayName} database file "${path}" does not exist. dbtls opens databases read-only and never creates one; check the path (relative paths are resolved against the current directory).`, { cause: error });
    }
    throw new DbtlsError('file-unreadable', `The ${displayName} database file "${path}" cannot be read (${code ?? 'error'}).`, { cause: error });
  }
  if (stats.isDirectory()) throw new DbtlsError('file-unreadable', `"${path}" is a directory, not a ${displayName} database file.`);
  if (!stats.isFile()) throw new DbtlsError('file-unreadable', `"${path}" is not a regular file, so it cannot be a ${displayName} database.`);
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new DbtlsError('file-unreadable', `The ${displayName} database file "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`, { cause: error });
  }
}

/**
 * Recognises a database file's format from its header: SQLite files start
 * with `SQLite format 3\0`, DuckDB files carry `DUCK` at byte 8. Returns
 * `other` when the file cannot be read.
 *
 * @example
 * ```ts
 * sniffDatabaseFormat('/data/app.duckdb'); // 'duckdb'
 * ```
 */
export function sniffDatabaseFormat(path: string): DatabaseFormat {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read === 0) return 'empty';
    if (read >= 16 && header.subarray(0, 16).equals(SQLITE_MAGIC)) return 'sqlite';
    if (read >= 12 && header.subarray(8, 12).equals(DUCKDB_MAGIC)) return 'duckdb';
    return 'other';
  } catch {
    return 'other';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Which of the given companion files (e.g. SQLite's `-wal` and `-shm`) exist.
 *
 * @example
 * ```ts
 * existingFiles(['/data/app.db-wal', '/data/app.db-shm']); // ['/data/app.db-wal']
 * ```
 */
export function existingFiles(paths: readonly string[]): string[] {
  return paths.filter((p) => existsSync(p));
}
