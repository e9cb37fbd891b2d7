import { describe, expect, it } from 'vitest';
import { postgresDriverOptions } from './postgres-ssl.js';

describe('postgresDriverOptions', () => {
  it('disabled sends no SSLRequest', () => {
    expect(postgresDriverOptions({ mode: 'disabled', tls: { caFile: 'ca.pem' } })).toMatchObject({ options: { ssl: false }, urlParameters: { sslmode: 'disable' } });
  });
  it('required never validates, and shows pg\'s own URL spelling', () => {
    const v = postgresDriverOptions({ mode: 'required', tls: {} });
    expect(v.options).toEqual({ ssl: { rejectUnauthorized: false } });
    expect(v.urlParameters).toEqual({ sslmode: 'no-verify' });
    expect(v.equivalents?.libpq).toBe('sslmode=require');
  });
  it('verify-ca checks the chain and switches the name check off', () => {
    const v = postgresDriverOptions({ mode: 'verify-ca', tls: { caFile: '/etc/ca.pem' } });
    expect(v.options.ssl).toMatchObject({ rejectUnauthorized: true, ca: '<contents of ca.pem>' });
    expect(v.urlParameters).toEqual({ uselibpqcompat: 'true', sslmode: 'verify-ca', sslrootcert: '/etc/ca.pem' });
  });
  it('verify-identity keeps Node\'s name check', () => {
    const v = postgresDriverOptions({ mode: 'verify-identity', tls: { certFile: 'c.pem', keyFile: 'k.pem', passphrase: true }, host: '10.0.0.1' });
    expect(v.options.ssl).toEqual({ rejectUnauthorized: true, cert: '<contents of c.pem>', key: '<contents of k.pem>', passphrase: '<from the environment variable given>' });
    expect(v.notes.join(' ')).toContain('10.0.0.1');
  });
  it('preferred has no pg URL equivalent and says how dbtls does it', () => {
    const v = postgresDriverOptions({ mode: 'preferred', tls: {} });
    expect(v.urlParameters).toBeNull();
    expect(v.notes.join(' ')).toMatch(/same connection/);
  });
  it('says direct TLS (no SSLRequest) for sslnegotiation=direct, and the SSLRequest otherwise', () => {
    const direct = postgresDriverOptions({ mode: 'verify-identity', tls: {}, host: 'db', directTls: true }).notes.join(' ');
    expect(direct).toMatch(/sslnegotiation=direct.*ALPN "postgresql"/);
    expect(direct).not.toMatch(/does the SSLRequest/);
    expect(postgresDriverOptions({ mode: 'verify-identity', tls: {}, host: 'db' }).notes.join(' ')).toMatch(/does the SSLRequest/);
  });
});
