/** Runs the conformance cells of one engine through the library and the CLI. */
import { expect } from 'vitest';
import { connect, type EngineDefinition } from '@dbtls/core';
import { checkCell, describeOutcome, type ConformanceCase } from '@dbtls/core/testing';
import { connectCliArgs, runCli } from '../harness/cli.js';
import type { MeasuredCell } from '../harness/matrix.js';

/** CLI arguments for a case, as a user would type them. */
export function cliArgs(c: ConformanceCase, engine?: string): { args: string[]; env: Record<string, string> } {
  return connectCliArgs(c.options, engine);
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

