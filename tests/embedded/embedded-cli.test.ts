/**
 * The embedded engines through the built `dbtls` CLI, as a user runs it:
 * exit 0 (opened), 1 (diagnosed failure), 2 (bad input, e.g. a missing file).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SSL_MODES } from '@dbtls/core';
import { CLI_BIN, runCli } from '../harness/cli.js';
import { generateCertificates, CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { freshDir, makeDuckdb, makeSqlite, makeTextFile, snapshot, TMP } from './embedded-env.js';

const built = existsSync(CLI_BIN);
if (!built) console.warn(`Skipping the embedded CLI tests: ${CLI_BIN} is not built (run pnpm -r build).`);

describe.skipIf(!built)('dbtls CLI with SQLite and DuckDB', () => {
  let dir: string;
  let certs: TestCertificates;

  beforeAll(async () => {
    dir = freshDir('cli');
    certs = generateCertificates(join(TMP, 'certs'));
    makeSqlite(join(dir, 'app.db'));
    await makeDuckdb(join(dir, 'app.duckdb'));
    makeTextFile(join(dir, 'notes.txt'));
  });

  it('engines --json lists sqlite and duckdb: not applicable, no port, no fallback, driver installed', async () => {
    const { code, json } = await runCli(['engines', '--json']);
    expect(code).toBe(0);
    for (const id of ['sqlite', 'duckdb']) {
      const engine = json.engines.find((e: { id: string }) => e.id === id);
      expect(engine).toMatchObject({ defaultMode: 'not-applicable', defaultPort: null, fallback: { capability: 'none' }, driverInstalled: true, warnings: [] });
    }
  });

  it.each([
    ['sqlite', 'app.db', /^SQLite 3\./],
    ['duckdb', 'app.duckdb', /^DuckDB v1\./],
  ])('connect %s:<file> --json opens it without TLS', async (scheme, file, version) => {
    const { code, json } = await runCli(['connect', `${scheme}:${join(dir, file)}`, '--json']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, engine: scheme, host: join(dir, file), port: 0, encrypted: false, fellBack: false, tls: null, warnings: [] });
    expect(json.mode).toEqual({ requested: 'not-applicable', effective: 'not-applicable' });
    expect(json.serverVersion).toMatch(version);
  });

  it.each(['sqlite', 'duckdb'])('connect %s::memory: opens', async (scheme) => {
    const { code, json } = await runCli(['connect', `${scheme}::memory:`, '--json']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, host: ':memory:', encrypted: false });
  });

  it.each(['sqlite', 'duckdb'])('connect %s:./missing.db exits 2, says so, and creates no file', async (scheme) => {
    const before = snapshot(dir);
    const { code, json } = await runCli(['connect', `${scheme}:./missing.db`, '--json'], { cwd: dir });
    expect(code).toBe(2);
    expect(json.error.code).toBe('file-not-found');
    expect(json.error.message).toContain(join(dir, 'missing.db'));
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
    expect(snapshot(dir)).toEqual(before);
    const human = await runCli(['connect', `${scheme}:./missing.db`], { cwd: dir });
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('does not exist');
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
  });

  it.each([
    ['sqlite', 'The file is not a SQLite database.'],
    ['duckdb', 'The file is not a DuckDB database.'],
  ])('connect %s:<text file> exits 1 with a diagnosis', async (scheme, summary) => {
    const { code, json } = await runCli(['connect', `${scheme}:${join(dir, 'notes.txt')}`, '--json']);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, diagnosis: { cause: 'unknown', recommendedMode: null, summary } });
  });

  for (const scheme of ['sqlite', 'duckdb']) {
    it.each(SSL_MODES)(`connect ${scheme} --ssl-mode %s with --ca/--cert/--key/--passphrase-env: opens, with a warning`, async (mode) => {
      const file = join(dir, scheme === 'sqlite' ? 'app.db' : 'app.duckdb');
      const { code, json, stdout } = await runCli(
        ['connect', `${scheme}:${file}`, '--ssl-mode', mode, '--ca', certs.caCert, '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase-env', 'EMBEDDED_PASS', '--json'],
        { env: { EMBEDDED_PASS: CLIENT_KEY_PASSPHRASE } },
      );
      expect(code).toBe(0);
      expect(json).toMatchObject({ ok: true, encrypted: false, tls: null });
      expect(json.warnings).toHaveLength(1);
      expect(json.warnings[0]).toMatch(/has no network protocol: TLS modes and certificates do not apply/);
      expect(stdout).not.toContain(CLIENT_KEY_PASSPHRASE);
    });
  }

  it('a TLS mode in the URL is a warning too', async () => {
    const { code, json } = await runCli(['connect', `sqlite:${join(dir, 'app.db')}?sslmode=verify-full`, '--json']);
    expect(code).toBe(0);
    expect(json.warnings).toEqual(['SQLite has no network protocol: the URL\'s TLS parameter "sslmode" does not apply and was ignored.']);
  });

  it('--engine sqlite takes a bare path and a file: URL', async () => {
    const bare = await runCli(['connect', './app.db', '--engine', 'sqlite', '--json'], { cwd: dir });
    expect(bare.code).toBe(0);
    expect(bare.json.host).toBe(join(dir, 'app.db'));
    const fileUrl = await runCli(['connect', `file://${join(dir, 'app.duckdb')}`, '--engine', 'duckdb', '--json']);
    expect(fileUrl.code).toBe(0);
    expect(fileUrl.json.engine).toBe('duckdb');
  });

  it('a host in the URL exits 2 (invalid-url)', async () => {
    const { code, json } = await runCli(['connect', 'sqlite://db.example.com/app.db', '--json']);
    expect(code).toBe(2);
    expect(json.error.code).toBe('invalid-url');
  });

  it('human output names the file', async () => {
    const { code, stdout } = await runCli(['connect', `sqlite:${join(dir, 'app.db')}`]);
    expect(code).toBe(0);
    expect(stdout).toContain(join(dir, 'app.db'));
    expect(stdout).toContain('SQLite 3.');
  });

  it('explain sqlite:<file> --json says TLS does not apply', async () => {
    const { code, json } = await runCli(['explain', `sqlite:${join(dir, 'app.db')}`, '--json']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ engine: 'sqlite', mode: { requested: 'not-applicable', effective: 'not-applicable' }, driver: 'better-sqlite3', options: { readonly: true, fileMustExist: true } });
    const withMode = await runCli(['explain', `sqlite:${join(dir, 'app.db')}`, '--ssl-mode', 'verify-identity', '--json']);
    expect(withMode.json.warnings.join(' ')).toMatch(/do not apply/);
  });

  it('diagnose --engine duckdb classifies a pasted lock error', async () => {
    const { code, json } = await runCli(['diagnose', '--engine', 'duckdb', '--json', 'IO Error: Could not set lock on file "/x.duckdb": Conflicting lock is held in /usr/bin/node (PID 1)']);
    expect(code).toBe(0);
    expect(json.diagnosis.summary).toBe('Another process has the DuckDB database open for writing.');
  });
});

