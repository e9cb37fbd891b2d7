/**
 * Cassandra engine against the native-protocol v4 STUB (tests/stubs/cassandra-stub.ts):
 * the real `cassandra-driver` negotiates the protocol version, STARTUPs, reads
 * system.local and system.peers on its control connection and runs one query,
 * over plain TCP or TLS with the generated certificates.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@dbtls/core';
import { cassandraEngine } from '@dbtls/engine-nosql/cassandra';
import type { ConformanceScenario, ScenarioServer } from '@dbtls/core/testing';
import { generateCertificates, CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { startCassandraStub, type CassandraStub } from '../stubs/cassandra-stub.js';
import { describeConformance, startScenarioStubs } from './stub-conformance.js';

const SCENARIOS = ['no-tls', 'tls-optional', 'tls-optional-ip', 'tls-required', 'client-cert-missing', 'client-cert-given', 'self-signed', 'expired', 'verify-without-ca'] as const satisfies readonly ConformanceScenario[];

let certs: TestCertificates;
const stubs: Partial<Record<ConformanceScenario, CassandraStub>> = {};
const servers: Partial<Record<ConformanceScenario, ScenarioServer>> = {};

beforeAll(async () => {
  certs = generateCertificates(join(__dirname, '..', '.tmp', 'nosql-stubs', 'certs'));
  const url = (s: CassandraStub, host = 'localhost') => `cassandra://${host}:${s.port}/`;
  const started = await startScenarioStubs(certs, startCassandraStub, url);
  Object.assign(stubs, started.stubs);
  Object.assign(servers, started.servers);
});

afterAll(async () => {
  await Promise.all(Object.values(stubs).map((s) => s.close()));
});

describeConformance({
  engine: cassandraEngine,
  matrixId: 'cassandra',
  title: 'Cassandra (stub) with cassandra-driver 4.10',
  servers: () => servers,
  scenarios: SCENARIOS,
});

describe('Cassandra engine details (stub)', () => {
  it('the real driver downgrades to v4, STARTUPs and queries system.local over TLS; TLS report from its socket (stub)', async () => {
    const stub = stubs['tls-required']!;
    const before = stub.requests.length;
    const result = await connect(cassandraEngine, { url: servers['tls-required']!.url, mode: 'verify-identity', caFile: certs.caCert });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.serverVersion).toBe('Cassandra 3.11.16-dbtls-stub');
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.tls?.chainValid).toBe(true);
    const seen = stub.requests.slice(before);
    expect(seen.map((r) => r.op)).toEqual(expect.arrayContaining(['version-0x42', 'STARTUP', 'QUERY']));
    expect(seen.some((r) => r.query === "SELECT release_version FROM system.local WHERE key='local'")).toBe(true);
    expect(seen.every((r) => r.encrypted)).toBe(true);
  });

  it('sends the host name as SNI, which the driver alone does not (stub)', async () => {
    const stub = stubs['tls-required']!;
    const before = stub.connections.length;
    const result = await connect(cassandraEngine, { url: servers['tls-required']!.url, mode: 'verify-identity', caFile: certs.caCert });
    expect(result.ok).toBe(true);
    expect(stub.connections.slice(before).every((c) => c.servername === 'localhost')).toBe(true);
  });

  it('a CA alone does not validate a self-signed server in the driver, but does in verify-ca (stub)', async () => {
    const result = await connect(cassandraEngine, { url: servers['self-signed']!.url, mode: 'verify-ca', caFile: certs.caCert });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('certificate-untrusted');
    expect(result.diagnosis.original.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('an encrypted client key with its passphrase (stub)', async () => {
    const result = await connect(cassandraEngine, {
      url: servers['client-cert-given']!.url,
      mode: 'verify-identity',
      caFile: certs.caCert,
      certFile: certs.clientCert,
      keyFile: certs.clientKeyEncrypted,
      passphrase: CLIENT_KEY_PASSPHRASE,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(JSON.stringify(result)).not.toContain(CLIENT_KEY_PASSPHRASE);
  });

  it('refused port: network-error with the per-host error (stub)', async () => {
    const result = await connect(cassandraEngine, { url: 'cassandra://localhost:1/', mode: 'required', timeoutMs: 3000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('network-error');
    expect(result.diagnosis.original.code).toBe('ECONNREFUSED');
  });
});
