import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, parseConnectionString, translate, type SslMode } from '@dbtls/core';
import { engines } from './index.js';

const registry = createRegistry([engines]);
const read = (s: string, engine?: string) => parseConnectionString(registry, s, engine ? { engine } : {});
const to = (s: string, target: string, allowWeaker = false) => translate(read(s), registry.getTarget(target), { allowWeaker });
const ORDER = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];
const MODES = fc.constantFrom<SslMode>('disabled', 'preferred', 'required', 'verify-ca', 'verify-identity');
// Host-like names; an "xn--" label is IDNA punycode, which the WHATWG URL parser rightly rejects when it does not decode.
const NAME = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((n) => !n.startsWith('xn--'));
const PASSWORD = fc.string({ minLength: 1, maxLength: 12 });

describe('readings with sources', () => {
  it('MongoDB: every seed host, the scheme as source for +srv, the option for the rest', () => {
    const r = read('mongodb://app:pw@db1:27018,db2/app?tls=true&tlsAllowInvalidHostnames=true&tlsCAFile=/etc/ca.pem');
    expect(r).toMatchObject({ engine: 'mongodb', client: { id: 'mongodb' }, hosts: [{ host: 'db1', port: 27018 }, { host: 'db2', port: 27017 }], password: 'pw' });
    expect(r.mode).toMatchObject({ value: 'verify-ca', source: { from: 'parameter', parameter: 'tls' } });
    expect(r.caFile).toMatchObject({ value: '/etc/ca.pem', source: { parameter: 'tlsCAFile' } });
    expect(read('mongodb+srv://c.example.net/').mode).toMatchObject({ value: 'verify-identity', source: { from: 'scheme' } });
  });
  it('Redis: the scheme or the redis-py parameter', () => {
    expect(read('rediss://h').mode).toMatchObject({ value: 'verify-identity', source: { from: 'scheme', parameter: 'rediss://' } });
    expect(read('valkeys://h?ssl_cert_reqs=none').mode).toMatchObject({ value: 'required', source: { parameter: 'ssl_cert_reqs' } });
  });
  it('ClickHouse: secure, skip_verify, the TLS-port convention and the native-port warning', () => {
    expect(read('clickhouse://h:8443/logs?secure=true&skip_verify=true').mode).toMatchObject({ value: 'required', source: { parameter: 'skip_verify' } });
    const port = read('clickhouse://h:9440/logs');
    expect(port.mode).toMatchObject({ value: 'verify-identity', source: { from: 'implied', parameter: 'port' } });
    expect(port.warnings.map((w) => w.message).join(' ')).toMatch(/native-protocol port/);
    expect(read('clickhouse://h/logs?secure').mode.value).toBe('verify-identity');
    expect(read('clickhouse://h/logs?secure=false').mode.value).toBe('disabled');
    expect(read('https://h:8443/logs?verify=false').mode.value).toBe('required');
    expect(read('clickhouse://h/x?secure=true&tls_server_name=ch.example.com').servername?.value).toBe('ch.example.com');
    expect(() => read('clickhouse://h/x?skip_verify=true')).toThrow(/without TLS/);
    expect(() => read('clickhouse://h/x?secure=maybe')).toThrow(/not a boolean/);
  });
});

const TABLE: [string, string, string, SslMode][] = [
  ['mongodb://app:pw@db1,db2:27018/app?tls=true', 'mongodb', 'mongodb://app:pw@db1:27017,db2:27018/app?tls=true', 'verify-identity'],
  ['mongodb+srv://app:pw@c.example.net/app?tlsAllowInvalidCertificates=true', 'mongodb', 'mongodb+srv://app:pw@c.example.net/app?tls=true&tlsInsecure=true', 'required'],
  ['mongodb://db/?tls=true&tlsAllowInvalidHostnames=true&tlsCAFile=/etc/ca.pem', 'mongodb', 'mongodb://db:27017/?tls=true&tlsAllowInvalidHostnames=true&tlsCAFile=%2Fetc%2Fca.pem', 'verify-ca'],
  ['mongodb://db/', 'mongodb', 'mongodb://db:27017/?tls=false', 'disabled'],
  ['rediss://:pw@cache:6380/2', 'redis-py', 'rediss://:pw@cache:6380/2', 'verify-identity'],
  ['rediss://cache?ssl-mode=verify-ca&ssl_ca_certs=/etc/ca.pem', 'redis-py', 'rediss://cache:6379/0?ssl_check_hostname=false&ssl_ca_certs=/etc/ca.pem', 'verify-ca'],
  ['valkeys://cache?ssl_cert_reqs=none', 'redis-py', 'rediss://cache:6379/0?ssl_cert_reqs=none', 'required'],
  ['redis://cache', 'redis-py', 'redis://cache:6379/0', 'disabled'],
  ['rediss://u:pw@cache:6380/1?ssl_cert_reqs=none', 'ioredis', '{"host":"cache","port":6380,"username":"u","password":"pw","db":1,"tls":{"rejectUnauthorized":false}}', 'required'],
  ['rediss://cache', 'ioredis', '{"host":"cache","port":6379,"db":0,"tls":{}}', 'verify-identity'],
  ['clickhouse://default:pw@ch:8443/logs?secure=true', 'clickhouse-go', 'https://default:pw@ch:8443/logs?secure=true', 'verify-identity'],
  ['https://ch/logs?skip_verify=true', 'clickhouse-go', 'https://ch:8443/logs?secure=true&skip_verify=true', 'required'],
  ['clickhouse://ch/logs', 'clickhouse-go', 'http://ch:8123/logs', 'disabled'],
];

describe('translations', () => {
  it.each(TABLE)('%s --to %s', (input, target, text, mode) => {
    const out = to(input, target);
    expect(out.text).toBe(text);
    expect(out.mode.target).toBe(mode);
  });

  it('says what is lost, and refuses what would be weaker', () => {
    expect(() => to('rediss://cache?ssl_ca_certs=/etc/ca.pem', 'ioredis')).toThrow(/weaker.*readFileSync/);
    expect(() => to('https://ch/logs?ca_cert=/etc/ca.pem', 'clickhouse-go')).toThrow(/weaker/);
    const joined = to('mongodb://db/?tls=true', 'mongodb');
    expect(joined.lost).toEqual([]);
    const pref = to('redis://cache?ssl-mode=preferred', 'redis-py');
    expect(pref).toMatchObject({ mode: { target: 'required' }, lost: [expect.objectContaining({ weakens: false })] });
  });

  it('property: mongodb, redis-py and clickhouse-go translations read back with the same mode, files, user and password', () => {
    const cases = fc.record({ mode: MODES, host: NAME, user: NAME, password: PASSWORD, ca: fc.boolean(), target: fc.constantFrom('mongodb', 'redis-py', 'clickhouse-go') });
    fc.assert(
      fc.property(cases, ({ mode, host, user, password, ca, target }) => {
        const pw = encodeURIComponent(password);
        const caq = ca ? '&ca=/etc/ca.pem' : '';
        const source =
          target === 'mongodb'
            ? `mongodb://${user}:${pw}@${host}:27017/app?${mode === 'disabled' ? 'tls=false' : `tls=true${mode === 'required' || mode === 'preferred' ? '&tlsInsecure=true' : mode === 'verify-ca' ? '&tlsAllowInvalidHostnames=true' : ''}${ca ? '&tlsCAFile=/etc/ca.pem' : ''}`}`
            : target === 'redis-py'
              ? `redis${mode === 'disabled' ? '' : 's'}://${user}:${pw}@${host}:6380/1?ssl-mode=${mode}${ca && mode !== 'disabled' ? '&ssl_ca_certs=/etc/ca.pem' : ''}`
              : `clickhouse://${user}:${pw}@${host}:8443/logs?ssl-mode=${mode}${caq.replace('&ca=', '&ca_cert=')}`;
        const reading = read(source);
        const out = translate(reading, registry.getTarget(target), { allowWeaker: true });
        const back = read(out.text, reading.engine);
        expect(back.mode.value).toBe(out.mode.target);
        expect(back.user).toBe(user);
        expect(back.password).toBe(password);
        expect(back.hosts[0]!.host).toBe(host);
        if (target !== 'clickhouse-go' && ca && ORDER.indexOf(out.mode.target) >= 3) expect(back.caFile?.value).toBe('/etc/ca.pem');
        if (ORDER.indexOf(out.mode.target) < ORDER.indexOf(reading.mode.value)) expect(out.lost.some((l) => l.weakens)).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
