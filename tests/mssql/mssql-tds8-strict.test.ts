/**
 * TDS 8 strict encryption (`Encrypt=Strict`) against the TDS stub (a stub,
 * not SQL Server): TLS is the first thing on the connection, with ALPN
 * `tds/8.0`; PRELOGIN and LOGIN7 travel inside TLS.
 *
 * 1. The real tedious 19 driver with `encrypt: 'strict'` completes its whole
 *    handshake against the stub (so the stub speaks TDS 8 as a driver expects).
 * 2. dbtls's own TLS-first transport (`Encrypt=Strict` / `encrypt=strict` in
 *    any SQL Server syntax) connects, verifies the certificate and name, and
 *    never sends a TDS byte before TLS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, Request } from 'tedious';
import { connect } from '@dbtls/core';
import { mssqlEngine } from '@dbtls/engine-mssql';
import { generateCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { startTdsStub, STUB_PASSWORD, STUB_USER, STUB_VERSION, type TdsStub } from '../stubs/tds-stub.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'mssql-tds8', 'certs'));
const pem = (path: string) => readFileSync(path, 'utf8');
let strictOnly: TdsStub;
let both: TdsStub;
let tds7: TdsStub;

beforeAll(async () => {
  const cert = pem(certs.serverCert);
  const key = pem(certs.serverKey);
  strictOnly = await startTdsStub({ encryption: 'REQ', tds8: 'require', cert, key });
  both = await startTdsStub({ encryption: 'OFF', tds8: 'accept', cert, key });
  tds7 = await startTdsStub({ encryption: 'OFF', cert, key });
});

afterAll(async () => {
  await Promise.all([strictOnly?.close(), both?.close(), tds7?.close()]);
});

function tediousStrict(port: number): Promise<{ ok: boolean; version?: unknown; message?: string }> {
  return new Promise((resolve) => {
    const connection = new Connection({
      server: 'localhost',
      authentication: { type: 'default', options: { userName: STUB_USER, password: STUB_PASSWORD } },
      options: { port, encrypt: 'strict', cryptoCredentialsDetails: { ca: pem(certs.caCert) }, connectTimeout: 5000, requestTimeout: 5000 },
    });
    connection.on('error', () => undefined);
    connection.connect((error) => {
      if (error) {
        connection.close();
        return resolve({ ok: false, message: error.message });
      }
      let version: unknown;
      const request = new Request('SELECT @@VERSION', (err) => {
        connection.close();
        resolve(err ? { ok: false, message: err.message } : { ok: true, version });
      });
      request.on('row', (columns: { value: unknown }[]) => (version = columns[0]?.value));
      connection.execSqlBatch(request);
    });
  });
}

describe('TDS 8 strict (stub)', () => {
  it('plain tedious 19 with encrypt: "strict" completes the handshake with the stub: TLS first, ALPN tds/8.0, LOGIN7 inside TLS', async () => {
    const result = await tediousStrict(strictOnly.port);
    expect(result).toEqual({ ok: true, version: STUB_VERSION });
    expect(strictOnly.connections.at(-1)).toMatchObject({ tlsFirst: true, alpn: 'tds/8.0', login7: { encrypted: true, passwordOk: true }, refused: null });
  });

  it.each([
    ['ADO.NET', (port: number) => `Server=tcp:localhost,${port};Database=master;User ID=${STUB_USER};Password=${STUB_PASSWORD};Encrypt=Strict`],
    ['JDBC', (port: number) => `jdbc:sqlserver://localhost:${port};databaseName=master;user=${STUB_USER};password=${STUB_PASSWORD};encrypt=strict`],
    ['go-mssqldb', (port: number) => `sqlserver://${STUB_USER}:${STUB_PASSWORD}@localhost:${port}?database=master&encrypt=strict`],
    ['node-mssql', (port: number) => `mssql://${STUB_USER}:${STUB_PASSWORD}@localhost:${port}/master?encrypt=strict`],
  ])('dbtls reads %s Encrypt=Strict as TDS 8 verify-identity and connects TLS-first to a strict-only server', async (_name, make) => {
    const before = strictOnly.connections.length;
    const result = await connect(mssqlEngine, { url: make(strictOnly.port), caFile: certs.caCert });
    expect(result).toMatchObject({ ok: true, encrypted: true, mode: { requested: 'verify-identity', effective: 'verify-identity' } });
    if (result.ok) expect(result.tls).toMatchObject({ protocol: 'TLSv1.3', chainValid: true });
    expect(strictOnly.connections.slice(before)).toHaveLength(1);
    expect(strictOnly.connections.at(-1)).toMatchObject({ tlsFirst: true, alpn: 'tds/8.0', servername: 'localhost', login7: { encrypted: true, passwordOk: true } });
    expect(strictOnly.connections.at(-1)!.batches.some((b) => /@@version/i.test(b))).toBe(true);
  });

  it('without strict, the strict-only server refuses the TDS 7.x PRELOGIN (the stub enforces TDS 8)', async () => {
    const result = await connect(mssqlEngine, { url: `mssql://${STUB_USER}:${STUB_PASSWORD}@localhost:${strictOnly.port}/master`, mode: 'verify-identity', caFile: certs.caCert });
    expect(result.ok).toBe(false);
    expect(strictOnly.connections.at(-1)).toMatchObject({ tlsFirst: false, login7: null });
    expect(strictOnly.connections.at(-1)!.refused).toMatch(/requires TDS 8/);
  });

  it('strict verifies the certificate: a wrong CA fails before any TDS byte, no LOGIN7', async () => {
    const result = await connect(mssqlEngine, { url: `Server=tcp:localhost,${both.port};User ID=${STUB_USER};Password=${STUB_PASSWORD};Encrypt=Strict`, caFile: certs.ca2Cert });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnosis.cause).toBe('certificate-untrusted');
    expect(both.connections.at(-1)).toMatchObject({ tlsFirst: true, clientEncryption: null, login7: null });
  });

  it('strict checks the name (HostNameInCertificate is the name checked and sent as SNI)', async () => {
    const wrongName = await connect(mssqlEngine, { url: `Server=tcp:127.0.0.1,${both.port};User ID=${STUB_USER};Password=${STUB_PASSWORD};Encrypt=Strict;HostNameInCertificate=db.example.com`, caFile: certs.caCert });
    expect(wrongName.ok).toBe(false);
    if (!wrongName.ok) expect(wrongName.diagnosis.cause).toBe('hostname-mismatch');
    const named = await connect(mssqlEngine, { url: `Server=tcp:127.0.0.1,${both.port};User ID=${STUB_USER};Password=${STUB_PASSWORD};Encrypt=Strict;HostNameInCertificate=localhost`, caFile: certs.caCert });
    expect(named).toMatchObject({ ok: true, encrypted: true });
    expect(both.connections.at(-1)).toMatchObject({ tlsFirst: true, servername: 'localhost', alpn: 'tds/8.0' });
  });

  it('strict against a TDS 7.x-only server fails (no plain fallback, nothing sent in plain text)', async () => {
    const result = await connect(mssqlEngine, { url: `sqlserver://${STUB_USER}:${STUB_PASSWORD}@localhost:${tds7.port}?encrypt=strict`, caFile: certs.caCert, timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(tds7.connections.at(-1)).toMatchObject({ login7: null, refused: expect.stringMatching(/TDS 8/) });
  });
});
