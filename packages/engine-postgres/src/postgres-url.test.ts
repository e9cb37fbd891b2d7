import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { parsePostgresUrl } from './postgres-url.js';

describe('parsePostgresUrl', () => {
  it('reads host, port, user, database and keeps the password only as a secret', () => {
    const t = parsePostgresUrl('postgresql://app:p%40ss@db.example.com:6543/appdb', 5432);
    expect(t).toMatchObject({ host: 'db.example.com', port: 6543, user: 'app', database: 'appdb', secrets: ['p@ss'] });
    expect(t.displayUrl).toBe('postgresql://app:***@db.example.com:6543/appdb');
    expect(t.config.password).toBe('p@ss');
  });
  it('uses the family default port', () => {
    expect(parsePostgresUrl('redshift://h/dev', 5439).port).toBe(5439);
  });
  it.each([
    ['disable', 'disabled'], ['prefer', 'preferred'], ['require', 'required'], ['verify-ca', 'verify-ca'], ['verify-full', 'verify-identity'], ['no-verify', 'required'],
  ])('sslmode=%s keeps its libpq meaning: %s', (sslmode, mode) => {
    expect(parsePostgresUrl(`postgres://h/db?sslmode=${sslmode}`, 5432).mode).toBe(mode);
  });
  it('TLS files come from sslrootcert, sslcert, sslkey and sslpassword; sslrootcert=system means the trust store', () => {
    const t = parsePostgresUrl('postgres://h/db?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem&sslpassword=kp', 5432);
    expect(t.tls).toEqual({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', passphrase: 'kp' });
    expect(t.secrets).toContain('kp');
    expect(t.displayUrl).not.toContain('kp');
    expect(parsePostgresUrl('postgres://h/db?sslrootcert=system', 5432).tls).toEqual({ systemCa: true });
    expect(parsePostgresUrl('postgres://h/db?sslrootcert=system', 5432).mode).toBe('verify-identity');
  });
  it('TLS parameters never reach pg: the driver config has no ssl and no sslmode', () => {
    const t = parsePostgresUrl('postgres://u@h/db?sslmode=require&application_name=x', 5432);
    expect(t.config).toEqual({ host: 'h', port: 5432, user: 'u', database: 'db', application_name: 'x' });
  });
  it('reads node-postgres strings with node-postgres rules', () => {
    expect(parsePostgresUrl('postgres://h/db?ssl=true', 5432).mode).toBe('verify-identity');
    expect(parsePostgresUrl('postgres://h/db?uselibpqcompat=true&sslmode=require', 5432).mode).toBe('required');
  });
  it('reads libpq keyword/value strings, CRLs, the TLS range, SNI and direct TLS into the target', () => {
    const t = parsePostgresUrl("host=h port=6000 user=u password='p w' dbname=d sslmode=verify-full sslrootcert=/ca.pem sslcrl=/crl.pem sslcrldir=/crls ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.3 sslsni=0 sslnegotiation=direct", 5432);
    expect(t).toMatchObject({ host: 'h', port: 6000, mode: 'verify-identity', directTls: true, config: { host: 'h', port: 6000, user: 'u', password: 'p w', database: 'd' } });
    expect(t.tls).toEqual({ caFile: '/ca.pem', crlFile: '/crl.pem', crlDir: '/crls', minTlsVersion: 'TLSv1.3', maxTlsVersion: 'TLSv1.3', sni: false });
    expect(t.displayUrl).not.toContain('p w');
    expect(t.secrets).toEqual(['p w']);
  });
  it('reads sslmode=allow as preferred, with a warning', () => {
    const t = parsePostgresUrl('postgres://h/db?sslmode=allow', 5432);
    expect(t.mode).toBe('preferred');
    expect(t.warnings.join(' ')).toMatch(/allow/);
  });
  it.each(['not a url', 'postgres://', 'postgres://h:99999/db', 'postgres://h/db?sslmode=verify', 'postgres://h/db?sslnegotiation=direct'])('rejects %j as invalid-url', (url) => {
    let error: unknown;
    try {
      parsePostgresUrl(url, 5432);
    } catch (e) {
      error = e;
    }
    expect(isDbtlsError(error) && error.code).toBe('invalid-url');
  });
});
