/**
 * @dbtls/engine-embedded through the library, against real SQLite
 * (better-sqlite3) and DuckDB (@duckdb/node-api) database files.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isDbtlsError, NOT_APPLICABLE, SSL_MODES, type ConnectResult, type EngineDefinition } from '@dbtls/core';
import { duckdbEngine, sqliteEngine } from '@dbtls/engine-embedded';
import { generateCertificates, CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { freshDir, holdDuckdbWriter, lockSqlite, makeDuckdb, makeSqlite, makeTextFile, snapshot, TMP } from './embedded-env.js';

let dir: string;
let certs: TestCertificates;

beforeAll(async () => {
  dir = freshDir('library');
  certs = generateCertificates(join(TMP, 'certs'));
  makeSqlite(join(dir, 'app.db'));
  makeSqlite(join(dir, 'wal.db'), { wal: true });
  makeSqlite(join(dir, 'locked.db'));
  await makeDuckdb(join(dir, 'app.duckdb'));
  await makeDuckdb(join(dir, 'writer.duckdb'));
  makeTextFile(join(dir, 'items.csv'));
  writeFileSync(join(dir, 'empty.db'), '');
});

function ok(result: ConnectResult) {
  if (!result.ok) throw new Error(`expected success, got ${result.diagnosis.cause}: ${result.diagnosis.summary} (${result.diagnosis.original.message})`);
  return result;
}
function failed(result: ConnectResult) {
  if (result.ok) throw new Error('expected a failure, got a connection');
  return result;
}
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected connect() to throw');
}

const engines: [EngineDefinition, string, RegExp][] = [
  [sqliteEngine, 'app.db', /^SQLite 3\.\d+\.\d+$/],
  [duckdbEngine, 'app.duckdb', /^DuckDB v1\.\d+\.\d+/],
];

describe.each(engines)('$id, a real database file', (engine, file, version) => {
  it('opens read-only, makes a round trip, reports no TLS and changes nothing', async () => {
    const before = snapshot(dir);
    const result = ok(await connect(engine, { url: `${engine.id}:${join(dir, file)}` }));
    expect(result).toMatchObject({ engine: engine.id, host: join(dir, file), port: 0, encrypted: false, fellBack: false, tls: null, warnings: [] });
    expect(result.mode).toEqual({ requested: NOT_APPLICABLE, effective: NOT_APPLICABLE });
    expect(result.serverVersion).toMatch(version);
    expect(snapshot(dir)).toEqual(before);
  });

  it('accepts the sqlite:///absolute form and a relative path', async () => {
    expect(ok(await connect(engine, { url: `${engine.id}://${join(dir, file)}` })).host).toBe(join(dir, file));
    const relative = join('tests', '.tmp', 'embedded', 'library', file);
    expect(ok(await connect(engine, { url: `${engine.id}:./${relative}` })).host).toBe(join(process.cwd(), relative));
  });

  it.each(SSL_MODES)('mode %s with CA, client certificate and encrypted key: opens, with a warning', async (mode) => {
    const result = ok(
      await connect(engine, { url: `${engine.id}:${join(dir, file)}`, mode, caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE }),
    );
    expect(result.encrypted).toBe(false);
    expect(result.tls).toBeNull();
    expect(result.warnings).toEqual([`${engine.displayName} has no network protocol: TLS modes and certificates do not apply and were ignored.`]);
    expect(JSON.stringify(result)).not.toContain(CLIENT_KEY_PASSPHRASE);
  });

  it('TLS files that do not exist are not even read', async () => {
    const result = ok(await connect(engine, { url: `${engine.id}:${join(dir, file)}`, mode: 'verify-full', caFile: join(dir, 'no-such-ca.pem') }));
    expect(result.warnings).toHaveLength(1);
  });

  it('TLS parameters in the URL give a warning too', async () => {
    const result = ok(await connect(engine, { url: `${engine.id}:${join(dir, file)}?sslmode=require&sslrootcert=ca.pem` }));
    expect(result.warnings).toEqual([`${engine.displayName} has no network protocol: the URL's TLS parameters "sslmode", "sslrootcert" do not apply and were ignored.`]);
  });

  it('a path that does not exist is file-not-found and creates no file', async () => {
    const before = snapshot(dir);
    const missing = join(dir, `missing-${engine.id}.db`);
    const error = await rejection(connect(engine, { url: `${engine.id}:${missing}` }));
    expect(isDbtlsError(error) && error.code).toBe('file-not-found');
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/never creates/);
    expect(existsSync(missing)).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a path in a directory that does not exist creates no directory', async () => {
    const error = await rejection(connect(engine, { url: `${engine.id}:${join(dir, 'no-dir', 'x.db')}` }));
    expect(isDbtlsError(error) && error.code).toBe('file-not-found');
    expect(existsSync(join(dir, 'no-dir'))).toBe(false);
  });

  it('a directory is file-unreadable', async () => {
    const error = await rejection(connect(engine, { url: `${engine.id}:${dir}` }));
    expect(isDbtlsError(error) && error.code).toBe('file-unreadable');
  });

  it('a text file is a diagnosed failure: not a database, no mode to recommend, file unchanged', async () => {
    const before = snapshot(dir);
    const result = failed(await connect(engine, { url: `${engine.id}:${join(dir, 'items.csv')}` }));
    expect(result.diagnosis).toMatchObject({ cause: 'unknown', recommendedMode: null, summary: `The file is not a ${engine.displayName} database.` });
    expect(snapshot(dir)).toEqual(before);
  });

  it('an aborted signal ends the attempt with DbtlsError("aborted")', async () => {
    const error = await rejection(connect(engine, { url: `${engine.id}:${join(dir, file)}`, signal: AbortSignal.abort() }));
    expect(isDbtlsError(error) && error.code).toBe('aborted');
  });

  it(':memory: opens', async () => {
    const result = ok(await connect(engine, { url: `${engine.id}::memory:` }));
    expect(result).toMatchObject({ host: ':memory:', port: 0, encrypted: false, tls: null });
    expect(result.serverVersion).toMatch(version);
  });
});

describe('sqlite specifics', () => {
  it('a DuckDB file is not a SQLite database, and the error says what it is', async () => {
    const result = failed(await connect(sqliteEngine, { url: `sqlite:${join(dir, 'app.duckdb')}` }));
    expect(result.diagnosis.summary).toBe('The file is not a SQLite database.');
    expect(result.diagnosis.original).toMatchObject({ code: 'SQLITE_NOTADB' });
    expect(result.diagnosis.original.message).toContain(`It is a DuckDB database: connect with duckdb:${join(dir, 'app.duckdb')}`);
  });

  it('an empty file opens as an empty database, with a warning', async () => {
    const result = ok(await connect(sqliteEngine, { url: `sqlite:${join(dir, 'empty.db')}` }));
    expect(result.warnings).toEqual([`"${join(dir, 'empty.db')}" is an empty file: SQLite opens it as an empty database.`]);
  });

  it('a WAL database opens; the -wal and -shm files SQLite creates are reported, the database is unchanged', async () => {
    const path = join(dir, 'wal.db');
    const before = snapshot(dir)['wal.db'];
    expect(existsSync(`${path}-wal`)).toBe(false);
    const result = ok(await connect(sqliteEngine, { url: `sqlite:${path}` }));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(`"${path}-wal" and "${path}-shm"`);
    expect(snapshot(dir)['wal.db']).toBe(before);
  });

  it('a database locked by a writer for the whole timeout is diagnosed as a lock', async () => {
    const lock = lockSqlite(join(dir, 'locked.db'));
    try {
      const result = failed(await connect(sqliteEngine, { url: `sqlite:${join(dir, 'locked.db')}`, timeoutMs: 200 }));
      expect(result.diagnosis).toMatchObject({ cause: 'timeout', recommendedMode: null, original: { code: 'SQLITE_BUSY' } });
      expect(result.diagnosis.summary).toMatch(/locked by another connection/);
    } finally {
      lock.release();
    }
  });
});

describe('duckdb specifics', () => {
  let writer: ChildProcess | undefined;
  afterAll(async () => {
    if (writer && writer.exitCode === null && writer.signalCode === null) {
      const exited = new Promise((resolve) => writer!.once('exit', resolve));
      writer.kill();
      await exited;
    }
  });

  it('a SQLite file is diagnosed as SQLite, and no extension is downloaded', async () => {
    const result = failed(await connect(duckdbEngine, { url: `duckdb:${join(dir, 'app.db')}` }));
    expect(result.diagnosis.summary).toBe('The file is a SQLite database, not a DuckDB one.');
    expect(result.diagnosis.detail).toMatch(/Connect with sqlite:<path>/);
    expect(result.diagnosis.original.message).toContain(`connect with sqlite:${join(dir, 'app.db')}`);
  });

  it('an empty file and a CSV file are refused before DuckDB opens them (DuckDB would read a CSV as data)', async () => {
    for (const file of ['empty.db', 'items.csv']) {
      const result = failed(await connect(duckdbEngine, { url: `duckdb:${join(dir, file)}` }));
      expect(result.diagnosis).toMatchObject({ summary: 'The file is not a DuckDB database.', original: { code: 'DUCKDB_NOT_A_DATABASE' } });
    }
  });

  it('a database another process has open for writing is diagnosed as locked', async () => {
    writer = await holdDuckdbWriter(join(dir, 'writer.duckdb'));
    const result = failed(await connect(duckdbEngine, { url: `duckdb:${join(dir, 'writer.duckdb')}` }));
    expect(result.diagnosis.summary).toBe('Another process has the DuckDB database open for writing.');
    expect(result.diagnosis.original.message).toContain(`PID ${writer.pid}`);
  });

  it('leaves no .wal file behind', async () => {
    ok(await connect(duckdbEngine, { url: `duckdb:${join(dir, 'app.duckdb')}` }));
    expect(existsSync(join(dir, 'app.duckdb.wal'))).toBe(false);
  });

  it('MotherDuck is refused as invalid-url before anything is opened', async () => {
    const error = await rejection(connect(duckdbEngine, { url: 'duckdb:md:my_db' }));
    expect(isDbtlsError(error) && error.code).toBe('invalid-url');
  });
});
