/**
 * Fixtures of the embedded-engine tests: real SQLite and DuckDB database files
 * made with the real drivers (the devDependencies of @dbtls/engine-embedded)
 * under tests/.tmp/embedded.
 */
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../harness/cli.js';

export const TMP = join(ROOT, 'tests', '.tmp', 'embedded');
const PACKAGE_JSON = join(ROOT, 'packages', 'engine-embedded', 'package.json');
const requireDriver = createRequire(PACKAGE_JSON);

type SqliteDb = { exec(sql: string): unknown; pragma(sql: string): unknown; prepare(sql: string): { run(...a: unknown[]): unknown }; close(): unknown };
type Duck = {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }>; closeSync(): void }> };
};

/** A fresh, empty directory under tests/.tmp/embedded. */
export function freshDir(name: string): string {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Creates a SQLite database with one table and a row, in rollback-journal or WAL mode. */
export function makeSqlite(path: string, options: { wal?: boolean } = {}): void {
  const Database = requireDriver('better-sqlite3') as new (f: string) => SqliteDb;
  const db = new Database(path);
  if (options.wal) db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
  db.prepare('INSERT INTO items (name) VALUES (?)').run('dbtls');
  db.close();
}

/** Opens a SQLite database and holds an exclusive lock until `release()`. */
export function lockSqlite(path: string): { release(): void } {
  const Database = requireDriver('better-sqlite3') as new (f: string) => SqliteDb;
  const db = new Database(path);
  db.exec('BEGIN EXCLUSIVE');
  db.exec("INSERT INTO items (name) VALUES ('locked')");
  return { release: () => (db.exec('ROLLBACK'), db.close()) };
}

/** Creates a DuckDB database with one table and a row. */
export async function makeDuckdb(path: string): Promise<void> {
  const { DuckDBInstance } = requireDriver('@duckdb/node-api') as Duck;
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run("CREATE TABLE items (id INTEGER, name VARCHAR); INSERT INTO items VALUES (1, 'dbtls'); CHECKPOINT");
  connection.closeSync();
  instance.closeSync();
}

/**
 * Starts another process that opens a DuckDB database read-write and keeps it
 * open (holding DuckDB's file lock) until killed. The instance is kept
 * referenced: a collected instance closes its database and drops the lock.
 */
export async function holdDuckdbWriter(path: string): Promise<ChildProcess> {
  const script = `const { DuckDBInstance } = require(${JSON.stringify(requireDriver.resolve('@duckdb/node-api'))});
DuckDBInstance.create(${JSON.stringify(path)}).then((db) => { globalThis.keep = db; console.log('open'); setInterval(() => {}, 1000); }, (e) => { console.error(e.message); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`DuckDB writer exited with ${code}`)));
  });
  return child;
}

/** Writes a file that is no database of any kind. */
export function makeTextFile(path: string): void {
  writeFileSync(path, 'id,name\n1,dbtls\n'.repeat(64));
}

/** Names and contents of every file in a directory, to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = statSync(path).isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'dir';
  }
  return out;
}
