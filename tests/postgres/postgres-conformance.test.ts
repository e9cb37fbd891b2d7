import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectResult, type SslMode } from '@dbtls/core';
import { checkCell, conformanceCases, describeOutcome, type ConformanceScenario } from '@dbtls/core/testing';
import { postgresEngine } from '@dbtls/engine-postgres';
import { connectCliArgs, runCli } from '../harness/cli.js';
import { writeMatrix, type MeasuredCell } from '../harness/matrix.js';
import { CLIENT_KEY_PASSPHRASE, PG_PASSWORD, SERVERS, skipReason, startAll } from './postgres-env.js';
import type { PgCluster } from '../harness/postgres-servers.js';

if (skipReason) console.warn(`[dbtls] PostgreSQL conformance suite skipped: ${skipReason}`);

const cases = conformanceCases(postgresEngine, SERVERS);
const measured: MeasuredCell[] = [];

describe.skipIf(Boolean(skipReason))('PostgreSQL conformance table (real PostgreSQL servers, pg driver)', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startAll();
  });
  afterAll(() => {
    cluster?.stop();
    if (measured.length === cases.length) writeMatrix('postgres', 'PostgreSQL (real servers, pg 8)', measured);
  });

  it('covers every cell of the table', () => {
    expect(cases.length).toBe(8 * 5 + 2);
  });

  describe('library: connect()', () => {
    for (const c of cases) {
      it(c.name, async () => {
        const result = await connect(postgresEngine, c.options);
        measured.push({ scenario: c.scenario as ConformanceScenario, mode: c.mode as SslMode, outcome: describeOutcome(result) });
        expect(checkCell(result, c.expected), describeOutcome(result)).toEqual([]);
        expect(JSON.stringify(result)).not.toContain(PG_PASSWORD);
      });
    }
  });

  describe('CLI: dbtls connect --json', () => {
    for (const c of cases) {
      it(c.name, async () => {
        const { args, env } = connectCliArgs(c.options);
        const run = await runCli(args, { env });
        expect(run.json, run.stderr || run.stdout).toBeTruthy();
        const result = run.json as ConnectResult;
        expect(run.code).toBe(result.ok ? 0 : 1);
        expect(checkCell(result, c.expected), describeOutcome(result)).toEqual([]);
        expect(run.stdout + run.stderr).not.toContain(PG_PASSWORD);
        expect(run.stdout + run.stderr).not.toContain(CLIENT_KEY_PASSPHRASE);
        if (result.ok) {
          for (const field of ['engine', 'host', 'port', 'mode', 'encrypted', 'fellBack', 'tls', 'warnings', 'elapsedMs'] as const) expect(result).toHaveProperty(field);
          if (result.encrypted) {
            expect(result.tls?.peer?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
            expect(result.tls?.peer?.subjectAltNames).toContain('DNS:localhost');
          } else expect(result.tls).toBeNull();
          if (result.fellBack) expect(result.warnings.join(' ')).toMatch(/fell back/);
        } else {
          expect(Object.keys(result.diagnosis).sort()).toEqual(['cause', 'detail', 'original', 'recommendedMode', 'summary']);
        }
      });
    }
  });
});
