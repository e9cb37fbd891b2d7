import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { parseMysqlSslMode, parseMysqlUrl } from './mysql-url.js';

describe('parseMysqlUrl', () => {
  it('reads host, default port 3306, user, database, and hides the password', () => {
    const t = parseMysqlUrl('mysql://app:s3cr%40t@db.example.com/shop');
    expect(t).toMatchObject({ host: 'db.example.com', port: 3306, user: 'app', database: 'shop', secrets: ['s3cr@t'], warnings: [] });
    expect(t.displayUrl).not.toContain('s3cr');
    expect(t.mode).toBeUndefined();
    expect(t.tls).toBeUndefined();
  });

  it('reads an explicit port, IPv6 and mariadb:// URLs', () => {
    expect(parseMysqlUrl('mariadb://u@127.0.0.1:33401').port).toBe(33401);
    expect(parseMysqlUrl('mysql://u@[::1]:3307/x').host).toBe('::1');
  });

  it.each([
    ['ssl-mode=DISABLED', 'disabled'],
    ['ssl-mode=PREFERRED', 'preferred'],
    ['ssl-mode=REQUIRED', 'required'],
    ['ssl-mode=VERIFY_CA', 'verify-ca'],
    ['ssl-mode=VERIFY_IDENTITY', 'verify-identity'],
    ['sslMode=verify-full', 'verify-identity'],
    ['sslmode=require', 'required'],
    ['ssl_mode=verify_ca', 'verify-ca'],
    ['sslMode=trust', 'required'],
  ] as const)('%s -> %s', (query, mode) => {
    expect(parseMysqlUrl(`mysql://u@h/?${query}`).mode).toBe(mode);
  });

  it('reads ssl-ca, ssl-cert, ssl-key (MySQL, underscore and Connector/J spellings) and tls-version', () => {
    const t = parseMysqlUrl('mysql://u@h/db?ssl-mode=VERIFY_CA&ssl-ca=/etc/ca.pem&ssl_cert=/c.pem&sslkey=/k.pem&tls-version=TLSv1.3,TLSv1.2');
    expect(t.tls).toEqual({ caFile: '/etc/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', minTlsVersion: 'TLSv1.2' });
    expect(t.maxTlsVersion).toBe('TLSv1.3');
    expect(parseMysqlUrl('mariadb://u@h/?serverSslCert=/ca.pem').tls).toEqual({ caFile: '/ca.pem' });
  });

  it('maps legacy flags with a warning, and an explicit ssl-mode wins over them', () => {
    const a = parseMysqlUrl('mysql://u@h/?useSSL=true');
    // Connector/J reads useSSL=true alone as PREFERRED, MariaDB Connector/J as verify-full: the stricter.
    expect(a.mode).toBe('verify-identity');
    expect(a.warnings.join(' ')).toMatch(/stricter reading/);
    expect(parseMysqlUrl('mysql://u@h/?useSSL=false').mode).toBe('disabled');
    expect(parseMysqlUrl('jdbc:mysql://h/?useSSL=true&verifyServerCertificate=true').mode).toBe('verify-ca');
    expect(parseMysqlUrl('mysql://u@h/?useSSL=true&verifyServerCertificate=true').mode).toBe('verify-identity');
    expect(parseMysqlUrl('mariadb://u@h/?ssl-verify-server-cert=1').mode).toBe('verify-identity');
    expect(parseMysqlUrl('mysql://u@h/?useSSL=true&ssl-mode=VERIFY_IDENTITY').mode).toBe('verify-identity');
  });

  it('warns about TLS parameters it does not support instead of dropping them silently', () => {
    const t = parseMysqlUrl('mysql://u@h/?ssl-foo=1&charset=utf8mb4');
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatch(/ssl-foo/);
    expect(parseMysqlUrl('mysql://u@h/?ssl-cipher=AES128-SHA').warnings.join(' ')).toMatch(/ssl-cipher is not used/);
  });

  it('rejects unknown and conflicting modes with a DbtlsError', () => {
    for (const url of ['mysql://u@h/?ssl-mode=SOMETIMES', 'mysql://u@h/?ssl-mode=REQUIRED&sslMode=DISABLED']) {
      let caught: unknown;
      try {
        parseMysqlUrl(url);
      } catch (e) {
        caught = e;
      }
      expect(isDbtlsError(caught)).toBe(true);
    }
    expect(() => parseMysqlUrl('mysql://u@h/?tls-version=1.9')).toThrow(/TLS version/);
    expect(() => parseMysqlUrl('not a url')).toThrow(/not a valid URL/);
  });

  it('parseMysqlSslMode accepts MySQL, libpq and dbtls spellings', () => {
    expect(parseMysqlSslMode('VERIFY_IDENTITY')).toBe('verify-identity');
    expect(parseMysqlSslMode('prefer')).toBe('preferred');
    expect(() => parseMysqlSslMode('allow')).toThrow(/allow/);
  });
});
