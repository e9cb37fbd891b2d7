/**
 * Oracle engine (oracledb thin) against the Oracle listener STUB
 * (tests/stubs/oracle-stub.ts). The stub implements the TLS layer and TNS
 * CONNECT -> REFUSE (ORA-12514) only, so NO cell can complete a session or
 * `SELECT 1 FROM DUAL` here. What is proved per cell:
 * - cells the table expects to connect reach the listener: the real driver's
 *   TNS CONNECT packet arrived at the stub, over TLS exactly when the mode
 *   uses TLS, and the driver reported the stub's REFUSE (NJS-518);
 * - cells the table expects to fail fail with the table's cause, found by
 *   dbtls (the driver says NJS-506 / NJS-500 / NJS-5xx);
 * - `required` and `preferred` are refused before any connection (mode-unsupported,
 *   naming verify-ca), because the thin driver cannot skip validation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isDbtlsError, type SslMode } from '@dbtls/core';
import { oracleEngine } from '@dbtls/engine-nosql/oracle';
import { conformanceCases, checkCell, describeOutcome, type ConformanceScenario, type ScenarioServer } from '@dbtls/core/testing';
import { generateCertificates, CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { CLI_BIN, runCli } from '../harness/cli.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { startOracleStub, type OracleStub } from '../stubs/oracle-stub.js';
import { saveMatrixCopy, type Overrides, startScenarioStubs } from './stub-conformance.js';

const SCENARIOS = ['no-tls', 'tls-optional', 'tls-optional-ip', 'tls-required', 'client-cert-missing', 'client-cert-given', 'self-signed', 'expired', 'verify-without-ca'] as const satisfies readonly ConformanceScenario[];
const UNSUPPORTED: readonly SslMode[] = ['required', 'preferred'];

let certs: TestCertificates;
const stubs: Partial<Record<ConformanceScenario, OracleStub>> = {};
const servers: Partial<Record<ConformanceScenario, ScenarioServer>> = {};
const measured: MeasuredCell[] = [];

beforeAll(async () => {
  certs = generateCertificates(join(__dirname, '..', '.tmp', 'nosql-stubs', 'certs'));
  const url = (s: OracleStub, host = 'localhost') => `oracle://scott:tiger@${host}:${s.port}/FREEPDB1`;
  const started = await startScenarioStubs(certs, startOracleStub, url);
  Object.assign(stubs, started.stubs);
  Object.assign(servers, started.servers);
});

afterAll(async () => {
  await Promise.all(Object.values(stubs).map((s) => s.close()));
  const title = 'Oracle (listener stub: TLS + TNS CONNECT/REFUSE only) with oracledb 26 thin';
  writeMatrix('oracle', title, measured);
  saveMatrixCopy('oracle', title, measured);
});

const stubOf = (scenario: ConformanceScenario): OracleStub => stubs[scenario === 'tls-optional-ip' ? 'tls-optional' : scenario === 'client-cert-given' ? 'client-cert-missing' : scenario === 'verify-without-ca' ? 'tls-required' : scenario]!;
const placeholders = Object.fromEntries(SCENARIOS.map((s) => [s, { url: 'placeholder://', caFile: 'ca', certFile: 'c', keyFile: 'k' }]));
// Documented overrides: the table recommends "required" for these causes, which Oracle cannot do.
const NEAREST = 'Oracle has no "required": nearest mode verify-ca';
const NO_MODE = 'Oracle cannot skip validation: no mode connects to an expired certificate';
const OVERRIDES: Overrides = {
  'tls-required': { disabled: { ok: false, cause: 'server-requires-tls', recommendedMode: 'verify-ca', reason: NEAREST } },
  'client-cert-missing': { disabled: { ok: false, cause: 'server-requires-tls', recommendedMode: 'verify-ca', reason: NEAREST } },
  'client-cert-given': { disabled: { ok: false, cause: 'server-requires-tls', recommendedMode: 'verify-ca', reason: NEAREST } },
  'self-signed': {
    'verify-ca': { ok: false, cause: 'certificate-untrusted', recommendedMode: 'verify-ca', reason: NEAREST },
    'verify-identity': { ok: false, cause: 'certificate-untrusted', recommendedMode: 'verify-ca', reason: NEAREST },
  },
  expired: {
    'verify-ca': { ok: false, cause: 'certificate-expired', recommendedMode: null, reason: NO_MODE },
    'verify-identity': { ok: false, cause: 'certificate-expired', recommendedMode: null, reason: NO_MODE },
  },
  'verify-without-ca': {
    'verify-ca': { ok: false, cause: 'certificate-untrusted', recommendedMode: 'verify-ca', reason: NEAREST },
    'verify-identity': { ok: false, cause: 'certificate-untrusted', recommendedMode: 'verify-ca', reason: NEAREST },
  },
};
const cells = conformanceCases(oracleEngine, placeholders, OVERRIDES);
const realCase = (scenario: ConformanceScenario, mode: SslMode) => conformanceCases(oracleEngine, { [scenario]: servers[scenario]! }, OVERRIDES).find((c) => c.mode === mode)!;

describe('Oracle (stub): conformance (library)', () => {
  for (const cell of cells) {
    if (UNSUPPORTED.includes(cell.mode)) {
      it(`${cell.name} (unsupported: refused before connecting, names verify-ca) (stub)`, async () => {
        const c = realCase(cell.scenario, cell.mode);
        const before = stubOf(cell.scenario).connections.length;
        const error = await connect(oracleEngine, c.options).then(() => undefined, (e: unknown) => e);
        expect(isDbtlsError(error) && error.code).toBe('mode-unsupported');
        expect((error as Error).message).toMatch(/"verify-ca"/);
        expect(stubOf(cell.scenario).connections.length).toBe(before);
        measured.push({ scenario: cell.scenario, mode: cell.mode, outcome: 'unsupported → verify-ca' });
      });
    } else if (cell.expected.ok) {
      it(`${cell.name} (stub ends at TNS REFUSE: checks the CONNECT arrived ${cell.expected.encrypted ? 'over TLS' : 'in plain text'}) (stub)`, async () => {
        const c = realCase(cell.scenario, cell.mode);
        const stub = stubOf(cell.scenario);
        const before = stub.connects.length;
        const result = await connect(oracleEngine, c.options);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.diagnosis.original.code, JSON.stringify(result.diagnosis)).toBe('NJS-518');
        const seen = stub.connects.slice(before);
        expect(seen).toHaveLength(1);
        expect(seen[0]!.encrypted).toBe(cell.expected.encrypted);
        expect(seen[0]!.connectData).toContain(`(PROTOCOL=${cell.expected.encrypted ? 'TCPS' : 'TCP'})`);
        measured.push({ scenario: cell.scenario, mode: cell.mode, outcome: cell.expected.encrypted ? 'TLS (to TNS)' : 'plain (to TNS)' });
      });
    } else {
      it(`${cell.name} (stub)`, async () => {
        const c = realCase(cell.scenario, cell.mode);
        const result = await connect(oracleEngine, c.options);
        measured.push({ scenario: cell.scenario, mode: cell.mode, outcome: describeOutcome(result) });
        expect(checkCell(result, c.expected), JSON.stringify(result, null, 1)).toEqual([]);
      });
    }
  }
});

const cliBuilt = existsSync(CLI_BIN);
if (!cliBuilt) console.warn(`[oracle] CLI cells skipped: ${CLI_BIN} is not built yet.`);
describe.skipIf(!cliBuilt)('Oracle (stub): CLI', () => {
  it('dbtls connect --ssl-mode required exits 2 and names verify-ca (stub)', async () => {
    const run = await runCli(['connect', servers['tls-required']!.url, '--ssl-mode', 'required', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/verify-ca/);
    expect(run.stdout + run.stderr).not.toContain('tiger');
  });
  it('dbtls connect --ssl-mode verify-ca against a self-signed TCPS port: certificate-untrusted, exit 1 (stub)', async () => {
    const run = await runCli(['connect', servers['self-signed']!.url, '--ssl-mode', 'verify-ca', '--ca', certs.caCert, '--json']);
    expect(run.code).toBe(1);
    expect(run.json?.diagnosis?.cause).toBe('certificate-untrusted');
  });
});

describe('Oracle engine details (stub)', () => {
  it('a CA-only trust setting works: the wallet gets a throwaway certificate, not NJS-505 (stub)', async () => {
    const result = await connect(oracleEngine, { url: servers['tls-required']!.url, mode: 'verify-identity', caFile: certs.caCert });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.original.code).toBe('NJS-518');
  });

  it('NJS-506 for an expired certificate: dbtls checks the presented certificate and reports its dates (stub)', async () => {
    const result = await connect(oracleEngine, { url: servers['expired']!.url, mode: 'verify-ca', caFile: certs.caCert });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('certificate-expired');
    expect(result.diagnosis.summary).toMatch(/2021-01-01/);
  });

  it('client certificate and encrypted key as two files go into the wallet with the passphrase (stub)', async () => {
    const stub = stubs['client-cert-missing']!;
    const before = stub.connects.length;
    const result = await connect(oracleEngine, {
      url: servers['client-cert-given']!.url,
      mode: 'verify-identity',
      caFile: certs.caCert,
      certFile: certs.clientCert,
      keyFile: certs.clientKeyEncrypted,
      passphrase: CLIENT_KEY_PASSPHRASE,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.original.code).toBe('NJS-518');
    expect(stub.connects.slice(before).map((c) => c.encrypted)).toEqual([true]);
    expect(JSON.stringify(result)).not.toContain(CLIENT_KEY_PASSPHRASE);
  });

  it('tcps:// URLs default to verify-identity, and ssl_server_dn_match=false means verify-ca (stub)', async () => {
    const port = stubs['tls-required']!.port;
    const strict = await connect(oracleEngine, { url: `tcps://scott:tiger@127.0.0.1:${port}/FREEPDB1`, caFile: certs.caCert });
    expect(strict.mode.requested).toBe('verify-identity');
    expect(!strict.ok && strict.diagnosis.cause).toBe('hostname-mismatch');
    const loose = await connect(oracleEngine, { url: `tcps://scott:tiger@127.0.0.1:${port}/FREEPDB1?ssl_server_dn_match=false`, caFile: certs.caCert });
    expect(loose.mode.requested).toBe('verify-ca');
    expect(!loose.ok && loose.diagnosis.original.code).toBe('NJS-518');
  });

  it('refused port: network-error (NJS-503) (stub)', async () => {
    const result = await connect(oracleEngine, { url: 'oracle://scott:tiger@localhost:1/FREEPDB1', mode: 'verify-ca', caFile: certs.caCert, timeoutMs: 3000 });
    expect(!result.ok && result.diagnosis.cause).toBe('network-error');
  });
});
