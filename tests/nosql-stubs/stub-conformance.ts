/**
 * Runs the dbtls conformance table for one engine against stub servers:
 * every cell through the library (`connect`), and, when the CLI is built,
 * through `dbtls connect --json` too. Measured cells are recorded as results (tests/harness/matrix.ts) for the docs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type EngineDefinition } from '@dbtls/core';
import { checkCell, conformanceCases, describeOutcome, renderMatrix, type CellExpectation, type ConformanceScenario, type ScenarioServer } from '@dbtls/core/testing';
import type { SslMode } from '@dbtls/core';
import { CLI_BIN, connectCliArgs, runCli } from '../harness/cli.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import type { TestCertificates } from '../harness/certs.js';
import type { StubListener, StubListenerOptions } from '../stubs/stub-listener.js';

export type Overrides = Partial<Record<ConformanceScenario, Partial<Record<SslMode, CellExpectation & { reason: string }>>>>;

export interface StubConformance {
  engine: EngineDefinition;
  matrixId: string;
  title: string;
  /** Filled by the suite's beforeAll, read when the cells run. */
  servers: () => Partial<Record<ConformanceScenario, ScenarioServer>>;
  /** The scenarios the suite provides (cases are built before beforeAll runs). */
  scenarios: readonly ConformanceScenario[];
  overrides?: Overrides;
  timeoutMs?: number;
}

/** Declares the conformance cells as vitest tests (library and CLI). */
export function describeConformance(spec: StubConformance): void {
  const measured: MeasuredCell[] = [];
  // Placeholder URLs: the cases are listed now, the real URLs are read when each cell runs.
  const placeholders = Object.fromEntries(spec.scenarios.map((s) => [s, { url: 'placeholder://', caFile: 'ca', certFile: 'c', keyFile: 'k' }]));
  const cases = conformanceCases(spec.engine, placeholders, spec.overrides ?? {});
  const resolve = (scenario: ConformanceScenario, mode: SslMode) => {
    const server = spec.servers()[scenario];
    if (!server) throw new Error(`no server for ${scenario}`);
    return conformanceCases(spec.engine, { [scenario]: server }, spec.overrides ?? {}).find((c) => c.mode === mode)!;
  };

  describe(`${spec.title}: conformance (library)`, () => {
    for (const c of cases) {
      it(`${c.name} (stub)`, async () => {
        const real = resolve(c.scenario, c.mode);
        const result = await connect(spec.engine, { ...real.options, timeoutMs: spec.timeoutMs ?? 8000 });
        measured.push({ scenario: c.scenario, mode: c.mode, outcome: describeOutcome(result) });
        expect(checkCell(result, real.expected), JSON.stringify(result, null, 1)).toEqual([]);
        expect(result.elapsedMs).toBeLessThan((spec.timeoutMs ?? 8000) + 1500);
      });
    }
  });

  const cliBuilt = existsSync(CLI_BIN);
  if (!cliBuilt) console.warn(`[${spec.matrixId}] CLI conformance skipped: ${CLI_BIN} is not built yet (pnpm --filter @dbtls/cli build).`);
  describe.skipIf(!cliBuilt)(`${spec.title}: conformance (CLI, dbtls connect --json)`, () => {
    for (const c of cases) {
      it(`${c.name} via CLI (stub)`, async () => {
        const real = resolve(c.scenario, c.mode);
        const o = real.options;
        const { args, env } = connectCliArgs({ ...o, timeoutMs: spec.timeoutMs ?? 8000 }, spec.engine.id);
        const run = await runCli(args, { env });
        expect(run.json, run.stdout + run.stderr).toBeTruthy();
        expect(run.code).toBe(real.expected.ok ? 0 : 1);
        expect(checkCell(run.json, real.expected)).toEqual([]);
      });
    }
  });

  afterAll(() => {
    writeMatrix(spec.matrixId, spec.title, measured);
    saveMatrixCopy(spec.matrixId, spec.title, measured);
  });
}

/** Also keeps the rendered matrix under tests/.tmp/nosql-stubs (for the docs), whether or not the README has markers. */
export function saveMatrixCopy(id: string, title: string, cells: MeasuredCell[]): void {
  if (cells.length === 0) return;
  const dir = join(__dirname, '..', '.tmp', 'nosql-stubs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}-matrix.md`), `${renderMatrix(title, cells)}\n`);
}

/**
 * Starts one stub per server set-up of the table (plain, TLS optional, TLS only, client certificate
 * required, self-signed, expired) and maps every scenario onto them: `tls-optional-ip` reuses the
 * optional server at 127.0.0.1, `client-cert-given` the client-certificate server with a certificate,
 * `verify-without-ca` the TLS-only server without a CA.
 */
export async function startScenarioStubs<S extends StubListener>(
  certs: TestCertificates,
  start: (options: Omit<StubListenerOptions, 'onConnection'>) => Promise<S>,
  url: (stub: S, host?: string) => string,
): Promise<{ stubs: Partial<Record<ConformanceScenario, S>>; servers: Partial<Record<ConformanceScenario, ScenarioServer>> }> {
  const server = { certFile: certs.serverCert, keyFile: certs.serverKey };
  const stubs: Partial<Record<ConformanceScenario, S>> = {
    'no-tls': await start({ transport: 'plain' }),
    'tls-optional': await start({ transport: 'optional', ...server }),
    'tls-required': await start({ transport: 'tls', ...server }),
    'client-cert-missing': await start({ transport: 'tls', ...server, requireClientCert: true, clientCaFile: certs.caCert }),
    'self-signed': await start({ transport: 'optional', certFile: certs.selfSignedCert, keyFile: certs.selfSignedKey }),
    expired: await start({ transport: 'optional', certFile: certs.expiredCert, keyFile: certs.expiredKey }),
  };
  const ca = { caFile: certs.caCert };
  const servers: Partial<Record<ConformanceScenario, ScenarioServer>> = {
    'no-tls': { url: url(stubs['no-tls']!), ...ca },
    'tls-optional': { url: url(stubs['tls-optional']!), ...ca },
    'tls-optional-ip': { url: url(stubs['tls-optional']!, '127.0.0.1'), ...ca },
    'tls-required': { url: url(stubs['tls-required']!), ...ca },
    'client-cert-missing': { url: url(stubs['client-cert-missing']!), ...ca },
    'client-cert-given': { url: url(stubs['client-cert-missing']!), ...ca, certFile: certs.clientCert, keyFile: certs.clientKey },
    'self-signed': { url: url(stubs['self-signed']!), ...ca },
    expired: { url: url(stubs.expired!), ...ca },
    'verify-without-ca': { url: url(stubs['tls-required']!) },
  };
  return { stubs, servers };
}
