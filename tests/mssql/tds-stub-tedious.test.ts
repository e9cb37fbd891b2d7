/**
 * Plain tedious 19 (no dbtls) against the TDS stub: checks that the stub is
 * faithful enough for the real driver's whole handshake, and measures what
 * tedious itself does with each PRELOGIN answer, including whether LOGIN7 is
 * encrypted under encrypt: false when the server answers ENCRYPT_OFF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, Request, type ConnectionConfiguration } from 'tedious';
import { generateCertificates, type TestCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { startTdsStub, STUB_PASSWORD, STUB_USER, STUB_VERSION, type StubEncryption, type TdsStub } from '../stubs/tds-stub.js';

let certs: TestCertificates;
const stubs: TdsStub[] = [];

async function stub(encryption: StubEncryption, literalAnswer = false): Promise<TdsStub> {
  const s = await startTdsStub({ encryption, literalAnswer, cert: readFileSync(certs.serverCert, 'utf8'), key: readFileSync(certs.serverKey, 'utf8') });
  stubs.push(s);
  return s;
}

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  causeCode?: string;
  version?: unknown;
}

function run(port: number, options: ConnectionConfiguration['options'], password = STUB_PASSWORD): Promise<Outcome> {
  return new Promise((resolve) => {
    const connection = new Connection({
      server: 'localhost',
      authentication: { type: 'default', options: { userName: STUB_USER, password } },
      options: { port, connectTimeout: 5000, requestTimeout: 5000, ...options },
    });
    connection.on('error', () => undefined);
    connection.connect((error) => {
      if (error) {
        connection.close();
        const e = error as Error & { code?: string; cause?: { code?: string } };
        return resolve({ ok: false, code: e.code, message: e.message, causeCode: e.cause?.code });
      }
      let version: unknown;
      const request = new Request('SELECT @@VERSION', (err) => {
        connection.close();
        resolve(err ? { ok: false, message: err.message } : { ok: true, version });
      });
      request.on('row', (cols) => (version = cols[0]?.value));
      connection.execSqlBatch(request);
    });
  });
}

beforeAll(() => {
  certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'mssql', 'certs'));
});

afterAll(async () => {
  await Promise.all(stubs.map((s) => s.close()));
});

describe('tedious 19 against the TDS stub (stub)', () => {
  it('encrypt: true + trustServerCertificate: completes TLS 1.2 inside PRELOGIN packets, logs in encrypted and runs a batch (stub)', async () => {
    const s = await stub('OFF');
    const outcome = await run(s.port, { encrypt: true, trustServerCertificate: true });
    expect(outcome).toEqual({ ok: true, version: STUB_VERSION });
    expect(s.connections[0]).toMatchObject({ clientEncryption: 'ON', answer: 'ON', tlsProtocol: 'TLSv1.2', servername: 'localhost', refused: null });
    expect(s.connections[0]!.login7).toEqual({ encrypted: true, user: STUB_USER, passwordOk: true, database: '' });
    expect(s.connections[0]!.batches.at(-1)).toBe('SELECT @@VERSION');
  });

  it('encrypt: true with the CA validates the chain and the name (stub)', async () => {
    const s = await stub('REQ');
    const outcome = await run(s.port, { encrypt: true, cryptoCredentialsDetails: { ca: readFileSync(certs.caCert, 'utf8') } });
    expect(outcome.ok).toBe(true);
    expect(s.connections[0]!.login7?.encrypted).toBe(true);
  });

  // tedious 20.x fails here with EENCRYPT "Server did not negotiate encryption"; 19.x has no such check.
  for (const [setting, literal] of [['NOT_SUP', false], ['OFF', true]] as const) {
    it(`encrypt: true against a server answering ENCRYPT_${setting}: tedious 19 silently logs in WITHOUT TLS, LOGIN7 in plain text (stub)`, async () => {
      const s = await stub(setting, literal);
      const outcome = await run(s.port, { encrypt: true, trustServerCertificate: true });
      expect(outcome).toEqual({ ok: true, version: STUB_VERSION });
      expect(s.connections[0]).toMatchObject({ clientEncryption: 'ON', answer: setting, tlsProtocol: null });
      expect(s.connections[0]!.login7).toMatchObject({ encrypted: false, user: STUB_USER, passwordOk: true });
      console.log(`measured: tedious 19 encrypt:true, server answer ENCRYPT_${setting} -> connected, LOGIN7 encrypted=${s.connections[0]!.login7!.encrypted}`);
    });
  }

  it('encrypt: false against Force Encryption (REQ) fails with EENCRYPT "Server requires encryption" (stub)', async () => {
    const s = await stub('REQ');
    const outcome = await run(s.port, { encrypt: false });
    expect(outcome).toMatchObject({ ok: false, code: 'EENCRYPT' });
    expect(outcome.message).toMatch(/Server requires encryption/);
    expect(s.connections[0]).toMatchObject({ clientEncryption: 'NOT_SUP', answer: 'REQ' });
  });

  it('encrypt: false sends NOT_SUP; a server set to OFF answers NOT_SUP and LOGIN7 travels in plain text (stub)', async () => {
    const s = await stub('OFF');
    const outcome = await run(s.port, { encrypt: false });
    expect(outcome.ok).toBe(true);
    expect(s.connections[0]).toMatchObject({ clientEncryption: 'NOT_SUP', answer: 'NOT_SUP', tlsProtocol: null });
    expect(s.connections[0]!.login7).toMatchObject({ encrypted: false, user: STUB_USER, passwordOk: true });
  });

  it('encrypt: false with a literal ENCRYPT_OFF answer (login-only encryption offered): tedious still sends LOGIN7 in plain text (stub)', async () => {
    const s = await stub('OFF', true);
    const outcome = await run(s.port, { encrypt: false });
    expect(outcome.ok).toBe(true);
    expect(s.connections[0]).toMatchObject({ clientEncryption: 'NOT_SUP', answer: 'OFF', tlsProtocol: null });
    expect(s.connections[0]!.login7).toMatchObject({ encrypted: false, user: STUB_USER });
    console.log(`measured: tedious encrypt:false, server answer ENCRYPT_OFF -> LOGIN7 encrypted=${s.connections[0]!.login7!.encrypted}`);
  });

  it('a wrong password gives ELOGIN "Login failed for user" (stub)', async () => {
    const s = await stub('OFF');
    const outcome = await run(s.port, { encrypt: true, trustServerCertificate: true }, 'wrong');
    expect(outcome).toMatchObject({ ok: false, code: 'ELOGIN', message: `Login failed for user '${STUB_USER}'.` });
  });

  it('a self-signed certificate fails with ESOCKET wrapping DEPTH_ZERO_SELF_SIGNED_CERT (stub)', async () => {
    const s = await startTdsStub({ encryption: 'OFF', cert: readFileSync(certs.selfSignedCert, 'utf8'), key: readFileSync(certs.selfSignedKey, 'utf8') });
    stubs.push(s);
    const outcome = await run(s.port, { encrypt: true });
    expect(outcome).toMatchObject({ ok: false, code: 'ESOCKET', causeCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(s.connections[0]!.login7).toBeNull();
  });
});
