import { describe, expect, it } from 'vitest';
import { parseMongodbUrl } from './mongodb-url.js';
import { mongodbDriverOptions, mongodbTlsOptions } from './mongodb-ssl.js';

describe('parseMongodbUrl', () => {
  it('reads the seed list, user and database, and masks the password', () => {
    const t = parseMongodbUrl('mongodb://app:s3cret@db1:27018,db2/app?replicaSet=rs0');
    expect(t).toMatchObject({ host: 'db1', port: 27018, user: 'app', database: 'app', hosts: ['db1:27018', 'db2'], srv: false });
    expect(t.displayUrl).not.toContain('s3cret');
    expect(t.secrets).toContain('s3cret');
    expect(t.mode).toBeUndefined();
  });
  it('maps the driver TLS options to modes', () => {
    expect(parseMongodbUrl('mongodb://h/?tls=false').mode).toBe('disabled');
    expect(parseMongodbUrl('mongodb://h/?ssl=true').mode).toBe('verify-identity');
    expect(parseMongodbUrl('mongodb://h/?tls=true&tlsAllowInvalidHostnames=true').mode).toBe('verify-ca');
    expect(parseMongodbUrl('mongodb://h/?tls=true&tlsInsecure=true').mode).toBe('required');
    expect(parseMongodbUrl('mongodb://h/?TLS=true&tlsAllowInvalidCertificates=true').mode).toBe('required');
  });
  it('mongodb+srv turns TLS on, and an explicit tls=false there is a warning', () => {
    expect(parseMongodbUrl('mongodb+srv://cluster0.example.net/').mode).toBe('verify-identity');
    const off = parseMongodbUrl('mongodb+srv://cluster0.example.net/?tls=false');
    expect(off.mode).toBe('disabled');
    expect(off.warnings.join(' ')).toMatch(/turns TLS on by itself/);
  });
  it('takes the TLS files and removes every TLS option from the driver URL', () => {
    const t = parseMongodbUrl('mongodb://h/?tls=true&tlsCAFile=ca.pem&tlsCertificateKeyFile=both.pem&tlsCertificateKeyFilePassword=pw&appName=x');
    expect(t.tls).toEqual({ caFile: 'ca.pem', certFile: 'both.pem', keyFile: 'both.pem', passphrase: 'pw' });
    expect(t.driverUrl).toBe('mongodb://h/?appName=x');
    expect(t.displayUrl).not.toContain('=pw');
  });
  it('rejects a malformed URL with invalid-url and no password', () => {
    expect(() => parseMongodbUrl('mongodb://u:pw@/')).toThrow(expect.objectContaining({ code: 'invalid-url' }));
  });
});

describe('mongodb options', () => {
  it('maps each mode to the native options', () => {
    expect(mongodbTlsOptions('disabled', {})).toEqual({ tls: false });
    expect(mongodbTlsOptions('required', { caFile: 'ca.pem' })).toEqual({ tls: true, tlsInsecure: true, tlsCAFile: 'ca.pem' });
    expect(mongodbTlsOptions('verify-ca', { caFile: 'ca.pem' })).toEqual({ tls: true, tlsAllowInvalidHostnames: true, tlsCAFile: 'ca.pem' });
    expect(mongodbTlsOptions('verify-identity', {})).toEqual({ tls: true });
  });
  it('driverOptions hides the passphrase and explains the joined certificate file', () => {
    const view = mongodbDriverOptions({ mode: 'verify-identity', tls: { caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem', passphrase: true } });
    expect(view.options.tlsCertificateKeyFilePassword).toBe('***');
    expect(String(view.options.tlsCertificateKeyFile)).toMatch(/temporary file \(mode 0600\) joining c\.pem and k\.pem/);
    expect(view.urlParameters).toMatchObject({ tls: 'true', tlsCAFile: 'ca.pem' });
  });
});
