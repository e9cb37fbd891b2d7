import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isDbtlsError } from '@dbtls/core';
import { cockroachdbEngine, postgresEngine, redshiftEngine } from '@dbtls/engine-postgres';
import { runCli } from '../harness/cli.js';
import { closedPort, startCountingProxy, startSilentServer } from '../harness/tcp-proxy.js';
import type { PgCluster } from '../harness/postgres-servers.js';
import { certs, PG_PASSWORD, PG_USER, pgUrl, portOf, skipReason, startAll } from './postgres-env.js';

if (skipReason) console.warn(`[dbtls] PostgreSQL behaviour suite skipped: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('PostgreSQL behaviour beyond the table (real servers)', () => {
  let cluster: PgCluster;
  beforeAll(() => {
    cluster = startAll();
  });
  afterAll(() => cluster?.stop());

  describe('connections counted through a loopback proxy', () => {
    it('preferred against a TLS server opens exactly one TCP connection', async () => {
      const proxy = await startCountingProxy(portOf('tls-optional'));
      try {
        const result = await connect(postgresEngine, { url: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${proxy.port}/${PG_USER}`, mode: 'preferred' });
        expect(result.ok && result.encrypted).toBe(true);
        expect(proxy.connections).toBe(1);
      } finally {
        await proxy.close();
      }
    });

    it('preferred against a server without TLS falls back on the same, single connection', async () => {
      const proxy = await startCountingProxy(portOf('no-tls'));
      try {
        const result = await connect(postgresEngine, { url: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${proxy.port}/${PG_USER}`, mode: 'preferred' });
        expect(result.ok && !result.encrypted && result.fellBack).toBe(true);
        expect(result.warnings.join(' ')).toMatch(/fell back/);
        expect(proxy.connections).toBe(1);
      } finally {
        await proxy.close();
      }
    });

    it('a wrong password in preferred is authentication-failed after exactly one connection, never retried in plain text', async () => {
      for (const scenario of ['tls-optional', 'no-tls'] as const) {
        const proxy = await startCountingProxy(portOf(scenario));
        try {
          const result = await connect(postgresEngine, { url: `postgres://${PG_USER}:wrong-password@localhost:${proxy.port}/${PG_USER}`, mode: 'preferred' });
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.diagnosis.cause).toBe('authentication-failed');
            expect(result.diagnosis.recommendedMode).toBeNull();
            expect(JSON.stringify(result)).not.toContain('wrong-password');
          }
          expect(proxy.connections).toBe(1);
        } finally {
          await proxy.close();
        }
      }
    });

    it('a certificate failure in verify modes is never retried', async () => {
      const proxy = await startCountingProxy(portOf('self-signed'));
      try {
        const result = await connect(postgresEngine, { url: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${proxy.port}/${PG_USER}`, mode: 'verify-ca', caFile: certs.caCert });
        expect(!result.ok && result.diagnosis.cause).toBe('certificate-untrusted');
        expect(proxy.connections).toBe(1);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('network failures are bounded by the timeout', () => {
    it('a closed port is network-error', async () => {
      const port = await closedPort();
      const result = await connect(postgresEngine, { url: `postgres://x@127.0.0.1:${port}/x`, mode: 'preferred', timeoutMs: 2000 });
      expect(!result.ok && result.diagnosis.cause).toBe('network-error');
      expect(result.elapsedMs).toBeLessThan(2000);
    });

    it('a silent port (accepts, never answers) is timeout, within the timeout given', async () => {
      const silent = await startSilentServer();
      try {
        for (const mode of ['disabled', 'required'] as const) {
          const result = await connect(postgresEngine, { url: `postgres://x@127.0.0.1:${silent.port}/x`, mode, timeoutMs: 700 });
          expect(!result.ok && result.diagnosis.cause).toBe('timeout');
          expect(result.elapsedMs).toBeGreaterThanOrEqual(650);
          expect(result.elapsedMs).toBeLessThan(700 + 1500);
        }
        const cli = await runCli(['connect', `postgres://x@127.0.0.1:${silent.port}/x`, '--timeout', '700', '--json']);
        expect(cli.code).toBe(1);
        expect(cli.json.diagnosis.cause).toBe('timeout');
      } finally {
        await silent.close();
      }
    });

    it('an AbortSignal stops the attempt with a DbtlsError', async () => {
      const silent = await startSilentServer();
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const error = await connect(postgresEngine, { url: `postgres://x@127.0.0.1:${silent.port}/x`, signal: controller.signal, timeoutMs: 5000 }).catch((e: unknown) => e);
        expect(isDbtlsError(error) && error.code).toBe('aborted');
      } finally {
        await silent.close();
      }
    });
  });

  describe('what a mode means is never changed by the URL dialect or the environment', () => {
    it('URL sslmode=require keeps libpq\'s meaning (encrypt, no validation) against a self-signed server', async () => {
      const result = await connect(postgresEngine, { url: `${pgUrl('self-signed')}?sslmode=require` });
      expect(result.ok && result.encrypted && result.mode.requested).toBe('required');
    });

    it('URL sslmode=verify-full with sslrootcert verifies chain and name', async () => {
      const ok = await connect(postgresEngine, { url: `${pgUrl('tls-optional')}?sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caCert)}` });
      expect(ok.ok && ok.mode.requested).toBe('verify-identity');
      const ip = await connect(postgresEngine, { url: `${pgUrl('tls-optional', '127.0.0.1')}?sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caCert)}` });
      expect(!ip.ok && ip.diagnosis.cause).toBe('hostname-mismatch');
      if (!ip.ok) expect(ip.diagnosis.detail).toContain('DNS:localhost');
    });

    it('a flag wins over the URL', async () => {
      const run = await runCli(['connect', `${pgUrl('tls-optional')}?sslmode=disable`, '--ssl-mode', 'required', '--json']);
      expect(run.code).toBe(0);
      expect(run.json.encrypted).toBe(true);
      expect(run.json.mode.requested).toBe('required');
    });

    it('PGSSLMODE in the environment changes nothing', async () => {
      const a = await runCli(['connect', pgUrl('tls-optional'), '--ssl-mode', 'required', '--json'], { env: { PGSSLMODE: 'disable' } });
      expect(a.json.encrypted).toBe(true);
      const b = await runCli(['connect', pgUrl('self-signed'), '--ssl-mode', 'required', '--json'], { env: { PGSSLMODE: 'verify-full' } });
      expect(b.code).toBe(0);
      expect(b.json.encrypted).toBe(true);
      const c = await runCli(['connect', pgUrl('no-tls'), '--json'], { env: { PGSSLMODE: 'require' } });
      expect(c.json.mode.requested).toBe('preferred');
      expect(c.json.fellBack).toBe(true);
    });

    it('verify-identity on an IP host passes when --servername names the certificate', async () => {
      const result = await connect(postgresEngine, { url: pgUrl('tls-optional', '127.0.0.1'), mode: 'verify-identity', caFile: certs.caCert, servername: 'localhost' });
      expect(result.ok && result.encrypted).toBe(true);
    });

    it('verify-ca trusts only the given CA: an unrelated CA is certificate-untrusted', async () => {
      const result = await connect(postgresEngine, { url: pgUrl('tls-optional'), mode: 'verify-ca', caFile: certs.ca2Cert });
      expect(!result.ok && result.diagnosis.cause).toBe('certificate-untrusted');
      if (!result.ok) expect(result.diagnosis.detail).toMatch(/CA file given did not issue/);
    });

    it('the expired diagnosis gives the expiry date', async () => {
      const result = await connect(postgresEngine, { url: pgUrl('expired'), mode: 'verify-identity', caFile: certs.caCert });
      expect(!result.ok && result.diagnosis.summary).toContain('2021-01-01');
    });

    it('--min-tls 1.3 negotiates TLSv1.3 and reports it', async () => {
      const run = await runCli(['connect', pgUrl('tls-optional'), '--ssl-mode', 'verify-identity', '--ca', certs.caCert, '--min-tls', '1.3', '--json']);
      expect(run.json.tls.protocol).toBe('TLSv1.3');
      expect(run.json.serverVersion).toMatch(/^PostgreSQL \d+/);
    });
  });

  describe('pg_hba.conf that refuses TLS for the host (hostnossl)', () => {
    it('preferred is not retried in plain text; the diagnosis says only disabled connects', async () => {
      const result = await connect(postgresEngine, { url: pgUrl('tls-refused'), mode: 'preferred' });
      expect(!result.ok && result.diagnosis.cause).toBe('server-lacks-tls');
      if (!result.ok) expect(result.diagnosis.recommendedMode).toBe('disabled');
      const plain = await connect(postgresEngine, { url: pgUrl('tls-refused'), mode: 'disabled' });
      expect(plain.ok && !plain.encrypted).toBe(true);
    });
  });

  describe('Redshift and CockroachDB speak the same protocol', () => {
    for (const engine of [redshiftEngine, cockroachdbEngine]) {
      it(`${engine.id}: verify-identity and preferred behave as for PostgreSQL`, async () => {
        const scheme = engine.schemes[0]!;
        const strict = await connect(engine, { url: pgUrl('tls-optional', 'localhost', scheme), mode: 'verify-identity', caFile: certs.caCert });
        expect(strict.ok && strict.encrypted && strict.engine).toBe(engine.id);
        const fallback = await connect(engine, { url: pgUrl('no-tls', 'localhost', scheme) });
        expect(fallback.ok && fallback.fellBack && fallback.mode.requested).toBe('preferred');
        const mismatch = await connect(engine, { url: pgUrl('tls-optional', '127.0.0.1', scheme), mode: 'verify-identity', caFile: certs.caCert });
        expect(!mismatch.ok && mismatch.diagnosis.cause).toBe('hostname-mismatch');
      });
    }
  });

  describe('human output', () => {
    it('a failure says what went wrong, which mode to use and the server\'s own message', async () => {
      const run = await runCli(['connect', pgUrl('tls-required'), '--ssl-mode', 'disabled']);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('requires an encrypted connection');
      expect(run.stdout).toContain('--ssl-mode required');
      expect(run.stdout).toMatch(/no pg_hba\.conf entry .*no encryption/);
      expect(run.stdout).not.toContain(PG_PASSWORD);
    });

    it('a success shows protocol, certificate and fingerprint', async () => {
      const run = await runCli(['connect', pgUrl('tls-optional'), '--ssl-mode', 'verify-identity', '--ca', certs.caCert]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Connected to postgres at localhost:\d+ with TLS/);
      expect(run.stdout).toMatch(/SHA-256 +([0-9A-F]{2}:)+/);
      expect(run.stdout).toContain('DNS:localhost');
    });
  });
});
