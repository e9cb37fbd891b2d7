/**
 * configure()/open() for PostgreSQL against a real server: a pg.Pool of 5
 * connections through a watching proxy, server restart, a certificate swapped
 * after the pool was established, weakening environment and URL parameters.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, diagnose, open } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';
import { postgresAvailable, restartPostgres, startPostgresCluster, PG_PASSWORD, PG_USER, type PgCluster } from '../harness/postgres-servers.js';
import { startWatchProxy, type WatchProxy } from '../harness/tls-watch-proxy.js';
import { CERT_DIR } from '../postgres/postgres-env.js';
import { expectTlsOnEveryConnection, withEnv, wrongNameCertificate, WEAKENING_ENV } from './configure-kit.js';
import { drizzleExample } from '../examples/drizzle.js';
import { knexExample } from '../examples/knex.js';
import { kyselyExample } from '../examples/kysely.js';
import { pgPoolExample } from '../examples/pg-pool.js';

const BASE_PORT = 55700;
const skipReason = postgresAvailable();
if (skipReason) console.warn(`[configure/postgres] skipped: ${skipReason}`);
const certs = generateCertificates(CERT_DIR);
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

describe.skipIf(Boolean(skipReason))('configure(): pg.Pool keeps the mode on every connection (real PostgreSQL)', () => {
  let cluster: PgCluster;
  let proxy: WatchProxy;
  const url = () => `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${proxy.port}/${PG_USER}`;

  beforeAll(async () => {
    cluster = startPostgresCluster(certs, BASE_PORT, ['tls-optional']);
    proxy = await startWatchProxy(BASE_PORT);
  });
  afterAll(async () => {
    await proxy?.close();
    cluster?.stop();
  });

  async function poolRun(pool: pg.Pool): Promise<void> {
    // Five clients held at once force five physical connections; 4 queries each.
    const clients = await Promise.all(Array.from({ length: 5 }, () => pool.connect()));
    try {
      await Promise.all(clients.map(async (client, w) => {
        for (let i = 0; i < 4; i++) expect((await client.query<{ n: number }>('SELECT $1::int AS n', [w * 4 + i])).rows[0]!.n).toBe(w * 4 + i);
      }));
    } finally {
      for (const c of clients) c.release();
    }
  }

  for (const mode of ['required', 'verify-ca', 'verify-identity'] as const) {
    it(`${mode}: 5 connections, 20 queries, one TLS handshake each, startup never in plain text`, async () => {
      proxy.reset();
      const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url: url(), mode, caFile: certs.caCert });
      const pool = new pg.Pool({ ...cfg.options, max: 5 });
      try {
        await poolRun(pool);
      } finally {
        await pool.end();
      }
      expect(proxy.connections).toHaveLength(5);
      expectTlsOnEveryConnection(proxy, { minConnections: 5, password: PG_PASSWORD, plainForbidden: [PG_USER, 'user'], plainPrefix: (p) => expect(p.equals(SSL_REQUEST)).toBe(true) });
    });
  }

  it('open(): a pool with the first connection reported like connect()', async () => {
    const opened = await open<pg.Pool>(postgresEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    try {
      expect(opened.report.encrypted).toBe(true);
      expect(opened.report.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(opened.report.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
      expect((await opened.client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('after a server restart the pool\'s new connections negotiate and verify again', async () => {
    const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert });
    const pool = new pg.Pool({ ...cfg.options, max: 5 });
    const errors: unknown[] = [];
    pool.on('error', (e) => errors.push(e));
    try {
      await poolRun(pool);
      proxy.reset();
      restartPostgres(cluster.instances['tls-optional']);
      await new Promise((r) => setTimeout(r, 200));
      await poolRun(pool);
      expectTlsOnEveryConnection(proxy, { minConnections: 5, password: PG_PASSWORD, plainForbidden: [PG_USER], plainPrefix: (p) => expect(p.equals(SSL_REQUEST)).toBe(true) });
    } finally {
      await pool.end();
    }
  });

  for (const swap of ['self-signed', 'wrong-name'] as const) {
    it(`a ${swap} certificate swapped in after the pool was established fails every new connection in the verify modes`, async () => {
      const wrong = wrongNameCertificate(certs);
      const local = await startWatchProxy(BASE_PORT);
      const pools: pg.Pool[] = [];
      try {
        const configs = await Promise.all((['verify-ca', 'verify-identity'] as const).map((mode) => configure<[pg.PoolConfig]>(postgresEngine, { url: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${local.port}/${PG_USER}`, mode, caFile: certs.caCert })));
        for (const cfg of configs) pools.push(new pg.Pool({ ...cfg.options, max: 8 }));
        const held = await Promise.all(pools.map((p) => p.connect()));
        if (swap === 'self-signed') await local.impersonate(certs.selfSignedCert, certs.selfSignedKey);
        else await local.impersonate(wrong.cert, wrong.key);
        for (const [i, cfg] of configs.entries()) {
          const mode = cfg.mode.effective;
          const attempt = pools[i]!.connect();
          if (swap === 'wrong-name' && mode === 'verify-ca') {
            // verify-ca checks the chain only: a CA-signed certificate for another name passes the handshake.
            const c = await attempt.catch((e: unknown) => e);
            expect(c instanceof Error ? c.message : '').not.toMatch(/certificate|altname/i);
            if (!(c instanceof Error)) (c as pg.PoolClient).release(true);
            continue;
          }
          const error = await attempt.then(() => null, (e: unknown) => e);
          expect(error).toBeInstanceOf(Error);
          const diagnosis = diagnose(postgresEngine, error, cfg);
          expect(diagnosis.cause).toBe(swap === 'self-signed' ? 'certificate-untrusted' : 'hostname-mismatch');
          expect(cfg.diagnose(error).cause).toBe(diagnosis.cause);
        }
        for (const c of held) c.release();
        expect(local.connections.filter((c) => c.impersonated).length).toBeGreaterThanOrEqual(swap === 'self-signed' ? 2 : 1);
        expect(local.connections.every((c) => !c.sent.includes(Buffer.from(PG_PASSWORD)))).toBe(true);
      } finally {
        await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
        await local.close();
      }
    });
  }

  it('PGSSLMODE, NODE_TLS_REJECT_UNAUTHORIZED=0 and URL parameters given to pg do not weaken a configured pool', async () => {
    const local = await startWatchProxy(BASE_PORT);
    await local.impersonate(certs.selfSignedCert, certs.selfSignedKey);
    try {
      await withEnv(WEAKENING_ENV, async () => {
        const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${local.port}/${PG_USER}?sslmode=no-verify&ssl=false`, mode: 'verify-ca', caFile: certs.caCert });
        const pool = new pg.Pool({ ...cfg.options, max: 2 });
        const error = await pool.query('SELECT 1').then(() => null, (e: unknown) => e);
        await pool.end();
        expect(diagnose(postgresEngine, error, cfg).cause).toBe('certificate-untrusted');
      });
      expect(local.connections.length).toBeGreaterThanOrEqual(1);
      expect(local.connections.every((c) => c.clientHellos === 1 && !c.sent.includes(Buffer.from(PG_PASSWORD)))).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('the configuration never shows the password or key material', async () => {
    const { inspect } = await import('node:util');
    const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url: url(), mode: 'verify-identity', caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE });
    for (const text of [JSON.stringify(cfg), inspect(cfg, { depth: 10 }), String(cfg), JSON.stringify(cfg.options), inspect(cfg.options, { depth: 10 }), inspect(cfg.args, { depth: 10 })]) {
      expect(text).not.toContain(PG_PASSWORD);
      expect(text).not.toContain(CLIENT_KEY_PASSPHRASE);
      expect(text).not.toMatch(/PRIVATE KEY|ENCRYPTED/);
    }
    expect(JSON.stringify(cfg)).toContain('localhost');
    const pool = new pg.Pool({ ...cfg.options, max: 1 });
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await pool.end();
  });

  it('the docs examples run: pg.Pool, Kysely, Drizzle (node-postgres), Knex', async () => {
    proxy.reset();
    for (const example of [pgPoolExample, kyselyExample, drizzleExample, knexExample]) expect(await example(url(), certs.caCert)).toBe(1);
    expectTlsOnEveryConnection(proxy, { minConnections: 4, password: PG_PASSWORD, plainForbidden: [PG_USER], plainPrefix: (p) => expect(p.equals(SSL_REQUEST)).toBe(true) });
  });
});
