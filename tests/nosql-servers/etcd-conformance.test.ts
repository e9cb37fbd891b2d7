/**
 * etcd conformance against real etcd processes (Debian's etcd-server 3.4):
 * a plain client URL, an https client URL, one with --client-cert-auth, and
 * self-signed and expired certificates; plus etcd's own authentication.
 * Ports 23400-23499.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@dbtls/core';
import { conformanceCases, type CellExpectation } from '@dbtls/core/testing';
import { etcdEngine } from '@dbtls/engine-nosql/etcd';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../harness/cli.js';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { runCliCell, runLibraryCell } from './conformance-run.js';
import { etcdArgs, findBinary, startProcess, stopAll, TMP, type RunningServer } from './nosql-servers.js';

const ETCD = findBinary('etcd');
// etcd3 is a dev dependency of @dbtls/engine-nosql (the tests package does not list it).
const { Etcd3 } = createRequire(join(ROOT, 'packages/engine-nosql/package.json'))('etcd3') as typeof import('etcd3');
const certs = generateCertificates(`${TMP}/certs`);
const P = { plain: 23400, tls: 23402, mtls: 23404, selfSigned: 23406, expired: 23408, auth: 23410, refused: 23499 };
const ROOT_PASSWORD = 'etcd-r00t-pw';

const separatePort: CellExpectation & { reason: string } = {
  ok: false,
  cause: 'server-requires-tls',
  recommendedMode: 'required',
  reason: 'an etcd client URL is https-only or http-only: the URL names the https one',
};
const cases = conformanceCases(
  etcdEngine,
  {
    'no-tls': { url: `etcd://localhost:${P.plain}` },
    'tls-optional': { url: `etcd://localhost:${P.tls}`, caFile: certs.caCert },
    'tls-optional-ip': { url: `etcd://127.0.0.1:${P.tls}`, caFile: certs.caCert },
    'tls-required': { url: `etcd://localhost:${P.tls}`, caFile: certs.caCert },
    'client-cert-missing': { url: `etcd://localhost:${P.mtls}`, caFile: certs.caCert },
    'client-cert-given': { url: `etcd://localhost:${P.mtls}`, caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE },
    'self-signed': { url: `etcd://localhost:${P.selfSigned}`, caFile: certs.caCert },
    expired: { url: `etcd://localhost:${P.expired}`, caFile: certs.caCert },
    'verify-without-ca': { url: `etcd://localhost:${P.tls}` },
  },
  {
    'tls-optional': { disabled: separatePort },
    'tls-optional-ip': { disabled: separatePort },
    'self-signed': { disabled: separatePort },
    expired: { disabled: separatePort },
  },
);

const servers: RunningServer[] = [];
const measured: MeasuredCell[] = [];

describe.skipIf(!ETCD)(`etcd conformance (real etcd)${ETCD ? '' : ' — SKIPPED: etcd is not installed (apt-get install -y etcd-server)'}`, () => {
  beforeAll(async () => {
    const start = (name: string, port: number, tls: { cert?: string; key?: string; clientCa?: string }) => startProcess(name, ETCD!, etcdArgs(name, { port, peerPort: port + 1, ...tls }), [port]);
    servers.push(await start('etcd-plain', P.plain, {}));
    servers.push(await start('etcd-tls', P.tls, { cert: certs.serverCert, key: certs.serverKey }));
    servers.push(await start('etcd-mtls', P.mtls, { cert: certs.serverCert, key: certs.serverKey, clientCa: certs.caCert }));
    servers.push(await start('etcd-self-signed', P.selfSigned, { cert: certs.selfSignedCert, key: certs.selfSignedKey }));
    servers.push(await start('etcd-expired', P.expired, { cert: certs.expiredCert, key: certs.expiredKey }));
    servers.push(await start('etcd-auth', P.auth, {}));
    // Turn on etcd authentication (root user, root role) on its own server.
    const admin = new Etcd3({ hosts: `127.0.0.1:${P.auth}` });
    try {
      const root = await admin.user('root').create(ROOT_PASSWORD);
      await root.addRole('root');
      await admin.auth.authEnable();
    } finally {
      admin.close();
    }
  });
  afterAll(async () => {
    await stopAll(servers);
    writeMatrix('etcd', 'etcd 3.4 (etcd3 1.1, grpc-js 1.14), real etcd', measured);
  });

  describe('library', () => {
    for (const c of cases) it(c.name, () => runLibraryCell(etcdEngine, c, measured));
  });

  describe('CLI (dbtls connect --json)', () => {
    for (const c of cases) it(c.name, () => runCliCell(c));
  });

  describe('etcd authentication and failures', () => {
    it('the right root password authenticates over the same channel, and the status read answers', async () => {
      const r = await connect(etcdEngine, { url: `etcd://root:${ROOT_PASSWORD}@localhost:${P.auth}`, mode: 'disabled' });
      expect(r.ok && r.serverVersion).toMatch(/^etcd 3\./);
    });
    it('a wrong password is authentication-failed, and the password never appears', async () => {
      const r = await connect(etcdEngine, { url: `etcd://root:not-the-password@localhost:${P.auth}`, mode: 'disabled' });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('authentication-failed');
      expect(JSON.stringify(r)).not.toContain('not-the-password');
    });
    it('a refused port is network-error (gRPC 14 UNAVAILABLE … Last error: ECONNREFUSED)', async () => {
      const r = await connect(etcdEngine, { url: `etcd://localhost:${P.refused}`, mode: 'required', timeoutMs: 5000 });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('network-error');
      expect(r.ok ? '' : r.diagnosis.original.message).toMatch(/UNAVAILABLE.*ECONNREFUSED/);
    });
    it('https:// with --engine etcd reads as verify-identity and returns a TLS report from the channel\'s socket', async () => {
      const r = await connect(etcdEngine, { url: `https://localhost:${P.tls}`, caFile: certs.caCert });
      expect(r.mode.requested).toBe('verify-identity');
      expect(r.ok && r.tls?.peer?.subjectAltNames).toEqual(['DNS:localhost']);
      expect(r.ok && r.tls?.cipher).toBeTruthy();
    });
  });
});
