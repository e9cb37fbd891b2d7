/**
 * configure() proof for SQL Server against the protocol-faithful TDS stub (no
 * server can run here): a node-mssql pool of 5 tedious connections through a
 * watching proxy, stub restart, a certificate swapped after the pool was
 * established, weakening environment and URL parameters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import sql from 'mssql';
import tedious from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, diagnose, open } from '@dbtls/core';
import { mssqlEngine } from '@dbtls/engine-mssql';
import { generateCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { startWatchProxy, type WatchProxy } from '../harness/tls-watch-proxy.js';
import { startTdsStub, STUB_PASSWORD, STUB_USER, type TdsStub } from '../stubs/tds-stub.js';
import { concurrently, withEnv, wrongNameCertificate, WEAKENING_ENV } from './configure-kit.js';
import { nodeMssqlExample } from '../examples/node-mssql.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'mssql', 'certs'));
const pem = (path: string) => readFileSync(path, 'utf8');
const startStub = (cert = certs.serverCert, key = certs.serverKey) => startTdsStub({ encryption: 'ON', cert: pem(cert), key: pem(key) });

describe('configure(): node-mssql / tedious keep the mode on every connection (TDS stub)', () => {
  let stub: TdsStub;
  let proxy: WatchProxy;
  const url = (port = proxy.port, query = '') => `sqlserver://${STUB_USER}:${STUB_PASSWORD}@localhost:${port}/master${query}`;
  beforeAll(async () => {
    stub = await startStub();
    proxy = await startWatchProxy(stub.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await stub?.close();
  });

  const poolOf = async (cfg: Awaited<ReturnType<typeof configure>>, size: number) => {
    const pool = new sql.ConnectionPool({ ...cfg.forms.mssql, pool: { min: size, max: size } });
    pool.on('error', () => undefined);
    await pool.connect();
    return pool;
  };
  // 20 queries; the stub answers `SELECT 1` with one row and records every batch it executed.
  const run = async (pool: sql.ConnectionPool) => {
    const executed = () => stub.connections.flatMap((r) => r.batches).filter((b) => b === 'SELECT 1').length;
    const before = executed();
    await concurrently(5, 4, () => pool.request().batch('SELECT 1'));
    expect(executed() - before).toBe(20);
  };
  const expectEncryptedLogins = (records: TdsStub['connections'], min: number) => {
    const logins = records.filter((r) => r.login7);
    expect(logins.length).toBeGreaterThanOrEqual(min);
    for (const r of logins) expect(r.login7!.encrypted).toBe(true);
    expect(proxy.connections.length).toBeGreaterThanOrEqual(min);
    for (const c of proxy.connections) expect(c.clientHellos).toBe(1);
  };

  for (const mode of ['required', 'verify-ca', 'verify-identity'] as const) {
    it(`${mode}: 5 pooled connections, 20 queries, one TLS handshake each, LOGIN7 always inside TLS`, async () => {
      proxy.reset();
      const before = stub.connections.length;
      const pool = await poolOf(await configure(mssqlEngine, { url: url(), mode, caFile: certs.caCert }), 5);
      try {
        await run(pool);
      } finally {
        await pool.close();
      }
      expectEncryptedLogins(stub.connections.slice(before), 5);
    });
  }

  it('open(): a tedious Connection, its first connection reported like connect()', async () => {
    const opened = await open<tedious.Connection>(mssqlEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.report.encrypted).toBe(true);
    expect(opened.report.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
    await opened.close();
    const cfg = await configure(mssqlEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    const connection = new tedious.Connection(...(cfg.args as [tedious.ConnectionConfiguration]));
    await new Promise<void>((resolve, reject) => connection.connect((e) => (e ? reject(e) : resolve())));
    connection.close();
  });

  it('after a server restart the pool\'s new connections negotiate and verify again', async () => {
    const pool = await poolOf(await configure(mssqlEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert }), 5);
    try {
      await run(pool);
      proxy.reset();
      await stub.close();
      stub = await startStub();
      proxy.retarget(stub.port);
      const until = Date.now() + 10_000;
      for (;;) {
        const ok = await pool.request().batch('SELECT 1').then(() => true, () => false);
        if (ok) break;
        if (Date.now() > until) throw new Error('the pool did not reconnect within 10 s');
        await new Promise((r) => setTimeout(r, 200));
      }
      await run(pool);
      expectEncryptedLogins(stub.connections, 1);
    } finally {
      await pool.close();
    }
  });

  for (const swap of ['self-signed', 'wrong-name'] as const) {
    it(`a ${swap} certificate after the pool was established fails its new connections in the verify modes`, async () => {
      const wrong = wrongNameCertificate(certs);
      const bad = swap === 'self-signed' ? await startStub(certs.selfSignedCert, certs.selfSignedKey) : await startStub(wrong.cert, wrong.key);
      const local = await startWatchProxy(stub.port);
      const pools: sql.ConnectionPool[] = [];
      try {
        const configs = await Promise.all((['verify-ca', 'verify-identity'] as const).map((mode) => configure(mssqlEngine, { url: url(local.port), mode, caFile: certs.caCert })));
        for (const cfg of configs) pools.push(await poolOf(cfg, 1));
        local.retarget(bad.port);
        local.dropAll();
        for (const [i, cfg] of configs.entries()) {
          if (swap === 'wrong-name' && cfg.mode.effective === 'verify-ca') continue;
          let cause = 'none';
          for (let attempt = 0; attempt < 5; attempt++) {
            const error = await pools[i]!.request().batch('SELECT 1').then(() => null, (e: unknown) => e);
            expect(error).not.toBeNull();
            cause = diagnose(mssqlEngine, error, cfg).cause;
            if (cause !== 'network-error' && cause !== 'unknown') break;
            await new Promise((r) => setTimeout(r, 300));
          }
          expect(cause).toBe(swap === 'self-signed' ? 'certificate-untrusted' : 'hostname-mismatch');
        }
        expect(bad.connections.every((r) => r.login7 === null)).toBe(true);
      } finally {
        await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
        await local.close();
        await bad.close();
      }
    });
  }

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 and URL parameters do not weaken a configured pool', async () => {
    const bad = await startStub(certs.selfSignedCert, certs.selfSignedKey);
    try {
      await withEnv(WEAKENING_ENV, async () => {
        const cfg = await configure(mssqlEngine, { url: url(bad.port, '?encrypt=false&trustServerCertificate=true'), mode: 'verify-ca', caFile: certs.caCert });
        const error = await poolOf(cfg, 1).then((p) => p.close().then(() => null), (e: unknown) => e);
        expect(diagnose(mssqlEngine, error, cfg).cause).toBe('certificate-untrusted');
      });
      expect(bad.connections.every((r) => r.login7 === null)).toBe(true);
    } finally {
      await bad.close();
    }
  });

  it('the configuration never shows the password', async () => {
    const cfg = await configure(mssqlEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    for (const text of [JSON.stringify(cfg), inspect(cfg, { depth: 10 }), JSON.stringify(cfg.forms), inspect(cfg.options, { depth: 10 }), inspect(cfg.forms, { depth: 10 })]) expect(text).not.toContain(STUB_PASSWORD);
  });

  it('the docs example runs: node-mssql pool', async () => {
    const before = stub.connections.length;
    await nodeMssqlExample(url(), certs.caCert);
    expect(stub.connections.slice(before).some((r) => r.login7?.encrypted && r.batches.includes('SELECT 1'))).toBe(true);
  });
});
