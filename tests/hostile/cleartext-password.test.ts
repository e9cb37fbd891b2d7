/**
 * Defect 5 of issue 8, against real servers: a `preferred` fallback says so
 * on success and on failure, and a clear-text password request on an
 * unencrypted connection is refused in every mode before the password leaves
 * (PostgreSQL 15 with pg_hba `password`; MariaDB with a PAM account under
 * pam_use_cleartext_plugin, which asks for mysql_clear_password). The proxy
 * records every byte the client sent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectResult } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { ROOT } from '../harness/cli.js';
import { startCountingProxy, type CountingProxy } from '../harness/tcp-proxy.js';
import { PG_PASSWORD, PG_USER, postgresAvailable, startPostgresCluster, type PgCluster, type PgScenario } from '../harness/postgres-servers.js';
import { mariadbAvailable, startMariaDbCluster, type MariaDbCluster } from '../mysql/mariadb-servers.js';
import { certs } from '../postgres/postgres-env.js';
import * as engineMysql from '../../packages/engine-mysql/dist/index.js';

const PG_BASE = 56100; // template on 56199
const PG_SCENARIOS: PgScenario[] = ['no-tls', 'cleartext-no-tls', 'cleartext-tls'];
const pgPort = (s: PgScenario) => PG_BASE + PG_SCENARIOS.indexOf(s);
const MARIA_BASE = 33800;
const PAM_USER = 'pamuser';
const PAM_PASSWORD = 'pam-Clear-pw-5';
const PAM_PLUGIN = '/usr/lib/mysql/plugin/auth_pam_v1.so';

const pgSkip = postgresAvailable();
const mariaSkip = mariadbAvailable() ?? (existsSync(PAM_PLUGIN) ? null : `${PAM_PLUGIN} not found (MariaDB's PAM plugin, package mariadb-server)`);
if (pgSkip) console.warn(`[dbtls] PostgreSQL clear-text password suite skipped: ${pgSkip}`);
if (mariaSkip) console.warn(`[dbtls] MariaDB clear-text password suite skipped: ${mariaSkip}`);

function sent(proxy: CountingProxy): Buffer {
  return Buffer.concat(proxy.received);
}

async function through(port: number, run: (proxyPort: number) => Promise<ConnectResult>): Promise<{ result: ConnectResult; bytes: Buffer; connections: number }> {
  const proxy = await startCountingProxy(port);
  try {
    const result = await run(proxy.port);
    await new Promise((r) => setTimeout(r, 50));
    return { result, bytes: sent(proxy), connections: proxy.connections };
  } finally {
    await proxy.close();
  }
}

describe.skipIf(Boolean(pgSkip))('PostgreSQL 15: fallback reported, clear-text password refused (real server)', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startPostgresCluster(certs, PG_BASE, PG_SCENARIOS);
  });
  afterAll(() => cluster?.stop());
  const url = (port: number, query = '', password = PG_PASSWORD) => `postgres://${PG_USER}:${encodeURIComponent(password)}@localhost:${port}/${PG_USER}${query}`;

  it('preferred against a server without TLS: a success says fellBack and warns', async () => {
    const { result } = await through(pgPort('no-tls'), (p) => connect(postgresEngine, { url: url(p), mode: 'preferred' }));
    expect(result.ok).toBe(true);
    expect(result.fellBack).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/fell back to an unencrypted connection/);
  });

  it('preferred against a server without TLS: a failure after the fallback says fellBack and warns too', async () => {
    const { result } = await through(pgPort('no-tls'), (p) => connect(postgresEngine, { url: url(p, '', 'wrong-pw-x'), mode: 'preferred' }));
    expect(result.ok).toBe(false);
    expect(result.fellBack).toBe(true);
    if (!result.ok) expect(result.diagnosis.cause).toBe('authentication-failed');
    expect(result.warnings.join(' ')).toMatch(/fell back to an unencrypted connection.*failure below happened on that unencrypted connection/);
  });

  it('a failure without fallback says fellBack: false', async () => {
    const { result } = await through(pgPort('no-tls'), (p) => connect(postgresEngine, { url: url(p), mode: 'required' }));
    expect(result.ok).toBe(false);
    expect(result.fellBack).toBe(false);
    if (!result.ok) expect(result.diagnosis.cause).toBe('server-lacks-tls');
  });

  for (const mode of ['preferred', 'disabled'] as const) {
    it(`${mode} against a hostnossl "password" line: AuthenticationCleartextPassword is refused before the password is sent`, async () => {
      const { result, bytes } = await through(pgPort('cleartext-no-tls'), (p) => connect(postgresEngine, { url: url(p), mode, timeoutMs: 5000 }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.diagnosis.cause).toBe('cleartext-password-refused');
      expect(result.diagnosis.recommendedMode).toBe('required');
      expect(result.diagnosis.detail).toMatch(/require_auth/);
      expect(result.fellBack).toBe(mode === 'preferred');
      // The startup message went out (user name), the password never did.
      expect(bytes.includes(Buffer.from(PG_USER))).toBe(true);
      expect(bytes.includes(Buffer.from(PG_PASSWORD))).toBe(false);
      expect(JSON.stringify(result)).not.toContain(PG_PASSWORD);
    });
  }

  it('disabled against a server that also has TLS: still refused on the plain connection', async () => {
    const { result, bytes } = await through(pgPort('cleartext-tls'), (p) => connect(postgresEngine, { url: url(p), mode: 'disabled' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnosis.cause).toBe('cleartext-password-refused');
    expect(bytes.includes(Buffer.from(PG_PASSWORD))).toBe(false);
  });

  for (const mode of ['required', 'verify-identity'] as const) {
    it(`${mode}: the same "password" method over TLS connects (the password is encrypted)`, async () => {
      const { result, bytes } = await through(pgPort('cleartext-tls'), (p) => connect(postgresEngine, { url: url(p), mode, caFile: certs.caCert }));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.encrypted).toBe(true);
      expect(bytes.includes(Buffer.from(PG_PASSWORD))).toBe(false);
    });
  }

  it('require_auth=password opts in, as with libpq: disabled then sends the clear-text password and connects', async () => {
    const { result, bytes } = await through(pgPort('cleartext-no-tls'), (p) => connect(postgresEngine, { url: url(p, '?require_auth=password'), mode: 'disabled' }));
    expect(result.ok).toBe(true);
    expect(bytes.includes(Buffer.from(PG_PASSWORD))).toBe(true);
  });

  it('a scram-sha-256 server in disabled mode is not affected by the guard', async () => {
    const { result } = await through(pgPort('no-tls'), (p) => connect(postgresEngine, { url: url(p), mode: 'disabled' }));
    expect(result.ok).toBe(true);
  });
});

describe.skipIf(Boolean(mariaSkip))('MariaDB: mysql_clear_password (PAM account) refused (real server)', () => {
  let cluster: MariaDbCluster;
  beforeAll(async () => {
    cluster = await startMariaDbCluster(certs, join(ROOT, 'tests', '.tmp', 'hostile-mariadb-clear'), MARIA_BASE, ['no-tls', 'tls-optional'], {
      // auth_pam_v1 runs in the server process (v2 needs the setuid auth_pam_tool); with
      // pam_use_cleartext_plugin the server switches the client to mysql_clear_password.
      args: ['--plugin-load-add=auth_pam_v1', '--pam-use-cleartext-plugin=ON'],
      init: [`CREATE USER IF NOT EXISTS '${PAM_USER}'@'%' IDENTIFIED VIA pam USING 'mariadb';`],
    });
  });
  afterAll(async () => cluster?.stop());
  const portOf = (s: 'no-tls' | 'tls-optional') => MARIA_BASE + (s === 'no-tls' ? 0 : 1);
  const url = (port: number) => `mariadb://${PAM_USER}:${encodeURIComponent(PAM_PASSWORD)}@localhost:${port}/`;

  for (const mode of ['preferred', 'disabled'] as const) {
    it(`${mode} on a plain connection: the auth switch to mysql_clear_password is refused, the password never sent`, async () => {
      const { result, bytes } = await through(portOf('no-tls'), (p) => connect(engineMysql.mariadb, { url: url(p), mode, timeoutMs: 5000 }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.diagnosis.cause).toBe('cleartext-password-refused');
      expect(result.diagnosis.summary).toMatch(/unencrypted/);
      expect(result.diagnosis.recommendedMode).toBe('required');
      expect(result.fellBack).toBe(mode === 'preferred');
      if (mode === 'preferred') expect(result.warnings.join(' ')).toMatch(/fell back/);
      expect(bytes.includes(Buffer.from(PAM_USER))).toBe(true);
      expect(bytes.includes(Buffer.from(PAM_PASSWORD))).toBe(false);
    });
  }

  it('verify-identity over TLS: still refused (dbtls never enables the clear-text plugin), no weaker mode recommended', async () => {
    const { result } = await through(portOf('tls-optional'), (p) => connect(engineMysql.mariadb, { url: url(p), mode: 'verify-identity', caFile: certs.caCert, timeoutMs: 5000 }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnosis.cause).toBe('cleartext-password-refused');
    expect(result.diagnosis.recommendedMode).toBeNull();
    expect(result.fellBack).toBe(false);
  });
});
