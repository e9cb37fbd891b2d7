/**
 * Leak test, PostgreSQL 15: every conformance cell with the metacharacter password (encoded and
 * raw) and the short passwords `e` and `lab`, through connect() and `dbtls connect` (JSON and
 * human). See leak-check.ts for what is asserted. Ports 55800-55806 (+99 for the template).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCases, type ConformanceScenario, type ScenarioServer } from '@dbtls/core/testing';
import { postgresEngine } from '@dbtls/engine-postgres';
import { CLIENT_KEY_PASSPHRASE } from '../harness/certs.js';
import { startPostgresCluster, type PgCluster, type PgScenario } from '../harness/postgres-servers.js';
import { certs, PG_SCENARIOS, skipReason } from '../postgres/postgres-env.js';
import { ACCOUNTS, cliLeaks, keySecrets, libraryLeaks, wrongPasswordCause, type LeakPlan } from './leak-check.js';

const BASE = 55800;
const port = (s: PgScenario) => BASE + PG_SCENARIOS.indexOf(s);
const url = (s: PgScenario, host = 'localhost') => `postgres://lab@${host}:${port(s)}/postgres`;
const SERVERS: Partial<Record<ConformanceScenario, ScenarioServer>> = {
  'no-tls': { url: url('no-tls'), caFile: certs.caCert },
  'tls-optional': { url: url('tls-optional'), caFile: certs.caCert },
  'tls-optional-ip': { url: url('tls-optional', '127.0.0.1'), caFile: certs.caCert },
  'tls-required': { url: url('tls-required'), caFile: certs.caCert },
  'client-cert-missing': { url: url('client-cert'), caFile: certs.caCert },
  'client-cert-given': { url: url('client-cert'), caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE },
  'self-signed': { url: url('self-signed'), caFile: certs.caCert },
  expired: { url: url('expired'), caFile: certs.caCert },
  'verify-without-ca': { url: url('tls-optional') },
};
const plan: LeakPlan = { engine: postgresEngine, cases: conformanceCases(postgresEngine, SERVERS), keys: keySecrets(certs) };

describe.skipIf(Boolean(skipReason))('leak test: PostgreSQL 15 (every conformance cell × hostile and short passwords)', () => {
  let cluster: PgCluster;
  let baseline: Awaited<ReturnType<typeof libraryLeaks>>['baseline'];
  beforeAll(() => {
    cluster = startPostgresCluster(certs, BASE, PG_SCENARIOS, { roles: ACCOUNTS });
  });
  afterAll(() => cluster?.stop());

  it('covers every cell of the table, and the server checks the accounts\' passwords', async () => {
    expect(plan.cases.length).toBe(8 * 5 + 2);
    expect(await wrongPasswordCause(plan)).toBe('authentication-failed');
  });
  it('library: connect()', async () => {
    const run = await libraryLeaks(plan);
    baseline = run.baseline;
    expect(run.problems).toEqual([]);
  });
  it('CLI: dbtls connect (--json and human)', async () => {
    const run = await cliLeaks(plan, baseline);
    expect(run.problems).toEqual([]);
  }, 150_000);
});
