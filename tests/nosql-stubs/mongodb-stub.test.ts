/**
 * MongoDB engine against the MongoDB wire-protocol STUB (tests/stubs/mongodb-stub.ts):
 * the real `mongodb` driver completes its handshake (OP_QUERY hello), hello,
 * ping and buildInfo (OP_MSG) over plain TCP or TLS with the generated certificates.
 */
import { statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@dbtls/core';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
import type { ConformanceScenario, ScenarioServer } from '@dbtls/core/testing';
import { generateCertificates, CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { startMongodbStub, type MongodbStub } from '../stubs/mongodb-stub.js';
import { describeConformance, startScenarioStubs } from './stub-conformance.js';

const SCENARIOS = ['no-tls', 'tls-optional', 'tls-optional-ip', 'tls-required', 'client-cert-missing', 'client-cert-given', 'self-signed', 'expired', 'verify-without-ca'] as const satisfies readonly ConformanceScenario[];

let certs: TestCertificates;
const stubs: Partial<Record<ConformanceScenario, MongodbStub>> = {};
const servers: Partial<Record<ConformanceScenario, ScenarioServer>> = {};

beforeAll(async () => {
  certs = generateCertificates(join(__dirname, '..', '.tmp', 'nosql-stubs', 'certs'));
  const url = (s: MongodbStub, host = 'localhost') => `mongodb://${host}:${s.port}/admin`;
  const started = await startScenarioStubs(certs, startMongodbStub, url);
  Object.assign(stubs, started.stubs);
  Object.assign(servers, started.servers);
});

afterAll(async () => {
  await Promise.all(Object.values(stubs).map((s) => s.close()));
});

describeConformance({
  engine: mongodbEngine,
  matrixId: 'mongodb',
  title: 'MongoDB (stub) with mongodb 7.9',
  servers: () => servers,
  scenarios: SCENARIOS,
});

describe('MongoDB engine details (stub)', () => {
  it('reaches the stub with the real driver: hello and ping over TLS, TLS report from the driver socket (stub)', async () => {
    const before = stubs['tls-required']!.commands.length;
    const result = await connect(mongodbEngine, { url: servers['tls-required']!.url, mode: 'verify-identity', caFile: certs.caCert });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.serverVersion).toBe('MongoDB 7.0.0-dbtls-stub');
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
    expect(result.warnings.join(' ')).not.toMatch(/second connection/);
    const names = stubs['tls-required']!.commands.slice(before).map((c) => c.name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['ismaster', 'hello', 'ping', 'buildinfo']));
    expect(stubs['tls-required']!.commands.slice(before).every((c) => c.encrypted)).toBe(true);
  });

  it('sends SNI for a host name (stub)', async () => {
    const stub = stubs['tls-required']!;
    const before = stub.connections.length;
    const result = await connect(mongodbEngine, { url: servers['tls-required']!.url, mode: 'required' });
    expect(result.ok).toBe(true);
    expect(stub.connections.slice(before).some((c) => c.servername === 'localhost')).toBe(true);
  });

  it('bounds a failure by the timeout, not serverSelectionTimeoutMS (30 s) (stub)', async () => {
    const result = await connect(mongodbEngine, { url: servers['self-signed']!.url, mode: 'verify-ca', caFile: certs.caCert, timeoutMs: 20_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('certificate-untrusted');
    // Fails on the first server error, far below the 20 s given.
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  it('refused port: network-error within the timeout (stub)', async () => {
    const result = await connect(mongodbEngine, { url: 'mongodb://localhost:1/', mode: 'required', timeoutMs: 3000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('network-error');
    expect(result.diagnosis.original.code).toBe('ECONNREFUSED');
  });

  it('an encrypted client key with its passphrase, given as two files, is joined in a temporary file that is removed (stub)', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('dbtls-')));
    const result = await connect(mongodbEngine, {
      url: servers['client-cert-given']!.url,
      mode: 'verify-identity',
      caFile: certs.caCert,
      certFile: certs.clientCert,
      keyFile: certs.clientKeyEncrypted,
      passphrase: CLIENT_KEY_PASSPHRASE,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const after = readdirSync(tmpdir()).filter((f) => f.startsWith('dbtls-') && !before.has(f));
    expect(after).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(CLIENT_KEY_PASSPHRASE);
    void statSync;
  });

  it('URL tls options select the mode: tlsAllowInvalidHostnames=true is verify-ca (stub)', async () => {
    const url = `mongodb://127.0.0.1:${stubs['tls-required']!.port}/?tls=true&tlsAllowInvalidHostnames=true&tlsCAFile=${encodeURIComponent(certs.caCert)}`;
    const result = await connect(mongodbEngine, { url });
    expect(result.mode.requested).toBe('verify-ca');
    expect(result.ok).toBe(true);
  });
});
