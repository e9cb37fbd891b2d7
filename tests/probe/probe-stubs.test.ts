/**
 * `dbtls probe` against the protocol STUBS (no real server can run here):
 * the TDS 7.4 stub (PRELOGIN answers NOT_SUP, OFF, REQ, then the TLS
 * handshake inside PRELOGIN packets) and the MongoDB, Cassandra and Oracle
 * listener stubs (direct TLS). Connections are counted through a loopback
 * proxy; the stubs record whether a LOGIN7 (user name) was ever sent.
 * Ephemeral ports only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probe, type EngineDefinition, type ProbeFailure, type ProbeResult } from '@dbtls/core';
import { mssqlEngine } from '@dbtls/engine-mssql';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
import { cassandraEngine } from '@dbtls/engine-nosql/cassandra';
import { oracleEngine } from '@dbtls/engine-nosql/oracle';
import { generateCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { startCountingProxy, type CountingProxy } from '../harness/tcp-proxy.js';
import { startTdsStub, STUB_PASSWORD, STUB_USER, type StubEncryption, type TdsStub } from '../stubs/tds-stub.js';
import { startMongodbStub } from '../stubs/mongodb-stub.js';
import { startCassandraStub } from '../stubs/cassandra-stub.js';
import { startOracleStub } from '../stubs/oracle-stub.js';
import type { StubListener, StubListenerOptions } from '../stubs/stub-listener.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'probe', 'certs'));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function proxied(port: number): Promise<CountingProxy> {
  const proxy = await startCountingProxy(port);
  closers.push(() => proxy.close());
  return proxy;
}

const ok = (r: ProbeResult | ProbeFailure): ProbeResult => {
  if (!r.ok) throw new Error(`probe failed: ${r.diagnosis.cause}: ${r.diagnosis.original.message}`);
  return r;
};

async function tds(encryption: StubEncryption): Promise<TdsStub> {
  const stub = await startTdsStub({ encryption, cert: readFileSync(certs.serverCert, 'utf8'), key: readFileSync(certs.serverKey, 'utf8') });
  closers.push(() => stub.close());
  return stub;
}

describe('probe: SQL Server (TDS 7.4 STUB)', () => {
  const url = (port: number, login: boolean) => (login ? `mssql://${STUB_USER}:${encodeURIComponent(STUB_PASSWORD)}@localhost:${port}/master` : `mssql://localhost:${port}/master`);

  it('ENCRYPT_NOT_SUP: no TLS, plain text accepted, one connection, no LOGIN7 sent even with credentials', async () => {
    const stub = await tds('NOT_SUP');
    const proxy = await proxied(stub.port);
    const r = ok(await probe(mssqlEngine, { url: url(proxy.port, true), timeoutMs: 5000 }));
    expect(r).toMatchObject({ offersTls: 'no', requiresTls: 'no', method: 'PRELOGIN (ENCRYPT_OFF sent)' });
    expect(r.recommendedMode).toBe(mssqlEngine.fallback.capability === 'none' ? 'disabled' : 'preferred');
    expect(proxy.connections).toBe(1);
    expect(stub.connections.every((c) => c.login7 === null)).toBe(true);
  });

  it('ENCRYPT_OFF: TLS offered, plain text accepted (login-only encryption); the handshake ends before LOGIN7', async () => {
    const stub = await tds('OFF');
    const proxy = await proxied(stub.port);
    const r = ok(await probe(mssqlEngine, { url: url(proxy.port, false), caFile: certs.caCert, timeoutMs: 5000 }));
    expect(r).toMatchObject({ offersTls: 'yes', requiresTls: 'no', recommendedMode: 'verify-identity' });
    expect(r.tls?.protocol).toBe('TLSv1.2');
    expect(stub.connections[0]).toMatchObject({ clientEncryption: 'OFF', answer: 'OFF', login7: null });
    expect(proxy.connections).toBe(1);
  });

  it('ENCRYPT_REQ with credentials: requires TLS; one confirming login, encrypted (two connections)', async () => {
    const stub = await tds('REQ');
    const proxy = await proxied(stub.port);
    const r = ok(await probe(mssqlEngine, { url: url(proxy.port, true), caFile: certs.caCert, timeoutMs: 5000 }));
    expect(r).toMatchObject({ offersTls: 'yes', requiresTls: 'yes', recommendedMode: 'verify-identity' });
    expect(r.login).toMatchObject({ attempted: true, ok: true, mode: 'verify-identity' });
    expect(proxy.connections).toBe(2);
    expect(stub.connections[0]!.login7).toBeNull();
    expect(stub.connections[1]!.login7).toMatchObject({ encrypted: true, user: STUB_USER, passwordOk: true });
  });

  it('TDS 8 strict (encrypt=strict): TLS first with ALPN tds/8.0, PRELOGIN inside TLS, no LOGIN7', async () => {
    const stub = await startTdsStub({ encryption: 'REQ', tds8: 'require', cert: readFileSync(certs.serverCert, 'utf8'), key: readFileSync(certs.serverKey, 'utf8') });
    closers.push(() => stub.close());
    const proxy = await proxied(stub.port);
    const r = ok(await probe(mssqlEngine, { url: `${url(proxy.port, false)}?encrypt=strict`, caFile: certs.caCert, timeoutMs: 5000 }));
    expect(r).toMatchObject({ offersTls: 'yes', method: 'TLS first (TDS 8 strict, ALPN tds/8.0)', recommendedMode: 'verify-identity' });
    expect(proxy.connections).toBe(1);
    expect(proxy.received[0]![0]).toBe(0x16);
    expect(stub.connections.every((c) => c.login7 === null)).toBe(true);
    // Without encrypt=strict: the plain PRELOGIN is refused, and the second connection finds TDS 8.
    const plain = ok(await probe(mssqlEngine, { url: url(proxy.port, false), caFile: certs.caCert, timeoutMs: 5000 }));
    expect(plain).toMatchObject({ offersTls: 'yes', requiresTls: 'yes', connections: 2 });
    expect(plain.notes.join(' ')).toMatch(/encrypt=strict/);
  });

  it('without a CA file: required, and the reason names the missing issuer', async () => {
    const stub = await tds('REQ');
    const r = ok(await probe(mssqlEngine, { url: url(stub.port, false), timeoutMs: 5000 }));
    expect(r.recommendedMode).toBe('required');
    expect(r.recommendation.urlParameters).toBeTruthy();
  });
});

type Start = (options: Omit<StubListenerOptions, 'onConnection'>) => Promise<StubListener>;
const DIRECT: [string, EngineDefinition, Start, (port: number) => string][] = [
  ['MongoDB', mongodbEngine, startMongodbStub, (port) => `mongodb://localhost:${port}/admin?directConnection=true`],
  ['Cassandra', cassandraEngine, startCassandraStub, (port) => `cassandra://localhost:${port}/?dc=datacenter1`],
  ['Oracle', oracleEngine, startOracleStub, (port) => `oracle://localhost:${port}/FREEPDB1`],
];

describe.each(DIRECT)('probe: %s (STUB, direct TLS)', (_name, engine, start, url) => {
  it('TLS only: verify-identity with the CA, one connection, nothing but TLS sent', async () => {
    const stub = await start({ transport: 'tls', certFile: certs.serverCert, keyFile: certs.serverKey });
    closers.push(() => stub.close());
    const proxy = await proxied(stub.port);
    const r = ok(await probe(engine, { url: url(proxy.port), caFile: certs.caCert, timeoutMs: 5000 }));
    expect(r).toMatchObject({ offersTls: 'yes', recommendedMode: 'verify-identity' });
    expect(r.certificates[0]?.subject).toBe('CN=localhost');
    expect(proxy.connections).toBe(1);
    expect(proxy.received[0]![0]).toBe(0x16);
  });

  it('client certificate required: reported from the TLS 1.3 alert', async () => {
    const stub = await start({ transport: 'tls', certFile: certs.serverCert, keyFile: certs.serverKey, requireClientCert: true, clientCaFile: certs.caCert });
    closers.push(() => stub.close());
    const r = ok(await probe(engine, { url: url(stub.port), caFile: certs.caCert, timeoutMs: 5000 }));
    expect(r.clientCertificateRequired).toBe(true);
  });
});
