/** The MySQL/MariaDB engines through the built CLI: engines, explain and diagnose (no server needed). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness/cli.js';
import { certs, cliMissing } from './mysql-env.js';

if (cliMissing) console.warn(`[dbtls] MySQL/MariaDB CLI suite skipped: ${cliMissing}`);

describe.skipIf(Boolean(cliMissing))('dbtls CLI with the MySQL/MariaDB engines', () => {
  it('engines lists mysql and mariadb: port 3306, preferred, native fallback', async () => {
    const run = await runCli(['engines', '--json']);
    expect(run.code).toBe(0);
    const list = (Array.isArray(run.json) ? run.json : run.json.engines) as { id: string; defaultPort: number; defaultMode: string; fallback: { capability: string } }[];
    for (const id of ['mysql', 'mariadb']) {
      const e = list.find((x) => x.id === id)!;
      expect(e, run.stdout).toBeTruthy();
      expect([e.defaultPort, e.defaultMode, e.fallback.capability]).toEqual([3306, 'preferred', 'native']);
    }
  });

  it('explain mysql --ssl-mode verify-identity shows the mysql2 options and the mysql --ssl-mode equivalent', async () => {
    const run = await runCli(['explain', 'mysql', '--ssl-mode', 'verify-identity', '--ca', certs.caCert, '--json']);
    expect(run.code).toBe(0);
    expect(run.json.driver).toBe('mysql2');
    expect(run.json.options.ssl).toEqual({ ca: '<contents of ca.pem>', rejectUnauthorized: true, verifyIdentity: true });
    expect(run.json.equivalents['mysql --ssl-mode']).toBe('VERIFY_IDENTITY');
    expect(run.stdout).not.toContain('BEGIN CERTIFICATE');
  });

  it('explain of an IP URL says dbtls checks the IP itself before the login packet, and hides the password', async () => {
    const run = await runCli(['explain', 'mariadb://app:Hunter2-secret@127.0.0.1/shop?ssl-mode=VERIFY_IDENTITY', '--json']);
    expect(run.code).toBe(0);
    expect(run.json.mode.requested).toBe('verify-identity');
    expect(run.json.notes.join(' ')).toMatch(/IP SANs itself/);
    expect(run.json.equivalents['mariadb client']).toMatch(/--ssl-verify-server-cert/);
    expect(run.stdout + run.stderr).not.toContain('Hunter2-secret');
  });

  it.each([
    ['ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON.', 'server-requires-tls'],
    ['ERROR 2026 (HY000): TLS/SSL error: SSL is required, but the server does not support it', 'server-lacks-tls'],
    ['ERROR 2026 (HY000): TLS/SSL error: certificate has expired', 'certificate-expired'],
    ['ERROR 2012 (HY000): Error in server handshake', 'tls-handshake-failed'],
    ['ERROR 1043 (08S01): Bad handshake', 'tls-handshake-failed'],
  ])('diagnose --engine mysql "%s"', async (message, cause) => {
    const run = await runCli(['diagnose', '--engine', 'mysql', message, '--json']);
    expect(run.json?.diagnosis?.cause ?? run.json?.cause, run.stdout).toBe(cause);
  });

  it('diagnose of a pasted 1045 after a plain login names the TLS possibilities and recommends required', async () => {
    const run = await runCli(['diagnose', '--engine', 'mariadb', '--ssl-mode', 'disabled', "ERROR 1045 (28000): Access denied for user 'lab'@'127.0.0.1' (using password: YES)", '--json']);
    const d = run.json?.diagnosis ?? run.json;
    expect(d.cause).toBe('authentication-failed');
    expect(d.recommendedMode).toBe('required');
    expect(d.detail).toMatch(/require_secure_transport/);
  });
});
