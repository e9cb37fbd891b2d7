import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectResult, type EngineDefinition, type SslMode } from '@dbtls/core';
import { checkCell, conformanceCases, describeOutcome, type CellExpectation, type ConformanceCase } from '@dbtls/core/testing';
import { connectCliArgs, runCli } from '../harness/cli.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { CLIENT_KEY_PASSPHRASE, ENGINES, MARIADB_PASSWORD, X509_PASSWORD, basePortFor, cliMissing, scenarioServers, skipReason, startCluster, type MariaDbCluster } from './mysql-env.js';

if (skipReason) console.warn(`[dbtls] MySQL/MariaDB conformance suite skipped: ${skipReason}`);
if (!skipReason && cliMissing) console.warn(`[dbtls] MySQL/MariaDB conformance via the CLI skipped: ${cliMissing}`);

const BASE = basePortFor('conformance');

// MariaDB answers a REQUIRE X509 account's login over TLS without a client
// certificate with 1045 "Access denied", the same packet as a wrong password:
// the client cannot tell them apart, so dbtls says authentication-failed and
// its detail names REQUIRE X509 and --cert/--key (checked below).
const X509_REASON = 'MariaDB answers a cert-less login to a REQUIRE X509 account with the 1045 of a wrong password; detail names REQUIRE X509';
const certLess = (): CellExpectation & { reason: string } => ({ ok: false, cause: 'authentication-failed', recommendedMode: null, reason: X509_REASON });
const OVERRIDES = { 'client-cert-missing': { preferred: certLess(), required: certLess(), 'verify-ca': certLess(), 'verify-identity': certLess() } };

const plan = ENGINES.map((engine) => ({ engine, cases: conformanceCases(engine, scenarioServers(engine, BASE), OVERRIDES) }));
const measured = new Map<string, MeasuredCell[]>(ENGINES.map((e) => [e.id, []]));

function checkSecrets(text: string): void {
  for (const secret of [MARIADB_PASSWORD, X509_PASSWORD, CLIENT_KEY_PASSPHRASE]) expect(text).not.toContain(secret);
}

function checkDetails(c: ConformanceCase, result: ConnectResult): void {
  if (result.ok) {
    if (result.encrypted) {
      expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(result.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
    } else expect(result.tls).toBeNull();
    if (result.fellBack) expect(result.warnings.join(' ')).toMatch(/fell back/);
    expect(result.serverVersion).toMatch(/MariaDB/);
  } else if (c.scenario === 'client-cert-missing' && c.mode !== 'disabled') {
    expect(result.diagnosis.detail).toMatch(/REQUIRE X509/);
    expect(result.diagnosis.detail).toMatch(/--cert/);
  } else if (result.diagnosis.cause === 'server-requires-tls') {
    // MariaDB's 1045: the diagnosis must say "may" and recommend required.
    expect(result.diagnosis.summary).toMatch(/may require/);
    expect(result.diagnosis.recommendedMode).toBe('required');
  }
}

describe.skipIf(Boolean(skipReason))('MySQL/MariaDB conformance table (real MariaDB servers, mysql2)', () => {
  let cluster: MariaDbCluster;
  beforeAll(async () => {
    cluster = await startCluster(BASE, 'conformance');
  });
  afterAll(async () => {
    await cluster?.stop();
    const version = cluster?.version.match(/Ver (\S+)/)?.[1] ?? '';
    for (const { engine, cases } of plan) {
      const cells = measured.get(engine.id)!;
      if (cells.length === cases.length) writeMatrix(engine.id, `${engine.displayName} engine (real MariaDB ${version} servers, mysql2 3)`, cells);
    }
  });

  for (const { engine, cases } of plan) {
    describe(`${engine.id}: library connect()`, () => {
      it('covers every cell of the table', () => {
        expect(cases.length).toBe(8 * 5 + 2);
      });
      for (const c of cases) {
        it(c.name, async () => {
          const result = await connect(engine as EngineDefinition, c.options);
          measured.get(engine.id)!.push({ scenario: c.scenario, mode: c.mode as SslMode, outcome: describeOutcome(result) });
          expect(checkCell(result, c.expected), describeOutcome(result)).toEqual([]);
          checkDetails(c, result);
          checkSecrets(JSON.stringify(result));
        });
      }
    });

    describe.skipIf(Boolean(cliMissing))(`${engine.id}: CLI dbtls connect --json`, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const { args, env } = connectCliArgs(c.options);
          const run = await runCli(args, { env });
          expect(run.json, run.stderr || run.stdout).toBeTruthy();
          const result = run.json as ConnectResult;
          expect(run.code).toBe(result.ok ? 0 : 1);
          expect(result.engine).toBe(engine.id);
          expect(checkCell(result, c.expected), describeOutcome(result)).toEqual([]);
          checkDetails(c, result);
          checkSecrets(run.stdout + run.stderr);
        });
      }
    });
  }
});
