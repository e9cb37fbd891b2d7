import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { parseMssqlUrl } from './mssql-url.js';

describe('parseMssqlUrl', () => {
  it('reads host, port, login and database; masks the password', () => {
    const t = parseMssqlUrl('mssql://app:s3cr%40t@db.example.com:14330/sales');
    expect(t).toMatchObject({ host: 'db.example.com', port: 14330, user: 'app', database: 'sales', secrets: ['s3cr@t'] });
    expect(t.login).toEqual({ userName: 'app', password: 's3cr@t', database: 'sales' });
    expect(t.displayUrl).not.toContain('s3cr');
    expect(t.mode).toBeUndefined();
  });

  it('defaults to port 1433 and accepts sqlserver://', () => {
    expect(parseMssqlUrl('sqlserver://localhost').port).toBe(1433);
  });

  it.each([
    ['encrypt=true', 'verify-identity'],
    ['encrypt=yes&trustServerCertificate=true', 'required'],
    ['trustServerCertificate=true', 'required'],
    ['encrypt=false', 'disabled'],
    ['encrypt=optional', 'preferred'],
    ['encrypt=strict', 'verify-identity'],
    ['sslmode=verify-ca', 'verify-ca'],
    ['sslmode=require&encrypt=false', 'required'],
  ])('%s → %s', (query, mode) => {
    expect(parseMssqlUrl(`mssql://h/db?${query}`).mode).toBe(mode);
  });

  it('warns where a driver spelling means something else elsewhere', () => {
    expect(parseMssqlUrl('mssql://h?encrypt=false').warnings.join(' ')).toMatch(/ODBC and JDBC/);
    expect(parseMssqlUrl('mssql://h?encrypt=strict').warnings.join(' ')).toMatch(/TDS 8/);
    expect(parseMssqlUrl('mssql://h?sslmode=require&encrypt=false').warnings.join(' ')).toMatch(/wins/);
    expect(parseMssqlUrl('mssql://h?foo=1').warnings.join(' ')).toMatch(/ignored by dbtls: foo/);
  });

  it('reads hostNameInCertificate as the servername and a password parameter as a secret', () => {
    const t = parseMssqlUrl('mssql://h?user=app&password=pw123&hostNameInCertificate=sql.example.com&databaseName=x');
    expect(t.tls?.servername).toBe('sql.example.com');
    expect(t.login).toMatchObject({ userName: 'app', password: 'pw123', database: 'x' });
    expect(t.secrets).toEqual(['pw123']);
    expect(t.displayUrl).not.toContain('pw123');
  });

  it.each(['mssql://h?encrypt=maybe', 'mssql://h?trustServerCertificate=perhaps', 'mssql://h?sslmode=allow', 'not a url'])('rejects %s', (url) => {
    try {
      parseMssqlUrl(url);
      expect.unreachable();
    } catch (error) {
      expect(isDbtlsError(error) && error.code).toBe('invalid-url');
    }
  });
});
