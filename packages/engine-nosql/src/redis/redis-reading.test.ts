import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { parseRedisUrl } from './redis-url.js';

/**
 * Fixtures from redis-py 6 (from_url query arguments; ssl_cert_reqs default
 * "required", ssl_check_hostname default True since 6.0, to_bool), ioredis
 * and node-redis (rediss:// = Node.js TLS defaults) and Valkey's schemes.
 */
const READINGS: [string, string | undefined, string][] = [
  ['redis://h', undefined, ''],
  ['rediss://h', 'verify-identity', 'scheme'],
  ['valkey://h', undefined, ''],
  ['valkeys://h:6380/1', 'verify-identity', 'scheme'],
  ['rediss://h?ssl_cert_reqs=none', 'required', 'ssl_cert_reqs'],
  ['rediss://h?ssl_cert_reqs=NONE&ssl_check_hostname=true', 'required', 'ssl_cert_reqs'],
  ['rediss://h?ssl_cert_reqs=required', 'verify-identity', 'ssl_cert_reqs'],
  ['rediss://h?ssl_cert_reqs=optional', 'verify-identity', 'ssl_cert_reqs'],
  ['rediss://h?ssl_check_hostname=false', 'verify-ca', 'ssl_check_hostname'],
  ['rediss://h?ssl_check_hostname=N', 'verify-ca', 'ssl_check_hostname'],
  ['rediss://h?ssl_check_hostname=0', 'verify-ca', 'ssl_check_hostname'],
  ['rediss://h?ssl_check_hostname=True', 'verify-identity', 'ssl_check_hostname'],
  ['rediss://h?ssl_cert_reqs=required&ssl_check_hostname=false', 'verify-ca', 'ssl_check_hostname'],
  ['valkeys://h?ssl_cert_reqs=none', 'required', 'ssl_cert_reqs'],
  ['rediss://h?ssl-mode=verify-ca&ssl_cert_reqs=none', 'verify-ca', 'ssl-mode'],
  ['redis://h?ssl-mode=required', 'required', 'ssl-mode'],
];

describe('Redis and Valkey URLs read as redis-py 6 and the Node clients do', () => {
  it.each(READINGS)('%s → %s (from %s)', (url, mode, from) => {
    const t = parseRedisUrl(url);
    expect(t.mode).toBe(mode);
    if (mode) expect(from === 'scheme' ? t.sources.mode?.from : t.sources.mode?.parameter).toBe(from);
  });

  it('honours the redis-py file, passphrase and version parameters, with sources', () => {
    const t = parseRedisUrl('rediss://:pw@h/0?ssl_ca_certs=/etc/ca.pem&ssl_certfile=/c.pem&ssl_keyfile=/k.pem&ssl_password=kp4ss&ssl_min_version=TLSv1_3');
    expect(t.tls).toEqual({ caFile: '/etc/ca.pem', certFile: '/c.pem', keyFile: '/k.pem', passphrase: 'kp4ss', minTlsVersion: 'TLSv1.3' });
    expect(t.sources).toMatchObject({ caFile: { parameter: 'ssl_ca_certs' }, certFile: { parameter: 'ssl_certfile' }, keyFile: { parameter: 'ssl_keyfile' }, passphrase: { parameter: 'ssl_password' } });
    expect(t.secrets).toEqual(expect.arrayContaining(['kp4ss', 'pw']));
    expect(t.displayUrl).not.toContain('kp4ss');
  });

  it('warns about what it does not use', () => {
    expect(parseRedisUrl('rediss://h?ssl_ciphers=HIGH').warnings.join(' ')).toMatch(/ssl_ciphers is not used/);
    expect(parseRedisUrl('rediss://h?ssl_foo=1').warnings.join(' ')).toMatch(/ssl_foo/);
    expect(parseRedisUrl('rediss://h?ssl_cert_reqs=optional').warnings.join(' ')).toMatch(/like "required"/);
  });

  it.each([
    ['rediss://h?ssl_cert_reqs=maybe', /not one of redis-py's values/],
    ['redis://h?ssl_cert_reqs=none', /plain redis:\/\/ URL/],
    ['valkey://h?ssl_ca_certs=/ca.pem', /plain valkey:\/\/ URL/],
    ['rediss://h?ssl_ca_path=/etc/ssl/certs', /directory of CA certificates/],
    ['rediss://h?ssl_validate_ocsp=true', /OCSP/],
    ['rediss://h?ssl_include_verify_flags=VERIFY_CRL_CHECK_LEAF', /verification flags/],
    ['rediss://h?ssl_min_version=SSLv3', /not a TLS version/],
    ['rediss://h?ssl_cert_reqs=none&ssl_cert_reqs=required', /twice/],
    ['memcache://h', /not a Redis URL/],
  ])('refuses %s', (url, message) => {
    let caught: unknown;
    try {
      parseRedisUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(isDbtlsError(caught) && caught.code).toBe('invalid-url');
    expect((caught as Error).message).toMatch(message);
  });
});
