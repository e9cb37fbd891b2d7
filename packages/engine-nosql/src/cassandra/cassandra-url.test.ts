import { describe, expect, it } from 'vitest';
import { parseCassandraUrl } from './cassandra-url.js';
import { cassandraSslOptions } from './cassandra-ssl.js';

describe('parseCassandraUrl', () => {
  it('reads several contact points, keyspace, data center and masks the password', () => {
    const t = parseCassandraUrl('cassandra://app:s3cret@n1:9043,n2/ks?localDataCenter=dc1&sslmode=verify-full');
    expect(t).toMatchObject({ host: 'n1', port: 9043, user: 'app', database: 'ks', localDataCenter: 'dc1', contactPoints: ['n1:9043', 'n2:9042'], mode: 'verify-identity' });
    expect(t.displayUrl).not.toContain('s3cret');
  });
  it('ssl=true is verify-identity, ssl=false disabled, nothing leaves the default', () => {
    expect(parseCassandraUrl('cassandra://h/?ssl=true').mode).toBe('verify-identity');
    expect(parseCassandraUrl('cassandra://h/?tls=false').mode).toBe('disabled');
    expect(parseCassandraUrl('cassandra://h').mode).toBeUndefined();
  });
  it('rejects other schemes', () => {
    expect(() => parseCassandraUrl('redis://h')).toThrow(expect.objectContaining({ code: 'invalid-url' }));
  });
});

describe('cassandraSslOptions', () => {
  it('always sets rejectUnauthorized (the driver defaults to false) and SNI for host names', () => {
    expect(cassandraSslOptions({ mode: 'disabled', files: {} }, 'h')).toBeUndefined();
    expect(cassandraSslOptions({ mode: 'required', files: {} }, 'db.example')).toMatchObject({ rejectUnauthorized: false, servername: 'db.example' });
    expect(cassandraSslOptions({ mode: 'verify-ca', ca: 'x', files: {} }, '127.0.0.1')).toMatchObject({ rejectUnauthorized: true, ca: 'x' });
    expect(cassandraSslOptions({ mode: 'verify-ca', files: {} }, '127.0.0.1')!.servername).toBeUndefined();
  });
  it('verify-identity checks the URL host name, not the IP the driver connected to', () => {
    const o = cassandraSslOptions({ mode: 'verify-identity', files: {} }, 'localhost')!;
    const cert = { subject: { CN: 'localhost' }, subjectaltname: 'DNS:localhost' } as never;
    expect(o.checkServerIdentity!('127.0.0.1', cert)).toBeUndefined();
    const other = { subject: { CN: 'other' }, subjectaltname: 'DNS:other' } as never;
    expect(o.checkServerIdentity!('127.0.0.1', other)).toBeInstanceOf(Error);
  });
});
