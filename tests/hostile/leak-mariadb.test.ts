/**
 * Leak test, MySQL and MariaDB engines against real MariaDB: every conformance cell of both
 * engines with the metacharacter password (encoded and raw) and the short passwords `e` and
 * `lab`, through connect() and `dbtls connect` (JSON and human). The client-certificate rows use
 * REQUIRE X509 twins of the accounts (leakx0…). See leak-check.ts. Ports 33480-33484.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceCases } from '@dbtls/core/testing';
import { startMariaDbCluster, type MariaDbCluster } from '../mysql/mariadb-servers.js';
import { ENGINES, certs, scenarioServers, skipReason, TMP, X509_USER } from '../mysql/mysql-env.js';
import { ACCOUNTS, accountUser, cliLeaks, keySecrets, libraryLeaks, mapLimit, wrongPasswordCause, type LeakPlan } from './leak-check.js';

const BASE = 33480;
const X509_REASON = 'MariaDB answers a cert-less login to a REQUIRE X509 account with the 1045 of a wrong password';
const certLess = () => ({ ok: false, cause: 'authentication-failed' as const, recommendedMode: null, reason: X509_REASON });
const OVERRIDES = { 'client-cert-missing': { preferred: certLess(), required: certLess(), 'verify-ca': certLess(), 'verify-identity': certLess() } };
const keys = keySecrets(certs);
const plans: LeakPlan[] = ENGINES.map((engine) => ({
  engine,
  cases: conformanceCases(engine, scenarioServers(engine, BASE), OVERRIDES),
  keys,
  userFor: (c, account) => accountUser(account, c.options.url!.includes(`//${X509_USER}:`) ? 'leakx' : 'leak'),
}));
const sql = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const INIT = ACCOUNTS.flatMap(({ password }, i) => [
  `CREATE USER IF NOT EXISTS '${accountUser(i)}'@'%' IDENTIFIED BY ${sql(password)};`,
  `GRANT SELECT ON *.* TO '${accountUser(i)}'@'%';`,
  `CREATE USER IF NOT EXISTS '${accountUser(i, 'leakx')}'@'%' IDENTIFIED BY ${sql(password)} REQUIRE X509;`,
  `GRANT SELECT ON *.* TO '${accountUser(i, 'leakx')}'@'%';`,
]);

describe.skipIf(Boolean(skipReason))('leak test: MySQL and MariaDB engines (every conformance cell × hostile and short passwords)', () => {
  let cluster: MariaDbCluster;
  const baselines: Awaited<ReturnType<typeof libraryLeaks>>['baseline'][] = [];
  beforeAll(async () => {
    cluster = await startMariaDbCluster(certs, join(TMP, 'servers-leak'), BASE, undefined, { init: INIT });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('covers every cell of both tables, and the server checks the accounts\' passwords', async () => {
    expect(plans.map((p) => p.cases.length)).toEqual([42, 42]);
    for (const plan of plans) expect(await wrongPasswordCause(plan)).toBe('authentication-failed');
  });
  it('library: connect()', async () => {
    const runs = await mapLimit(plans, 2, (plan) => libraryLeaks(plan));
    baselines.push(...runs.map((r) => r.baseline));
    expect(runs.flatMap((r) => r.problems)).toEqual([]);
  });
  it('CLI: dbtls connect (--json and human)', async () => {
    const problems: string[] = [];
    for (const [i, plan] of plans.entries()) problems.push(...(await cliLeaks(plan, baselines[i]!)).problems);
    expect(problems).toEqual([]);
  }, 200_000);
});
