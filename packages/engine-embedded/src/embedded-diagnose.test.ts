import { describe, expect, it } from 'vitest';
import { diagnoseError } from '@dbtls/core';
import { DUCKDB_ERROR_PATTERNS, embeddedDiagnose, SQLITE_ERROR_PATTERNS } from './embedded-diagnose.js';
import { duckdbEngine } from './duckdb-engine.js';
import { sqliteEngine } from './sqlite-engine.js';

const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const context = { requestedMode: null, effectiveMode: null, given: { ca: false, clientCertificate: false } };

describe('SQLite patterns', () => {
  const diagnose = embeddedDiagnose(SQLITE_ERROR_PATTERNS);
  it.each([
    ['file is not a database', 'SQLITE_NOTADB', 'unknown', /not a SQLite database/],
    ['database is locked', 'SQLITE_BUSY', 'timeout', /locked/],
    ['database disk image is malformed', 'SQLITE_CORRUPT', 'unknown', /corrupt/],
    ['unable to open database file', 'SQLITE_CANTOPEN', 'unknown', /cannot open/],
    ['disk I/O error', 'SQLITE_IOERR_READ', 'unknown', /I\/O error/],
  ])('%s (%s)', (message, code, cause, summary) => {
    const hint = diagnose(err(message, code));
    expect(hint?.cause).toBe(cause);
    expect(hint?.summary).toMatch(summary);
    expect(hint?.recommendedMode).toBeNull();
  });

  it('finds the cause inside a wrapping error', () => {
    expect(diagnose(new Error('outer', { cause: err('file is not a database', 'SQLITE_NOTADB') }))?.summary).toMatch(/not a SQLite database/);
  });

  it('leaves other errors alone', () => {
    expect(diagnose(err('something else'))).toBeUndefined();
  });

  it('gives a full diagnosis through core, with no mode to recommend', () => {
    const diagnosis = diagnoseError(sqliteEngine, err('file is not a database', 'SQLITE_NOTADB'), context);
    expect(diagnosis).toMatchObject({ cause: 'unknown', recommendedMode: null, summary: 'The file is not a SQLite database.', original: { code: 'SQLITE_NOTADB' } });
  });
});

describe('DuckDB patterns', () => {
  const diagnose = embeddedDiagnose(DUCKDB_ERROR_PATTERNS);
  it.each([
    ['IO Error: Extension "/x/sqlite_scanner.duckdb_extension" not found.\nExtension "sqlite" is an existing extension.', /SQLite database, not a DuckDB/],
    ['IO Error: The file "/x/a.csv" exists, but it is not a valid DuckDB database file!', /not a DuckDB database/],
    ['IO Error: Could not set lock on file "/x/a.duckdb": Conflicting lock is held in /usr/bin/node (PID 1)', /open for writing/],
    ['IO Error: Trying to read a database file with version number 99, but we can only read version 64', /version/],
  ])('%s', (message, summary) => {
    expect(diagnose(err(message))?.summary).toMatch(summary);
  });

  it('gives a full diagnosis through core', () => {
    const diagnosis = diagnoseError(duckdbEngine, err('IO Error: The file "/x" exists, but it is not a valid DuckDB database file!'), context);
    expect(diagnosis.summary).toBe('The file is not a DuckDB database.');
    expect(diagnosis.recommendedMode).toBeNull();
  });
});
