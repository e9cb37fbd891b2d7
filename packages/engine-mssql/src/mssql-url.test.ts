import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { mssqlSyntax, parseMssqlUrl } from './mssql-url.js';

describe('parseMssqlUrl', () => {
  it('reads host, port, login and database; masks the password', () => {
    const t = parseMssqlUrl('mssql://app:s3cr%40t@db.example.com:14330/sales');
    expect(t).toMatchObject({ host: 'db.example.com', port: 14330, user: 'app', database: 'sales', secrets: ['s3cr@t'], client: 'tedious' });
    expect(t.login).toEqual({ userName: 'app', password: 's3cr@t', database: 'sales' });
    expect(t.displayUrl).not.toContain('s3cr');
    expect(t.mode).toBeUndefined();
  });

  it('defaults to port 1433 and accepts sqlserver://', () => {
    expect(parseMssqlUrl('sqlserver://localhost')).toMatchObject({ port: 1433, client: 'go-mssqldb' });
  });

  it.each(['Server=tcp:db,1433;Encrypt=no', 'Data Source=db;Initial Catalog=x', 'jdbc:sqlserver://db;encrypt=true', 'mssql://db', 'sqlserver://db'])('recognises the syntax of %s', (input) => {
    expect(mssqlSyntax(input)).toBeDefined();
  });

  it.each(['postgres://db', 'host=db sslmode=require', 'mysql://x'])('does not claim %s', (input) => {
    expect(mssqlSyntax(input)).toBeUndefined();
  });

  // Each client's own meaning; built from the SqlClient "encryption and certificate validation" table,
  // the JDBC connection-property docs, go-mssqldb's README and tedious's options.
  const FIXTURES: [string, string | undefined, boolean?][] = [
    // tedious / node-mssql (mssql://): encrypt=false sends ENCRYPT_NOT_SUP, nothing encrypted.
    ['mssql://h/db?encrypt=true', 'verify-identity'],
    ['mssql://h/db?encrypt=yes&trustServerCertificate=true', 'required'],
    ['mssql://h/db?trustServerCertificate=true', 'required'],
    ['mssql://h/db?encrypt=false', 'disabled'],
    ['mssql://h/db?encrypt=optional', 'verify-identity'],
    ['mssql://h/db?encrypt=optional&trustServerCertificate=true', 'preferred'],
    ['mssql://h/db?encrypt=strict', 'verify-identity', true],
    ['mssql://h/db?encrypt=strict&trustServerCertificate=true', 'required', true],
    ['mssql://h/db?sslmode=verify-ca', 'verify-ca'],
    ['mssql://h/db?sslmode=require&encrypt=false', 'required'],
    ['mssql://h/db', undefined],
    // go-mssqldb (sqlserver://): disable = no TLS, false = login only (validated when the server forces).
    ['sqlserver://h?encrypt=disable', 'disabled'],
    ['sqlserver://h?encrypt=false', 'verify-identity'],
    ['sqlserver://h?encrypt=false&TrustServerCertificate=true', 'preferred'],
    ['sqlserver://h?encrypt=true', 'verify-identity'],
    ['sqlserver://h?encrypt=true&TrustServerCertificate=true', 'required'],
    ['sqlserver://h?encrypt=strict', 'verify-identity', true],
    ['sqlserver://h?encrypt=1', 'verify-identity'],
    ['sqlserver://h', undefined],
    // SqlClient: Encrypt defaults to Mandatory (4.0+), TrustServerCertificate to false.
    ['Server=tcp:h,1433', 'verify-identity'],
    ['Server=h;Encrypt=Mandatory', 'verify-identity'],
    ['Server=h;Encrypt=true;TrustServerCertificate=true', 'required'],
    ['Server=h;Encrypt=yes;Trust Server Certificate=yes', 'required'],
    ['Server=h;TrustServerCertificate=True', 'required'],
    ['Server=h;Encrypt=Optional', 'verify-identity'],
    ['Server=h;Encrypt=false;TrustServerCertificate=true', 'preferred'],
    ['Server=h;Encrypt=no;TrustServerCertificate=yes', 'preferred'],
    ['Server=h;Encrypt=Strict', 'verify-identity', true],
    ['Server=h;Encrypt=Strict;TrustServerCertificate=true', 'verify-identity', true],
    ['server=h;encrypt=STRICT', 'verify-identity', true],
    // JDBC: encrypt defaults to true (10.2+).
    ['jdbc:sqlserver://h:1433;databaseName=x', 'verify-identity'],
    ['jdbc:sqlserver://h;encrypt=true;trustServerCertificate=true', 'required'],
    ['jdbc:sqlserver://h;encrypt=false', 'verify-identity'],
    ['jdbc:sqlserver://h;encrypt=false;trustServerCertificate=true', 'preferred'],
    ['jdbc:sqlserver://h;encrypt=strict;trustServerCertificate=true', 'verify-identity', true],
  ];

  it.each(FIXTURES)('%s → %s', (input, mode, strict) => {
    const t = parseMssqlUrl(input);
    expect(t.mode).toBe(mode);
    expect(t.strict ?? false).toBe(strict ?? false);
    if (mode) expect(t.sources.mode).toBeTruthy();
  });

  it('names the source of each reading, including a client default', () => {
    expect(parseMssqlUrl('Server=h').sources.mode).toMatch(/SqlClient.*default.*Mandatory/);
    expect(parseMssqlUrl('Server=h;Encrypt=Strict').sources).toMatchObject({ mode: 'Encrypt=Strict', strict: 'Encrypt=Strict' });
    const go = parseMssqlUrl('sqlserver://h?encrypt=true&certificate=/etc/ca.pem&hostNameInCertificate=sql.example.com&tlsmin=1.2');
    expect(go.tls).toEqual({ caFile: '/etc/ca.pem', servername: 'sql.example.com', minTlsVersion: 'TLSv1.2' });
    expect(go.sources).toMatchObject({ caFile: 'certificate', servername: 'hostNameInCertificate', minTlsVersion: 'tlsmin' });
  });

  it('reads ADO.NET and JDBC addresses, logins and databases; masks passwords', () => {
    const ado = parseMssqlUrl('Server=tcp:db.example.com,14331;Initial Catalog=sales;User ID=app;Password="p;w=1";Encrypt=Mandatory');
    expect(ado).toMatchObject({ host: 'db.example.com', port: 14331, database: 'sales', user: 'app', client: 'sqlclient', login: { password: 'p;w=1' } });
    expect(ado.displayUrl).not.toContain('p;w=1');
    expect(ado.secrets).toContain('p;w=1');
    const jdbc = parseMssqlUrl('jdbc:sqlserver://db.example.com:14332;databaseName=hr;user=app;password={x;y}');
    expect(jdbc).toMatchObject({ host: 'db.example.com', port: 14332, database: 'hr', user: 'app', client: 'jdbc', login: { password: 'x;y' } });
    expect(jdbc.displayUrl).not.toMatch(/x;y/);
  });

  it('warns where a driver spelling means something else elsewhere, and about what it drops', () => {
    expect(parseMssqlUrl('mssql://h?encrypt=optional').warnings.join(' ')).toMatch(/login packet.*verify-identity/);
    expect(parseMssqlUrl('Server=h;Encrypt=Strict;TrustServerCertificate=true').warnings.join(' ')).toMatch(/ignored.*TDS 8 always validates/);
    expect(parseMssqlUrl('mssql://h?sslmode=require&encrypt=false').warnings.join(' ')).toMatch(/wins/);
    expect(parseMssqlUrl('mssql://h?foo=1').warnings.join(' ')).toMatch(/ignored by dbtls: foo/);
    expect(parseMssqlUrl('Server=h;Column Encryption Setting=Enabled;SslThing=1').warnings.join(' ')).toMatch(/TLS-related .*SslThing/);
    expect(parseMssqlUrl('Server=h;Integrated Security=SSPI').warnings.join(' ')).toMatch(/SQL Server authentication/);
  });

  it('reads hostNameInCertificate as the servername and a password parameter as a secret', () => {
    const t = parseMssqlUrl('mssql://h?user=app&password=pw123&hostNameInCertificate=sql.example.com&databaseName=x');
    expect(t.tls?.servername).toBe('sql.example.com');
    expect(t.login).toMatchObject({ userName: 'app', password: 'pw123', database: 'x' });
    expect(t.secrets).toEqual(['pw123']);
    expect(t.displayUrl).not.toContain('pw123');
  });

  it.each([
    ['mssql://h?encrypt=maybe', /encrypt=maybe/],
    ['sqlserver://h?encrypt=optional', /disable, false, true or strict/],
    ['Server=h;Encrypt=disable', /Optional, Mandatory, Strict/],
    ['mssql://h?trustServerCertificate=perhaps', /trustServerCertificate=perhaps/],
    ['mssql://h?sslmode=allow', /allow/],
    ['Server=h;ServerCertificate=/etc/server.cer', /pins the server certificate/],
    ['jdbc:sqlserver://h;encrypt=true;trustStore=/etc/ts.jks;trustStorePassword=s3cret', /Java key store/],
    ['Server=np:\\\\h\\pipe\\sql\\query', /TCP/],
    ['Server=h\\SQLEXPRESS', /named instances/],
    ['Server=h;Password="unterminated', /cannot be parsed/],
    ['jdbc:sqlserver://h;encrypt', /no value/],
    ['mssql://h?encrypt=strict&sslmode=disable', /contradicts/],
    ['Server=h;Data Source=other', /two names for one setting/],
    ['not a url', /./],
  ])('rejects %s', (url, message) => {
    try {
      parseMssqlUrl(url);
      expect.unreachable();
    } catch (error) {
      expect(isDbtlsError(error) && error.code).toBe('invalid-url');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
