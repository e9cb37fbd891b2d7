import { describe, expect, it } from 'vitest';
import { configure, open } from '@dbtls/core';
import { duckdbEngine } from './duckdb-engine.js';
import { sqliteEngine } from './sqlite-engine.js';

describe('configure and open for embedded engines', () => {
  it('SQLite: the Database arguments, TLS said not to apply, a working database from open()', async () => {
    const cfg = await configure(sqliteEngine, { url: 'sqlite::memory:', mode: 'verify-identity' });
    expect(cfg.driver).toBe('better-sqlite3');
    expect(cfg.args).toEqual([':memory:', {}]);
    expect(cfg.mode).toEqual({ requested: 'not-applicable', effective: 'not-applicable' });
    expect(cfg.notes.join(' ')).toMatch(/TLS and its modes do not apply/);
    expect(cfg.warnings.join(' ')).toMatch(/do not apply/);
    const opened = await open<{ prepare(sql: string): { get(): unknown } }>(sqliteEngine, { url: 'sqlite::memory:' });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.client.prepare('SELECT 41 + 1 AS n').get()).toEqual({ n: 42 });
    expect(opened.report.encrypted).toBe(false);
    await opened.close();
  });
  it('a missing SQLite file is bad input, never created', async () => {
    await expect(configure(sqliteEngine, { url: 'sqlite:/nonexistent/dir/app.db' })).rejects.toMatchObject({ code: 'file-not-found' });
  });
  it('DuckDB: DuckDBInstance.create arguments and an instance from open()', async () => {
    const cfg = await configure(duckdbEngine, { url: 'duckdb::memory:' });
    expect(cfg.args).toEqual([':memory:', {}]);
    const opened = await open(duckdbEngine, { url: 'duckdb::memory:' });
    expect(opened.ok).toBe(true);
    if (opened.ok) await opened.close();
  });
});
