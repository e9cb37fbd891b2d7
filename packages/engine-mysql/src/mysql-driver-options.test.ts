import { describe, expect, it } from 'vitest';
import { SSL_MODES } from '@dbtls/core';
import { mariadb, mysql } from './mysql-engine.js';

const files = { caFile: '/etc/ssl/ca.pem', certFile: '/home/app/client.pem', keyFile: '/home/app/client.key', passphrase: true };

describe('driverOptions', () => {
  it('disabled: no ssl option', () => {
    const v = mysql.driverOptions({ mode: 'disabled', tls: {}, host: 'db' });
    expect(v.driver).toBe('mysql2');
    expect(v.options.ssl).toBeUndefined();
    expect(v.equivalents?.['mysql --ssl-mode']).toBe('DISABLED');
  });

  it('preferred and required: rejectUnauthorized false; preferred explains the greeting decision', () => {
    for (const mode of ['preferred', 'required'] as const) {
      const v = mysql.driverOptions({ mode, tls: {}, host: 'db' });
      expect(v.options.ssl).toEqual({ rejectUnauthorized: false });
    }
    expect(mysql.driverOptions({ mode: 'preferred', tls: {}, host: 'db' }).notes.join(' ')).toMatch(/CLIENT_SSL/);
  });

  it('verify-ca: chain checked, verifyIdentity off', () => {
    const v = mysql.driverOptions({ mode: 'verify-ca', tls: { caFile: '/etc/ssl/ca.pem' }, host: 'db.example.com' });
    expect(v.options.ssl).toEqual({ ca: '<contents of ca.pem>', rejectUnauthorized: true });
    expect(v.urlParameters).toEqual({ 'ssl-mode': 'VERIFY_CA', 'ssl-ca': '/etc/ssl/ca.pem' });
  });

  it('verify-identity: verifyIdentity for DNS names; for IP hosts dbtls checks the name itself', () => {
    expect(mysql.driverOptions({ mode: 'verify-identity', tls: {}, host: 'db.example.com' }).options.ssl).toEqual({ rejectUnauthorized: true, verifyIdentity: true });
    const ip = mysql.driverOptions({ mode: 'verify-identity', tls: {}, host: '10.0.0.5' });
    expect(ip.options.ssl).toEqual({ rejectUnauthorized: true });
    expect(ip.notes.join(' ')).toMatch(/"10\.0\.0\.5" against the certificate's IP SANs itself.*before mysql2 sends the login packet/);
    expect(ip.notes.join(' ')).toMatch(/No CA given/);
  });

  it('client certificate, key, passphrase and minimum version are shown without contents or secrets', () => {
    const v = mariadb.driverOptions({ mode: 'verify-identity', tls: { ...files, minTlsVersion: 'TLSv1.3' }, host: 'db' });
    expect(v.options.ssl).toEqual({ ca: '<contents of ca.pem>', cert: '<contents of client.pem>', key: '<contents of client.key>', passphrase: '***', minVersion: 'TLSv1.3', rejectUnauthorized: true, verifyIdentity: true });
    expect(v.equivalents?.['mysql client']).toBe('mysql --ssl-mode=VERIFY_IDENTITY --ssl-ca=/etc/ssl/ca.pem --ssl-cert=/home/app/client.pem --ssl-key=/home/app/client.key');
    expect(v.equivalents?.['mariadb client']).toMatch(/^mariadb --ssl --ssl-verify-server-cert --ssl-ca=/);
  });

  it('the servername replaces the host for SNI and the name check', () => {
    const v = mysql.driverOptions({ mode: 'verify-identity', tls: { servername: 'db.internal' }, host: '10.0.0.5' });
    expect(v.options.host).toBe('db.internal');
    expect(v.options.ssl).toEqual({ rejectUnauthorized: true, verifyIdentity: true });
  });

  it('every mode has the MySQL client --ssl-mode equivalent; only mariadb lists the mariadb client', () => {
    const names = { disabled: 'DISABLED', preferred: 'PREFERRED', required: 'REQUIRED', 'verify-ca': 'VERIFY_CA', 'verify-identity': 'VERIFY_IDENTITY' };
    for (const mode of SSL_MODES) {
      expect(mysql.driverOptions({ mode, tls: {} }).equivalents?.['mysql --ssl-mode']).toBe(names[mode]);
      expect(mysql.driverOptions({ mode, tls: {} }).equivalents?.['mariadb client']).toBeUndefined();
      expect(mariadb.driverOptions({ mode, tls: {} }).equivalents?.['mariadb client']).toBeTruthy();
    }
  });

  it('is pure: the same input gives the same output', () => {
    const input = { mode: 'verify-ca' as const, tls: { caFile: 'ca.pem' }, host: 'h' };
    expect(mysql.driverOptions(input)).toEqual(mysql.driverOptions(input));
  });
});

describe('engine definitions', () => {
  it('mysql and mariadb: schemes, port 3306, preferred by default, native fallback, own guidance', () => {
    expect([mysql.schemes, mariadb.schemes]).toEqual([['mysql'], ['mariadb']]);
    expect([mysql.defaultPort, mariadb.defaultPort]).toEqual([3306, 3306]);
    expect([mysql.defaultMode, mariadb.defaultMode]).toEqual(['preferred', 'preferred']);
    expect(mysql.fallback.capability).toBe('native');
    expect(mysql.guidance).not.toBe(mariadb.guidance);
    expect(mariadb.guidance).toMatch(/1045/);
    expect(mysql.guidance).toMatch(/3159/);
  });
});
