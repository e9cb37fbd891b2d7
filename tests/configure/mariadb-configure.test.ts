/**
 * configure()/open() for MariaDB (mysql2) against real servers: a pool of 5
 * connections through a watching proxy, server restart, a certificate swapped
 * after the pool was established, weakening environment and URL parameters.
 */
import { join } from 'node:path';
import { inspect } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, diagnose, open } from '@dbtls/core';
import { mariadb } from '@dbtls/engine-mysql';
import { ROOT } from '../harness/cli.js';
import { startWatchProxy, type WatchProxy } from '../harness/tls-watch-proxy.js';
import { CLIENT_KEY_PASSPHRASE, MARIADB_PASSWORD, MARIADB_USER, certs, skipReason } from '../mysql/mysql-env.js';
import { startMariaDbCluster, type MariaDbCluster } from '../mysql/mariadb-servers.js';
import { expectTlsOnEveryConnection, withEnv, wrongNameCertificate, WEAKENING_ENV } from './configure-kit.js';
import { mysql2PoolExample } from '../examples/mysql2-pool.js';

const BASE_PORT = 33700;
const TLS_PORT = BASE_PORT + 1; // 'tls-optional' is the second scenario
if (skipReason) console.warn(`[configure/mariadb] skipped: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('configure(): mysql2 pool keeps the mode on every connection (real MariaDB)', () => {
  let cluster: MariaDbCluster;
  let proxy: WatchProxy;
  const url = (port = proxy.port, query = '') => `mariadb://${MARIADB_USER}:${encodeURIComponent(MARIADB_PASSWORD)}@localhost:${port}/${query}`;

  beforeAll(async () => {
    cluster = await startMariaDbCluster(certs, join(ROOT, 'tests', '.tmp', 'configure-mariadb'), BASE_PORT, ['no-tls', 'tls-optional']);
    proxy = await startWatchProxy(TLS_PORT);
  });
  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  });

  async function poolRun(pool: mysql.Pool): Promise<void> {
    const connections = await Promise.all(Array.from({ length: 5 }, () => pool.getConnection()));
    try {
      await Promise.all(connections.map(async (c, w) => {
        for (let i = 0; i < 4; i++) {
          const [rows] = await c.query<mysql.RowDataPacket[]>('SELECT ? AS n', [w * 4 + i]);
          expect(Number(rows[0]!.n)).toBe(w * 4 + i);
        }
      }));
    } finally {
      for (const c of connections) c.release();
    }
  }
  const tlsChecks = { minConnections: 5, password: MARIADB_PASSWORD, plainForbidden: [MARIADB_USER], plainPrefix: (p: Buffer) => expect(p.length).toBe(36) };

  for (const mode of ['required', 'verify-ca', 'verify-identity'] as const) {
    it(`${mode}: 5 connections, 20 queries, one TLS handshake each, login never in plain text`, async () => {
      proxy.reset();
      const cfg = await configure(mariadb, { url: url(), mode, caFile: certs.caCert });
      const pool = mysql.createPool({ ...cfg.options, connectionLimit: 5 });
      try {
        await poolRun(pool);
      } finally {
        await pool.end();
      }
      expect(proxy.connections).toHaveLength(5);
      expectTlsOnEveryConnection(proxy, tlsChecks);
    });
  }

  it('verify-identity checks the name on an IP address host too', async () => {
    const cfg = await configure(mariadb, { url: url(proxy.port).replace('localhost', '127.0.0.1'), mode: 'verify-identity', caFile: certs.caCert });
    const pool = mysql.createPool({ ...cfg.options, connectionLimit: 1 });
    const error = await pool.query('SELECT 1').then(() => null, (e: unknown) => e);
    await pool.end();
    expect(diagnose(mariadb, error, cfg).cause).toBe('hostname-mismatch');
    const ok = await configure(mariadb, { url: url(proxy.port).replace('localhost', '127.0.0.1'), mode: 'verify-ca', caFile: certs.caCert });
    const pool2 = mysql.createPool({ ...ok.options, connectionLimit: 1 });
    await pool2.query('SELECT 1');
    await pool2.end();
  });

  it('open(): a pool with the first connection reported like connect()', async () => {
    const opened = await open(mariadb, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    try {
      expect(opened.report.encrypted).toBe(true);
      expect(opened.report.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
      expect(opened.report.serverVersion).toMatch(/MariaDB/);
      const [rows] = await opened.client.promise().query('SELECT 1 AS one');
      expect(rows[0].one).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('preferred against a server without TLS says it configured plain connections', async () => {
    const cfg = await configure(mariadb, { url: url(BASE_PORT), mode: 'preferred' });
    expect(cfg.options.ssl).toBeUndefined();
    expect(cfg.warnings.join(' ')).toMatch(/offers no TLS/);
    const required = await configure(mariadb, { url: url(BASE_PORT), mode: 'required' });
    const pool = mysql.createPool({ ...required.options, connectionLimit: 1 });
    const error = await pool.query('SELECT 1').then(() => null, (e: unknown) => e);
    await pool.end();
    expect(diagnose(mariadb, error, required).cause).toBe('server-lacks-tls');
  });

  it('after a server restart the pool\'s new connections negotiate and verify again', async () => {
    const cfg = await configure(mariadb, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    const pool = mysql.createPool({ ...cfg.options, connectionLimit: 5 });
    try {
      await poolRun(pool);
      proxy.reset();
      await cluster.restart('tls-optional');
      // The old connections are dead; mysql2 drops them from the pool when they fail.
      await new Promise((r) => setTimeout(r, 300));
      await poolRun(pool);
      expectTlsOnEveryConnection(proxy, tlsChecks);
    } finally {
      await pool.end();
    }
  });

  for (const swap of ['self-signed', 'wrong-name'] as const) {
    it(`a ${swap} certificate swapped in after the pool was established fails new connections in the verify modes`, async () => {
      const wrong = wrongNameCertificate(certs);
      const local = await startWatchProxy(TLS_PORT);
      const pools: mysql.Pool[] = [];
      try {
        const configs = await Promise.all((['verify-ca', 'verify-identity'] as const).map((mode) => configure(mariadb, { url: url(local.port), mode, caFile: certs.caCert })));
        for (const cfg of configs) pools.push(mysql.createPool({ ...cfg.options, connectionLimit: 8 }));
        const held = await Promise.all(pools.map((p) => p.getConnection()));
        await (swap === 'self-signed' ? local.impersonate(certs.selfSignedCert, certs.selfSignedKey) : local.impersonate(wrong.cert, wrong.key));
        for (const [i, cfg] of configs.entries()) {
          const error = await pools[i]!.getConnection().then((c) => (c.release(), null), (e: unknown) => e);
          if (swap === 'wrong-name' && cfg.mode.effective === 'verify-ca') {
            // verify-ca checks the chain only; the impersonator then closes the connection.
            expect(error === null || diagnose(mariadb, error, cfg).cause !== 'hostname-mismatch').toBe(true);
            continue;
          }
          expect(diagnose(mariadb, error, cfg).cause).toBe(swap === 'self-signed' ? 'certificate-untrusted' : 'hostname-mismatch');
        }
        for (const c of held) c.release();
        expect(local.connections.filter((c) => c.impersonated).length).toBeGreaterThanOrEqual(1);
        expect(local.connections.every((c) => !c.sent.includes(Buffer.from(MARIADB_PASSWORD)))).toBe(true);
      } finally {
        await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
        await local.close();
      }
    });
  }

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 and URL parameters do not weaken a configured pool', async () => {
    const local = await startWatchProxy(TLS_PORT);
    await local.impersonate(certs.selfSignedCert, certs.selfSignedKey);
    try {
      await withEnv(WEAKENING_ENV, async () => {
        const cfg = await configure(mariadb, { url: url(local.port, '?ssl-mode=DISABLED&ssl=false'), mode: 'verify-ca', caFile: certs.caCert });
        const pool = mysql.createPool({ ...cfg.options, connectionLimit: 1 });
        const error = await pool.query('SELECT 1').then(() => null, (e: unknown) => e);
        await pool.end();
        expect(diagnose(mariadb, error, cfg).cause).toBe('certificate-untrusted');
      });
      expect(local.connections.every((c) => c.clientHellos === 1 && !c.sent.includes(Buffer.from(MARIADB_PASSWORD)))).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('the configuration never shows the password or key material', async () => {
    const cfg = await configure(mariadb, { url: url(), mode: 'verify-identity', caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE });
    for (const text of [JSON.stringify(cfg), inspect(cfg, { depth: 10 }), JSON.stringify(cfg.options), inspect(cfg.options, { depth: 10 }), inspect(cfg.args, { depth: 10 })]) {
      expect(text).not.toContain(MARIADB_PASSWORD);
      expect(text).not.toContain(CLIENT_KEY_PASSPHRASE);
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
  });

  it('the docs example runs: mysql2 pool', async () => {
    proxy.reset();
    expect(await mysql2PoolExample(url(), certs.caCert)).toBe(1);
    expectTlsOnEveryConnection(proxy, { ...tlsChecks, minConnections: 1 });
  });
});
