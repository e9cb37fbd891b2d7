import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hideSecrets, printableOptions } from './driver-config.js';

const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('printableOptions', () => {
  it('masks passwords, keys and passphrases, summarises PEM and functions', () => {
    const out = printableOptions({ host: 'db', password: 'pw1', ssl: { ca: PEM_CERT, key: PEM_KEY, passphrase: 'pp', rejectUnauthorized: true }, stream: function stream() {}, url: 'mongodb://u:pw2@h/db', buf: Buffer.alloc(3) }, ['pw2']);
    expect(out).toEqual({ host: 'db', password: '***', ssl: { ca: `<PEM certificate, ${PEM_CERT.length} bytes>`, key: '***', passphrase: '***', rejectUnauthorized: true }, stream: '[function stream]', url: 'mongodb://u:***@h/db', buf: '<3 bytes>' });
  });
  it('masks a private key under any name, and survives cycles', () => {
    const a: Record<string, unknown> = { other: PEM_KEY };
    a.self = a;
    expect(printableOptions(a)).toEqual({ other: '***', self: '[circular]' });
  });
});

describe('hideSecrets', () => {
  it('JSON and inspect show the printable form; the keys a driver reads are unchanged', () => {
    const options = hideSecrets({ user: 'app', password: 'pw1', tls: { key: PEM_KEY } });
    expect(JSON.stringify(options)).toBe('{"user":"app","password":"***","tls":{"key":"***"}}');
    expect(inspect(options, { depth: 5 })).not.toMatch(/pw1|PRIVATE/);
    expect(options.password).toBe('pw1');
    expect(options.tls.key).toBe(PEM_KEY);
    expect(Object.keys(options)).toEqual(['user', 'password', 'tls']);
    expect({ ...options }.password).toBe('pw1');
  });
});
