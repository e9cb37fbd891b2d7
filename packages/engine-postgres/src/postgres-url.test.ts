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
    expect(parsePostgresUrl('postgres://h/db?sslrootcert=system', 5432).tls).toEqual({});
  });
  it('TLS parameters never reach pg: the driver config has no ssl and no sslmode', () => {
    const t = parsePostgresUrl('postgres://u@h/db?sslmode=require&application_name=x', 5432);
    expect(t.config).toEqual({ host: 'h', port: 5432, user: 'u', database: 'db', application_name: 'x' });
  });
  it('warns about parameters it does not honour', () => {
    expect(parsePostgresUrl('postgres://h/db?ssl=true&uselibpqcompat=true', 5432).warnings).toHaveLength(2);
  });
  it.each(['not a url', 'postgres://', 'postgres://h:99999/db', 'postgres://h/db?sslmode=allow'])('rejects %j as invalid-url', (url) => {
    let error: unknown;
    try {
      parsePostgresUrl(url, 5432);
    } catch (e) {
      error = e;
    }
    expect(isDbtlsError(error) && error.code).toBe('invalid-url');
  });
});
