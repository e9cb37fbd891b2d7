/**
 * ClickHouse conformance against real clickhouse-server processes (Debian's
 * 18.16, started with configs written here): HTTP + HTTPS ports, an HTTPS
 * port requiring client certificates, and self-signed and expired
 * certificates. Ports 18400-18499.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@dbtls/core';
import { conformanceCases, type CellExpectation } from '@dbtls/core/testing';
import { clickhouseEngine } from '@dbtls/engine-nosql/clickhouse';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { runCliCell, runLibraryCell } from './conformance-run.js';
import { clickhouseConfig, findBinary, startProcess, stopAll, TMP, type RunningServer } from './nosql-servers.js';

const CLICKHOUSE = findBinary('clickhouse-server');
const certs = generateCertificates(`${TMP}/certs`);
const P = { http: 18400, https: 18401, mtls: 18403, selfSigned: 18405, expired: 18407, refused: 18499 };
const PASSWORD = 'ch-lab-pw';

const separatePort: CellExpectation & { reason: string } = {
  ok: false,
  cause: 'server-requires-tls',
  recommendedMode: 'required',
  reason: 'HTTPS is a separate port (https_port): the URL names it, and plain HTTP there is refused',
};
const url = (port: number, host = 'localhost') => `clickhouse://lab:${PASSWORD}@${host}:${port}`;
const cases = conformanceCases(
  clickhouseEngine,
  {
    'no-tls': { url: url(P.http) },
    'tls-optional': { url: url(P.https), caFile: certs.caCert },
    'tls-optional-ip': { url: url(P.https, '127.0.0.1'), caFile: certs.caCert },
    'tls-required': { url: url(P.https), caFile: certs.caCert },
    'client-cert-missing': { url: url(P.mtls), caFile: certs.caCert },
    'client-cert-given': { url: url(P.mtls), caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE },
    'self-signed': { url: url(P.selfSigned), caFile: certs.caCert },
    expired: { url: url(P.expired), caFile: certs.caCert },
    'verify-without-ca': { url: url(P.https) },
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

describe.skipIf(!CLICKHOUSE)(`ClickHouse conformance (real clickhouse-server)${CLICKHOUSE ? '' : ' — SKIPPED: clickhouse-server is not installed (apt-get install -y clickhouse-server)'}`, () => {
  beforeAll(async () => {
    const start = (name: string, ports: number[], config: Parameters<typeof clickhouseConfig>[1]) => {
      const dir = clickhouseConfig(name, config);
      return startProcess(name, CLICKHOUSE!, [`--config-file=${dir}/config.xml`], ports, { cwd: dir, readyMs: 60_000 });
    };
    const tls = { cert: certs.serverCert, key: certs.serverKey, password: PASSWORD };
    servers.push(await start('ch-main', [P.http, P.https], { httpPort: P.http, httpsPort: P.https, tcpPort: 18402, ...tls }));
    servers.push(await start('ch-mtls', [P.mtls], { httpsPort: P.mtls, tcpPort: 18404, ...tls, clientCa: certs.caCert }));
    servers.push(await start('ch-self-signed', [P.selfSigned], { httpsPort: P.selfSigned, tcpPort: 18406, cert: certs.selfSignedCert, key: certs.selfSignedKey, password: PASSWORD }));
    servers.push(await start('ch-expired', [P.expired], { httpsPort: P.expired, tcpPort: 18408, cert: certs.expiredCert, key: certs.expiredKey, password: PASSWORD }));
  });
  afterAll(async () => {
    await stopAll(servers);
    writeMatrix('clickhouse', 'ClickHouse 18.16 (@clickhouse/client 1.23), real clickhouse-server', measured);
  });

  describe('library', () => {
    for (const c of cases) it(c.name, () => runLibraryCell(clickhouseEngine, c, measured));
  });

  describe('CLI (dbtls connect --json)', () => {
    for (const c of cases) it(c.name, () => runCliCell(c));
  });

  describe('server messages and URL forms', () => {
    it('a wrong password is authentication-failed from "Code: 193 … Wrong password", and the password never appears', async () => {
      const r = await connect(clickhouseEngine, { url: `https://lab:wrong-pw@localhost:${P.https}`, caFile: certs.caCert });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('authentication-failed');
      expect(r.ok ? '' : r.diagnosis.original.message).toMatch(/Code: 193/);
      expect(JSON.stringify(r)).not.toContain('wrong-pw');
    });
    it('https:// (with --engine clickhouse) means verify-identity and reports the server certificate', async () => {
      const r = await connect(clickhouseEngine, { url: `https://lab:${PASSWORD}@localhost:${P.https}`, caFile: certs.caCert });
      expect(r.mode.requested).toBe('verify-identity');
      expect(r.ok && r.serverVersion).toMatch(/^ClickHouse 18\./);
      expect(r.ok && r.tls?.peer?.subjectAltNames).toEqual(['DNS:localhost']);
    });
    it('http:// with a TLS mode against the HTTP port says the port has no TLS', async () => {
      const r = await connect(clickhouseEngine, { url: `http://localhost:${P.http}`, mode: 'verify-ca', caFile: certs.caCert });
      expect(r.ok ? 'ok' : [r.diagnosis.cause, r.diagnosis.recommendedMode]).toEqual(['server-lacks-tls', 'disabled']);
    });
    it('a refused port is network-error', async () => {
      const r = await connect(clickhouseEngine, { url: url(P.refused), mode: 'required' });
      expect(r.ok ? 'ok' : r.diagnosis.cause).toBe('network-error');
    });
  });
});
