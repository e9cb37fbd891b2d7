import { asErrorLike, errorChain, matchesPattern, type DiagnosisHint, type ErrorPattern } from '@dbtls/core';

/**
 * An {@link ErrorPattern} with its own one-line summary. Embedded databases
 * fail for file reasons (not a database, locked, corrupt), which no TLS cause
 * describes; these patterns give such failures a precise summary while the
 * cause stays honest (`unknown`, or `timeout` for a lock that never cleared).
 *
 * @example
 * ```ts
 * const p: EmbeddedErrorPattern = { cause: 'unknown', code: 'SQLITE_NOTADB', summary: 'The file is not a SQLite database.' };
 * ```
 */
export interface EmbeddedErrorPattern extends ErrorPattern {
  summary: string;
}

/**
 * The diagnosis hook of an embedded engine: the first pattern that matches
 * anywhere in the error chain gives cause, summary and note. Changing the TLS
 * mode never helps, so `recommendedMode` is always null.
 *
 * @example
 * ```ts
 * const diagnose = embeddedDiagnose(SQLITE_ERROR_PATTERNS);
 * diagnose(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }))?.summary;
 * ```
 */
export function embeddedDiagnose(patterns: readonly EmbeddedErrorPattern[]): (error: unknown) => DiagnosisHint | undefined {
  return (error) => {
    for (const pattern of patterns) {
      for (const e of errorChain(error)) {
        const x = (e ?? {}) as { message?: unknown; code?: unknown };
        const like = { message: asErrorLike(e).message, code: typeof x.code === 'string' ? x.code : null };
        if (matchesPattern(like, pattern)) {
          return { cause: pattern.cause, summary: pattern.summary, recommendedMode: null, source: e, ...(pattern.note ? { note: pattern.note } : {}) };
        }
      }
    }
    return undefined;
  };
}

/**
 * SQLite (better-sqlite3) failures, by `SqliteError.code`.
 */
export const SQLITE_ERROR_PATTERNS: readonly EmbeddedErrorPattern[] = [
  {
    cause: 'unknown',
    code: 'SQLITE_NOTADB',
    message: /file is not a database/i,
    summary: 'The file is not a SQLite database.',
    note: 'SQLite found no valid database header: the file is another format (a DuckDB database, a text file, or a SQLCipher-encrypted database, which needs its key). TLS modes do not apply to SQLite.',
  },
  {
    cause: 'timeout',
    code: /^SQLITE_(BUSY|LOCKED)/,
    message: /database (table )?is locked/i,
    summary: 'The SQLite database stayed locked by another connection for the whole timeout.',
    note: 'Another process is writing to the database and holds its lock; retry when it is done or raise --timeout.',
  },
  {
    cause: 'unknown',
    code: /^SQLITE_CORRUPT/,
    message: /database disk image is malformed/i,
    summary: 'The SQLite database file is corrupt or truncated.',
    note: 'Check it with "sqlite3 <file> \'PRAGMA integrity_check\'" or restore it from a backup.',
  },
  {
    cause: 'unknown',
    code: /^SQLITE_CANTOPEN/,
    summary: 'SQLite cannot open the database file.',
    note: 'The file exists but SQLite could not open it read-only: a WAL-mode database needs its -shm file, or a directory where SQLite may create it.',
  },
  {
    cause: 'unknown',
    code: /^SQLITE_IOERR/,
    summary: 'SQLite could not read the database file (I/O error).',
  },
];

/**
 * DuckDB (@duckdb/node-api) failures, by message (DuckDB errors carry no code).
 */
export const DUCKDB_ERROR_PATTERNS: readonly EmbeddedErrorPattern[] = [
  {
    cause: 'unknown',
    code: 'DUCKDB_SQLITE_FILE',
    message: /Extension "sqlite" is an existing extension|sqlite_scanner/i,
    summary: 'The file is a SQLite database, not a DuckDB one.',
    note: 'DuckDB reads SQLite files only through its sqlite extension, which dbtls neither installs nor loads (that would download code over the network). Connect with sqlite:<path> instead.',
  },
  {
    cause: 'unknown',
    code: 'DUCKDB_NOT_A_DATABASE',
    message: /not a valid DuckDB database file/i,
    summary: 'The file is not a DuckDB database.',
    note: 'DuckDB found no valid database header: the file is another format (for example a CSV or Parquet file, which DuckDB reads as data, not as a database). TLS modes do not apply to DuckDB.',
  },
  {
    cause: 'unknown',
    message: /Could not set lock on file|Conflicting lock is held/i,
    summary: 'Another process has the DuckDB database open for writing.',
    note: 'DuckDB allows either one process that writes or any number of read-only ones; stop the writer (or let it close the database) and try again.',
  },
  {
    cause: 'unknown',
    message: /version number \d+.*but we can only read|database file .* version|storage version/i,
    summary: 'The DuckDB database was written by a DuckDB version this driver cannot read.',
    note: 'Install a @duckdb/node-api version that matches the DuckDB that wrote the file.',
  },
  {
    cause: 'unknown',
    message: /Corrupt|checksum/i,
    summary: 'The DuckDB database file is corrupt or truncated.',
  },
];
