/**
 * Redis conformance against real redis-server processes (the machine's
 * redis-server 7.x): a plain port, a server with both a plain port and a
 * TLS port, a TLS-only server, one requiring client certificates, and
 * self-signed and expired certificates. Ports 63400-63499.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@dbtls/core';
import { conformanceCases, type CellExpectation } from '@dbtls/core/testing';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { runCliCell, runLibraryCell } from './conformance-run.js';
import { findBinary, redisArgs, startProcess, stopAll, TMP, type RunningServer } from './nosql-servers.js';

const REDIS = findBinary('redis-server');
const certs = generateCertificates(`${TMP}/certs`);
const P = { plain: 63400, both: 63401, bothTls: 63402, tlsOnly: 63403, mtls: 63404, selfSigned: 63405, expired: 63406, refused: 63499 };
const PASSWORD = 'redis-s3cret';

const separatePort = (cause: 'server-requires-tls'): CellExpectation & { reason: string } => ({
  ok: false,
  cause,
  recommendedMode: 'required',
  reason: 'TLS on a separate port: the URL names the tls-port, which refuses plain text',
});
const cases = conformanceCases(
  redisEngine,
  {
    'no-tls': { url: `redis://localhost:${P.plain}` },
    'tls-optional': { url: `redis://localhost:${P.bothTls}`, caFile: certs.caCert },
    'tls-optional-ip': { url: `redis://127.0.0.1:${P.bothTls}`, caFile: certs.caCert },
    'tls-required': { url: `redis://localhost:${P.tlsOnly}`, caFile: certs.caCert },
    'client-cert-missing': { url: `redis://:${PASSWORD}@localhost:${P.mtls}`, caFile: certs.caCert },
    'client-cert-given': { url: `redis://:${PASSWORD}@localhost:${P.mtls}`, caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE },
    'self-signed': { url: `redis://localhost:${P.selfSigned}`, caFile: certs.caCert },
    expired: { url: `redis://localhost:${P.expired}`, caFile: certs.caCert },
    'verify-without-ca': { url: `redis://localhost:${P.tlsOnly}` },
  },
  {
    'tls-optional': { disabled: separatePort('server-requires-tls') },
    'tls-optional-ip': { disabled: separatePort('server-requires-tls') },
    'self-signed': { disabled: separatePort('server-requires-tls') },
    expired: { disabled: separatePort('server-requires-tls') },
  },
);
// A plain Redis port never answers a ClientHello: the TLS modes wait for the deadline; keep it short.
for (const c of cases) if (c.scenario === 'no-tls' && c.mode !== 'disabled') c.options.timeoutMs = 2500;

const servers: RunningServer[] = [];
const measured: MeasuredCell[] = [];

describe.skipIf(!REDIS)(`Redis conformance (real redis-server)${REDIS ? '' : ' — SKIPPED: redis-server is not installed (apt-get install -y redis-server)'}`, () => {
  beforeAll(async () => {
    const tls = { cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert };
    servers.push(await startProcess('redis-plain', REDIS!, redisArgs({ port: P.plain }), [P.plain]));
    servers.push(await startProcess('redis-both', REDIS!, redisArgs({ port: P.both, tlsPort: P.bothTls, ...tls }), [P.both, P.bothTls]));
    servers.push(await startProcess('redis-tls-only', REDIS!, redisArgs({ tlsPort: P.tlsOnly, ...tls }), [P.tlsOnly]));
    servers.push(await startProcess('redis-mtls', REDIS!, redisArgs({ tlsPort: P.mtls, ...tls, authClients: true, password: PASSWORD }), [P.mtls]));
    servers.push(await startProcess('redis-self-signed', REDIS!, redisArgs({ tlsPort: P.selfSigned, cert: certs.selfSignedCert, key: certs.selfSignedKey }), [P.selfSigned]));
    servers.push(await startProcess('redis-expired', REDIS!, redisArgs({ tlsPort: P.expired, cert: certs.expiredCert, key: certs.expiredKey, ca: certs.caCert }), [P.expired]));
  });
  afterAll(async () => {
    await stopAll(servers);
    writeMatrix('redis', 'Redis 7 (ioredis 6), real redis-server', measured);
  });

  describe('library', () => {
    for (const c of cases) it(c.name, () => runLibraryCell(redisEngine, c, measured));
  });

  describe('CLI (dbtls connect --json)', () => {
    for (const c of cases) it(c.name, () => runCliCell(c));
  });

  describe('causes ioredis hides behind "Connection is closed."', () => {
    const tlsOnly = { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey };
    it('wrong password over mutual TLS is authentication-failed with the server\'s WRONGPASS', async () => {
      const r = await connect(redisEngine, { url: `redis://:wrong@localhost:${P.mtls}`, mode: 'verify-identity', ...tlsOnly });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.diagnosis.cause).toBe('authentication-failed');
      expect(r.diagnosis.original.message).toMatch(/WRONGPASS/);
      expect(JSON.stringify(r)).not.toContain(PASSWORD);
    });
    it('no password where one is required is authentication-failed (NOAUTH)', async () => {
      const r = await connect(redisEngine, { url: `redis://localhost:${P.mtls}`, mode: 'required', ...tlsOnly });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('authentication-failed');
    });
    it('a refused port is network-error, at once', async () => {
      const r = await connect(redisEngine, { url: `redis://localhost:${P.refused}`, mode: 'required', timeoutMs: 5000 });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('network-error');
      expect(r.elapsedMs).toBeLessThan(2000);
    });
    it('TLS to the plain port is bounded by --timeout and says the port has no TLS', async () => {
      const r = await connect(redisEngine, { url: `redis://localhost:${P.plain}`, mode: 'required', timeoutMs: 1500 });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('server-lacks-tls');
      expect(r.elapsedMs).toBeLessThan(2500);
    });
    it('rediss:// means verify-identity unless a mode is given, and the report names the server certificate', async () => {
      const r = await connect(redisEngine, { url: `rediss://localhost:${P.tlsOnly}`, caFile: certs.caCert });
      expect(r.mode).toEqual({ requested: 'verify-identity', effective: 'verify-identity' });
      expect(r.ok && r.tls?.peer?.subjectAltNames).toEqual(['DNS:localhost']);
      expect(r.ok && r.serverVersion).toMatch(/^Redis \d/);
    });
    it('preferred behaves as required and says so', async () => {
      const r = await connect(redisEngine, { url: `redis://localhost:${P.plain}`, mode: 'preferred', timeoutMs: 1500 });
      expect(r.mode.effective).toBe('required');
      expect(r.warnings.join(' ')).toMatch(/"preferred" behaves as "required"/);
    });
  });
});
