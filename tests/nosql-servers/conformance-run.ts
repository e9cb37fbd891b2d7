/** Runs the conformance cells of one engine through the library and the CLI. */
import { expect } from 'vitest';
import { connect, type EngineDefinition } from '@dbtls/core';
import { checkCell, describeOutcome, type ConformanceCase } from '@dbtls/core/testing';
import { runCli } from '../harness/cli.js';
import type { MeasuredCell } from '../harness/matrix.js';

/** CLI arguments for a case, as a user would type them. */
export function cliArgs(c: ConformanceCase, engine?: string): { args: string[]; env: Record<string, string> } {
  const o = c.options;
  const args = ['connect', o.url, '--ssl-mode', String(o.mode), '--json', '--timeout', String(o.timeoutMs ?? 8000)];
  if (engine) args.push('--engine', engine);
  if (o.caFile) args.push('--ca', o.caFile);
  if (o.certFile) args.push('--cert', o.certFile);
  if (o.keyFile) args.push('--key', o.keyFile);
  const env: Record<string, string> = {};
  if (o.passphrase) {
    env.DBTLS_TEST_PASSPHRASE = o.passphrase;
    args.push('--passphrase-env', 'DBTLS_TEST_PASSPHRASE');
  }
  return { args, env };
}

/** Runs one case through the library and checks it. */
export async function runLibraryCell(engine: EngineDefinition, c: ConformanceCase, measured: MeasuredCell[]): Promise<void> {
  const result = await connect(engine, c.options);
  measured.push({ scenario: c.scenario, mode: c.mode, outcome: describeOutcome(result) });
  expect(checkCell(result, c.expected), `${c.name}: ${describeOutcome(result)}`).toEqual([]);
  if (result.ok && result.encrypted) expect(result.tls?.peer?.subject, 'TLS report carries the server certificate').toBeTruthy();
  if (!result.ok) expect(result.elapsedMs).toBeLessThan((c.options.timeoutMs ?? 8000) + 1000);
}

/** Runs one case through the CLI and checks its JSON and exit code. */
export async function runCliCell(c: ConformanceCase, engine?: string): Promise<void> {
  const { args, env } = cliArgs(c, engine);
  const run = await runCli(args, { env });
  expect(run.json, `CLI printed JSON for ${c.name}: ${run.stdout.slice(0, 300)} ${run.stderr.slice(0, 300)}`).toBeTruthy();
  expect(run.code, `exit code of ${c.name}`).toBe(c.expected.ok ? 0 : 1);
  expect(checkCell(run.json, c.expected), `${c.name} via CLI`).toEqual([]);
}

