import { describe, expect, it } from 'vitest';
import { createRegistry, isDbtlsError, parseConnectionString } from '@dbtls/core';
import { engines } from './index.js';

const registry = createRegistry([engines]);
const read = (s: string, engine?: string) => parseConnectionString(registry, s, engine ? { engine } : {});
function refused(s: string, engine?: string): string {
  try {
    read(s, engine);
  } catch (error) {
    return isDbtlsError(error) && error.code === 'invalid-url' ? error.message : `unexpected: ${String(error)}`;
  }
  return 'accepted';
}

describe('Oracle Easy Connect', () => {
  it.each([
    ['tcps://db:2484/svc', 'verify-identity', 'scheme'],
    ['tcps://db:1522/svc_high?ssl_server_dn_match=false', 'verify-ca', 'parameter'],
    ['tcps://db:1522/svc_high?ssl_server_dn_match=yes', 'verify-identity', 'parameter'],
    ['oracle://db:1521/svc', 'disabled', 'default'],
    ['oracle://db:1521/svc?sslmode=verify-ca', 'verify-ca', 'parameter'],
  ])('%s → %s (%s)', (s, mode, from) => {
    expect(read(s).mode).toMatchObject({ value: mode, source: { from } });
  });
  it('honours ssl_server_cert_dn and wallet_location (handed to the driver), says so', () => {
    const r = read('tcps://u:pw@adb.example.com:1522/db_high?ssl_server_cert_dn="CN=adb.example.com,O=Oracle"&wallet_location=/opt/wallet');
    expect(r.options).toEqual({ ssl_server_cert_dn: 'CN=adb.example.com,O=Oracle', wallet_location: '/opt/wallet' });
    expect(r.warnings.map((w) => w.parameter)).toEqual(expect.arrayContaining(['ssl_server_cert_dn', 'wallet_location']));
    expect(r.password).toBe('pw');
  });
  it.each([
    ['tcps://db/svc?ssl_server_dn_match=maybe', /true or false/],
    ['tcps://db/svc?ssl_server_cert_dn=CN=x&ssl_server_dn_match=false', /matching is turned off/],
    ['oracle://db/svc?ssl_server_dn_match=true', /use tcps/],
    ['tcps://db/svc?ssl_version=1.2', /cannot honour: ssl_version/],
  ])('refuses %s', (s, message) => {
    expect(refused(s)).toMatch(message);
  });
});

describe('etcd endpoints', () => {
  it('reads an endpoint list with every endpoint as a host and one TLS setting', () => {
    const r = read('etcds://a:2379,etcds://b:2379');
    expect(r.hosts).toEqual([{ host: 'a', port: 2379 }, { host: 'b', port: 2379 }]);
    expect(r.mode).toMatchObject({ value: 'verify-identity', source: { from: 'scheme' } });
    expect(read('https://a:2379,https://b:2379').hosts).toHaveLength(2);
    expect(read('https://a:2379,https://b:2379', 'etcd').engine).toBe('etcd');
  });
  it('refuses a list that mixes TLS and plain endpoints', () => {
    expect(refused('https://a:2379,http://b:2379', 'etcd')).toMatch(/mixes TLS/);
  });
});

describe('Cassandra contact points', () => {
  it('reads every contact point as a host', () => {
    const r = read('cassandra://u:pw@a,b:9043/ks?sslmode=verify-ca&localDataCenter=dc1');
    expect(r.hosts).toEqual([{ host: 'a', port: 9042 }, { host: 'b', port: 9043 }]);
    expect(r).toMatchObject({ mode: { value: 'verify-ca' }, password: 'pw', options: { localDataCenter: 'dc1' } });
  });
});
