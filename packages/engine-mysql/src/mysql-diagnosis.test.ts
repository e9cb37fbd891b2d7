import { describe, expect, it } from 'vitest';
import { diagnoseError, type DiagnoseContext, type SslMode } from '@dbtls/core';
import { MYSQL_ATTEMPT, type MysqlAttempt } from './mysql-connect.js';
import { mariadb, mysql } from './mysql-engine.js';

const ctx = (mode: SslMode = 'required', clientCertificate = false): DiagnoseContext => ({ requestedMode: mode, effectiveMode: mode, given: { ca: false, clientCertificate }, host: 'localhost' });

// Pasted messages. Those marked "measured" were printed by the mariadb 10.11 client against this suite's servers.
const PASTED: [string, string, string][] = [
  ['3159 (MySQL 8)', 'ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON.', 'server-requires-tls'],
  ['1045 (measured: plain login, require_secure_transport=ON)', "ERROR 1045 (28000): Access denied for user 'lab'@'127.0.0.1' (using password: YES)", 'authentication-failed'],
  ['2026 no TLS (measured)', 'ERROR 2026 (HY000): TLS/SSL error: SSL is required, but the server does not support it', 'server-lacks-tls'],
  ['2026 no TLS (MySQL client)', "ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn't support it", 'server-lacks-tls'],
  ['2026 self-signed (measured)', 'ERROR 2026 (HY000): TLS/SSL error: self-signed certificate', 'certificate-untrusted'],
  ['2026 unknown CA (measured)', 'ERROR 2026 (HY000): TLS/SSL error: self-signed certificate in certificate chain', 'certificate-untrusted'],
  ['2026 expired (measured)', 'ERROR 2026 (HY000): TLS/SSL error: certificate has expired', 'certificate-expired'],
  ['2026 name (measured)', 'ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed', 'hostname-mismatch'],
  ['2026 verify failed (MySQL client)', 'ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed', 'certificate-untrusted'],
  ['2026 other', 'ERROR 2026 (HY000): SSL connection error: error:00000000:lib(0):func(0):reason(0)', 'tls-handshake-failed'],
  ['2061 caching_sha2_password without TLS (MySQL 8.4+/9.x client)', 'ERROR 2061 (HY000): Authentication plugin \'caching_sha2_password\' reported error: Authentication requires secure connection.', 'server-requires-tls'],
  ['2012', 'ERROR 2012 (HY000): Error in server handshake', 'tls-handshake-failed'],
  ['1043 (measured: malformed handshake response)', 'ERROR 1043 (08S01): Bad handshake', 'tls-handshake-failed'],
  ['1040 (MariaDB, max_connections)', 'ERROR 1040 (HY000): Too many connections', 'server-busy'],
  ['1203 max_user_connections', "ERROR 1203 (42000): User lab already has more than 'max_user_connections' active connections", 'server-busy'],
  ['mysql2 refusing mysql_clear_password', 'Server requested authentication using mysql_clear_password, which sends the password in plaintext over the network and is disabled by default.', 'cleartext-password-refused'],
  ['a port number is not an error number', 'connect ECONNREFUSED 127.0.0.1:2012', 'network-error'],
];

describe('diagnosis of pasted MySQL/MariaDB messages', () => {
  for (const engine of [mysql, mariadb]) {
    it.each(PASTED)(`${engine.id}: %s`, (_name, message, cause) => {
      expect(diagnoseError(engine, message, ctx()).cause).toBe(cause);
    });
  }

  it('a pasted 1045 says that TLS-only servers and REQUIRE SSL/X509 accounts answer the same', () => {
    const d = diagnoseError(mariadb, PASTED[1]![1], ctx('disabled'));
    expect(d.detail).toMatch(/require_secure_transport/);
    expect(d.detail).toMatch(/REQUIRE X509/);
    expect(d.detail).toMatch(/"required"/);
  });

  it('2061 (caching_sha2_password full authentication without TLS) recommends required', () => {
    const d = diagnoseError(mysql, PASTED.find(([n]) => n.startsWith('2061'))![1], ctx('disabled'));
    expect(d.recommendedMode).toBe('required');
    expect(d.detail).toMatch(/caching_sha2_password/);
  });

  it('2012 and 1043 explain themselves', () => {
    expect(diagnoseError(mysql, 'ERROR 2012 (HY000): Error in server handshake', ctx()).detail).toMatch(/2012/);
    expect(diagnoseError(mysql, 'ERROR 1043 (08S01): Bad handshake', ctx()).detail).toMatch(/1043/);
  });
});

function denied(attempt: Partial<MysqlAttempt>): Error {
  const e = Object.assign(new Error("Access denied for user 'lab'@'127.0.0.1' (using password: YES)"), { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, sqlState: '28000' });
  (e as unknown as Record<symbol, unknown>)[MYSQL_ATTEMPT] = { serverOfferedTls: true, encrypted: false, clientCertificate: false, serverVersion: '10.11.19-MariaDB', connections: 1, ...attempt };
  return e;
}

describe('the 1045 ambiguity, from what the connection saw', () => {
  it('plain login denied by a server that offered TLS: server may require TLS, recommend required', () => {
    const d = diagnoseError(mariadb, denied({ serverOfferedTls: true, encrypted: false }), ctx('disabled'));
    expect(d.cause).toBe('server-requires-tls');
    expect(d.recommendedMode).toBe('required');
    expect(d.summary).toMatch(/may require/);
    expect(d.detail).toMatch(/REQUIRE SSL/);
    expect(d.original.code).toBe('ER_ACCESS_DENIED_ERROR');
  });

  it('plain login denied by a server without TLS: authentication-failed', () => {
    const d = diagnoseError(mariadb, denied({ serverOfferedTls: false, encrypted: false }), ctx('preferred'));
    expect(d.cause).toBe('authentication-failed');
    expect(d.recommendedMode).toBeNull();
  });

  it('TLS login without a client certificate: authentication-failed naming REQUIRE X509 and --cert/--key', () => {
    const d = diagnoseError(mysql, denied({ encrypted: true, clientCertificate: false }), ctx('verify-ca'));
    expect(d.cause).toBe('authentication-failed');
    expect(d.detail).toMatch(/REQUIRE X509/);
    expect(d.detail).toMatch(/--cert and --key/);
  });

  it('TLS login with a client certificate: plain authentication-failed', () => {
    const d = diagnoseError(mysql, denied({ encrypted: true, clientCertificate: true }), ctx('verify-ca', true));
    expect(d.cause).toBe('authentication-failed');
    expect(d.detail).not.toMatch(/REQUIRE X509/);
  });
});

describe('mysql2 error objects', () => {
  it('HANDSHAKE_SSL_ERROR: the cause comes from the Node error mysql2 replaced', () => {
    const inner = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const outer = Object.assign(new Error('self-signed certificate'), { code: 'HANDSHAKE_SSL_ERROR', fatal: true, cause: inner });
    const d = diagnoseError(mysql, outer, ctx('verify-ca'));
    expect(d.cause).toBe('certificate-untrusted');
    expect(d.original.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('HANDSHAKE_SSL_ERROR with an unknown message is tls-handshake-failed', () => {
    const e = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'HANDSHAKE_SSL_ERROR' });
    expect(diagnoseError(mariadb, e, ctx()).cause).toBe('tls-handshake-failed');
  });

  it('HANDSHAKE_NO_SSL_SUPPORT is server-lacks-tls and recommends preferred (the engine falls back)', () => {
    const e = Object.assign(new Error('Server does not support secure connection'), { code: 'HANDSHAKE_NO_SSL_SUPPORT', fatal: true });
    const d = diagnoseError(mysql, e, ctx('required'));
    expect([d.cause, d.recommendedMode]).toEqual(['server-lacks-tls', 'preferred']);
  });

  it('ER_SECURE_TRANSPORT_REQUIRED (MySQL 8) is server-requires-tls', () => {
    const e = Object.assign(new Error('Connections using insecure transport are prohibited while --require_secure_transport=ON.'), { code: 'ER_SECURE_TRANSPORT_REQUIRED', errno: 3159 });
    expect(diagnoseError(mysql, e, ctx('disabled')).cause).toBe('server-requires-tls');
  });
});
