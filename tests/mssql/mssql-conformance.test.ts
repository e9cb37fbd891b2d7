/**
 * The dbtls conformance table for SQL Server, measured with the real tedious
 * driver against the TDS STUB server (tests/stubs/tds-stub.ts), not a SQL
 * Server. Server encryption settings stand in for the scenarios:
 * NOT_SUP = no-tls; OFF (SQL Server's default) and ON = tls-optional (hosts
 * localhost and 127.0.0.1); REQ (Force Encryption) = tls-required; OFF with a
 * self-signed or expired certificate = self-signed / expired.
 * The client-certificate scenarios do not exist in TDS 7.x (no TLS client
 * authentication; SQL Server logins are SQL, Windows or Entra ID), so they are omitted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type SslMode } from '@dbtls/core';
import { checkCell, conformanceCases, describeOutcome, renderMatrix, type ConformanceScenario, type ScenarioServer } from '@dbtls/core/testing';
import { mssqlEngine } from '@dbtls/engine-mssql';
import { generateCertificates } from '../harness/certs.js';
import { CLI_BIN, connectCliArgs, ROOT, runCli } from '../harness/cli.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { startTdsStub, STUB_PASSWORD, STUB_USER, type StubEncryption, type TdsStub } from '../stubs/tds-stub.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'mssql', 'certs'));
const pem = (path: string) => readFileSync(path, 'utf8');

interface StubSpec {
  encryption: StubEncryption;
  cert: [string, string];
}

const STUBS: Record<string, StubSpec> = {
  notSup: { encryption: 'NOT_SUP', cert: [certs.serverCert, certs.serverKey] },
  off: { encryption: 'OFF', cert: [certs.serverCert, certs.serverKey] },
  on: { encryption: 'ON', cert: [certs.serverCert, certs.serverKey] },
  req: { encryption: 'REQ', cert: [certs.serverCert, certs.serverKey] },
  selfSigned: { encryption: 'OFF', cert: [certs.selfSignedCert, certs.selfSignedKey] },
  expired: { encryption: 'OFF', cert: [certs.expiredCert, certs.expiredKey] },
};

const running: Record<string, TdsStub> = {};
const url = (stub: string, host = 'localhost') => `mssql://${STUB_USER}:${STUB_PASSWORD}@${host}:${running[stub]!.port}/master`;

function servers(optional: 'off' | 'on'): Partial<Record<ConformanceScenario, ScenarioServer>> {
  return {
    'no-tls': { url: url('notSup'), caFile: certs.caCert },
    'tls-optional': { url: url(optional), caFile: certs.caCert },
    'tls-optional-ip': { url: url(optional, '127.0.0.1'), caFile: certs.caCert },
    'tls-required': { url: url('req'), caFile: certs.caCert },
    'self-signed': { url: url('selfSigned'), caFile: certs.caCert },
    expired: { url: url('expired'), caFile: certs.caCert },
    'verify-without-ca': { url: url(optional) },
  };
}

const stubFor = (scenario: ConformanceScenario, optional: 'off' | 'on'): string =>
  ({ 'no-tls': 'notSup', 'tls-optional': optional, 'tls-optional-ip': optional, 'tls-required': 'req', 'self-signed': 'selfSigned', expired: 'expired', 'verify-without-ca': optional })[scenario as string] ?? optional;

const measured: MeasuredCell[] = [];

beforeAll(async () => {
  for (const [name, spec] of Object.entries(STUBS)) {
    running[name] = await startTdsStub({ encryption: spec.encryption, cert: pem(spec.cert[0]), key: pem(spec.cert[1]) });
  }
});

afterAll(async () => {
  await Promise.all(Object.values(running).map((s) => s.close()));
  writeMatrix('mssql', 'SQL Server (TDS stub, tedious 19)', measured);
  console.log(renderMatrix('SQL Server (TDS stub, tedious 19)', measured));
});

for (const optional of ['off', 'on'] as const) {
  describe(`SQL Server conformance, tls-optional = server setting ${optional.toUpperCase()} (stub)`, () => {
    // Cases are built lazily: ports are known only once the stubs run.
    const template = conformanceCases(mssqlEngine, placeholderServers(), {});
    for (const c of template) {
      it(`${c.name} (stub)`, async () => {
        const real = conformanceCases(mssqlEngine, servers(optional)).find((x) => x.scenario === c.scenario && x.mode === c.mode)!;
        const stub = running[stubFor(c.scenario, optional)]!;
        const before = stub.connections.length;
        const result = await connect(mssqlEngine, real.options);
        expect(checkCell(result, real.expected)).toEqual([]);
        if (optional === 'off') measured.push({ scenario: c.scenario, mode: c.mode, outcome: describeOutcome(result) });
        // What reached the stub: one connection; LOGIN7 encrypted exactly when the result says so,
        // and never sent at all when the mode refused the connection.
        const seen = stub.connections.slice(before);
        expect(seen).toHaveLength(1);
        if (result.ok) {
          expect(seen[0]!.login7).toMatchObject({ encrypted: result.encrypted, user: STUB_USER, passwordOk: true });
          expect(seen[0]!.tlsProtocol).toBe(result.encrypted ? 'TLSv1.2' : null);
          expect(result.serverVersion).toMatch(/dbtls TDS stub/);
        } else {
          expect(seen[0]!.login7).toBeNull();
        }
      });
    }
  });
}

/** Same scenario set with dummy URLs, to enumerate the cells before the stubs start. */
function placeholderServers(): Partial<Record<ConformanceScenario, ScenarioServer>> {
  const u = 'mssql://placeholder';
  return { 'no-tls': { url: u }, 'tls-optional': { url: u }, 'tls-optional-ip': { url: u }, 'tls-required': { url: u }, 'self-signed': { url: u }, expired: { url: u }, 'verify-without-ca': { url: u } };
}

describe('SQL Server: more than the table (stub)', () => {
  it('disabled reports what the server answered; preferred on NOT_SUP falls back on the same single connection (stub)', async () => {
    const plain = await connect(mssqlEngine, { url: url('off'), mode: 'disabled' });
    expect(plain).toMatchObject({ ok: true, encrypted: false, fellBack: false });
    expect(plain.warnings.join(' ')).toMatch(/ENCRYPT_NOT_SUP/);
    const before = running.notSup!.connections.length;
    const fell = await connect(mssqlEngine, { url: url('notSup') });
    expect(fell).toMatchObject({ ok: true, encrypted: false, fellBack: true, mode: { requested: 'preferred', effective: 'preferred' } });
    expect(running.notSup!.connections.length - before).toBe(1);
    expect(running.notSup!.connections.at(-1)).toMatchObject({ clientEncryption: 'ON', answer: 'NOT_SUP' });
  });

  it('disabled against Force Encryption fails with server-requires-tls and sends no LOGIN7 (stub)', async () => {
    const result = await connect(mssqlEngine, { url: url('req'), mode: 'disabled' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.diagnosis.cause).toBe('server-requires-tls');
      expect(result.diagnosis.original.message).toMatch(/ENCRYPT_REQ/);
    }
    expect(running.req!.connections.at(-1)).toMatchObject({ clientEncryption: 'NOT_SUP', answer: 'REQ', login7: null });
  });

  it('verify-ca accepts a certificate for another name (127.0.0.1 vs DNS:localhost) but checks the chain; verify-identity with --servername localhost passes on 127.0.0.1 (stub)', async () => {
    const ca = await connect(mssqlEngine, { url: url('off', '127.0.0.1'), mode: 'verify-ca', caFile: certs.caCert });
    expect(ca).toMatchObject({ ok: true, encrypted: true });
    if (ca.ok) expect(ca.tls).toMatchObject({ protocol: 'TLSv1.2', chainValid: true, peer: { subjectAltNames: ['DNS:localhost'] } });
    const wrongCa = await connect(mssqlEngine, { url: url('off', '127.0.0.1'), mode: 'verify-ca', caFile: certs.ca2Cert });
    expect(wrongCa.ok ? 'ok' : wrongCa.diagnosis.cause).toBe('certificate-untrusted');
    const named = await connect(mssqlEngine, { url: url('off', '127.0.0.1'), mode: 'verify-identity', caFile: certs.caCert, servername: 'localhost' });
    expect(named).toMatchObject({ ok: true, encrypted: true });
    expect(running.off!.connections.at(-1)!.servername).toBe('localhost');
  });

  it('URL spellings: encrypt=true&trustServerCertificate=true is required, go-mssqldb encrypt=disable is disabled on sqlserver:// (stub)', async () => {
    const required = await connect(mssqlEngine, { url: `${url('selfSigned')}?encrypt=true&trustServerCertificate=true` });
    expect(required).toMatchObject({ ok: true, encrypted: true, mode: { requested: 'required' } });
    const disabled = await connect(mssqlEngine, { url: `${url('off').replace('mssql:', 'sqlserver:')}?encrypt=disable` });
    expect(disabled).toMatchObject({ ok: true, encrypted: false, mode: { requested: 'disabled' } });
  });

  it('a server answering a literal ENCRYPT_OFF (login-only encryption) to ON: preferred fails, no LOGIN7, recommends disabled (stub)', async () => {
    const s = await startTdsStub({ encryption: 'OFF', literalAnswer: true, cert: pem(certs.serverCert), key: pem(certs.serverKey) });
    try {
      const result = await connect(mssqlEngine, { url: `mssql://${STUB_USER}:${STUB_PASSWORD}@localhost:${s.port}/master` });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.diagnosis).toMatchObject({ cause: 'server-lacks-tls', recommendedMode: 'disabled' });
      expect(s.connections[0]).toMatchObject({ clientEncryption: 'ON', answer: 'OFF', login7: null });
    } finally {
      await s.close();
    }
  });

  it('wrong password: authentication-failed, after TLS, password never in the output (stub)', async () => {
    const result = await connect(mssqlEngine, { url: `mssql://${STUB_USER}:not-the-Secret-42@localhost:${running.off!.port}/master`, mode: 'required' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.diagnosis.cause).toBe('authentication-failed');
      expect(result.diagnosis.original.message).toBe(`Login failed for user '${STUB_USER}'.`);
    }
    expect(JSON.stringify(result)).not.toContain('not-the-Secret-42');
    expect(running.off!.connections.at(-1)!.login7).toMatchObject({ encrypted: true, passwordOk: false });
  });

  it('a server that accepts TCP but never answers PRELOGIN: timeout, socket released (stub)', async () => {
    const { createServer } = await import('node:net');
    const held = new Set<import('node:net').Socket>();
    const silent = createServer((s) => {
      held.add(s);
      s.resume(); // read (and drop) the PRELOGIN, so that the client's FIN is seen
      s.on('close', () => held.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const result = await connect(mssqlEngine, { url: `mssql://${STUB_USER}:x@127.0.0.1:${port}/master`, mode: 'required', timeoutMs: 300 });
      expect(result.ok ? 'ok' : result.diagnosis.cause).toBe('timeout');
      await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 50 && held.size; i++) await new Promise((r) => setTimeout(r, 10));
      expect(held.size).toBe(0);
    } finally {
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('connection refused: network-error (stub port closed)', async () => {
    const s = await startTdsStub({ encryption: 'NOT_SUP' });
    const port = s.port;
    await s.close();
    const result = await connect(mssqlEngine, { url: `mssql://${STUB_USER}:x@127.0.0.1:${port}/master`, mode: 'required' });
    expect(result.ok ? 'ok' : result.diagnosis.cause).toBe('network-error');
  });
});

const cliBuilt = existsSync(CLI_BIN);
if (!cliBuilt) console.log(`SQL Server CLI cells skipped: ${CLI_BIN} is not built (pnpm -r build).`);
describe.runIf(cliBuilt)('SQL Server conformance through the dbtls CLI (stub)', () => {
  const modes: SslMode[] = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];
  for (const scenario of ['no-tls', 'tls-optional', 'tls-optional-ip', 'tls-required', 'self-signed', 'expired'] as const) {
    for (const mode of modes) {
      it(`${scenario} × ${mode} via dbtls connect --json (stub)`, async () => {
        const c = conformanceCases(mssqlEngine, servers('off')).find((x) => x.scenario === scenario && x.mode === mode)!;
        const { args, env } = connectCliArgs(c.options);
        const run = await runCli(args, { env });
        expect(run.json, run.stderr).toBeDefined();
        expect(run.code).toBe(c.expected.ok ? 0 : 1);
        expect(checkCell(run.json, c.expected)).toEqual([]);
        expect(run.stdout).not.toContain(STUB_PASSWORD);
      });
    }
  }
});
