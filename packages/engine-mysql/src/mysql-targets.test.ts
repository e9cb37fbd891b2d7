import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, parseConnectionString, translate, type SslMode } from '@dbtls/core';
import { engines } from './index.js';

const registry = createRegistry([engines]);
const read = (s: string) => parseConnectionString(registry, s);
const to = (s: string, target: string, allowWeaker = false) => translate(read(s), registry.getTarget(target, read(s).engine), { allowWeaker });

describe('MySQL readings', () => {
  it('names the client whose rules applied, with the source of every field', () => {
    const j = read('jdbc:mysql://db/app?useSSL=true&requireSSL=true');
    expect(j).toMatchObject({ engine: 'mysql', client: { id: 'connector-j' }, mode: { value: 'required', source: { from: 'parameter', parameter: 'requireSSL' } } });
    expect(read('jdbc:mariadb://db/app').mode).toMatchObject({ value: 'disabled', source: { from: 'default' } });
    expect(read('jdbc:mariadb://db/app').engine).toBe('mariadb');
    const u = read('mysql://app:pw@db/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ca.pem&tls-version=TLSv1.2,TLSv1.3');
    expect(u.caFile).toMatchObject({ value: '/etc/ca.pem', source: { parameter: 'ssl-ca' } });
    expect(u.maxTlsVersion?.value).toBe('TLSv1.3');
    expect(u.password).toBe('pw');
  });
});

const TABLE: [string, string, string, SslMode][] = [
  ['mysql://app:pw@db/shop?ssl-mode=VERIFY_IDENTITY', 'mysql', 'mysql --host=db --port=3306 --user=app --password=pw --ssl-mode=VERIFY_IDENTITY shop', 'verify-identity'],
  ['jdbc:mariadb://db/shop?sslMode=trust', 'mysql', 'mysql --host=db --port=3306 --ssl-mode=REQUIRED shop', 'required'],
  ["mysql://app:p'w@db/shop?ssl-mode=VERIFY_CA&ssl-ca=/etc/ca.pem&tls-version=TLSv1.3", 'mysql', "mysql --host=db --port=3306 --user=app --password='p'\\''w' --ssl-mode=VERIFY_CA --ssl-ca=/etc/ca.pem --tls-version=TLSv1.3 shop", 'verify-ca'],
  ['jdbc:mysql://db:3307/shop?user=app&password=pw&sslMode=VERIFY_IDENTITY', 'mysql2', 'mysql://app:pw@db:3307/shop?ssl=%7B%22verifyIdentity%22%3Atrue%7D', 'verify-identity'],
  ['mysql://db/shop?ssl-mode=REQUIRED', 'mysql2', 'mysql://db:3306/shop?ssl=%7B%22rejectUnauthorized%22%3Afalse%7D', 'required'],
  ['mysql://db/shop?ssl-mode=DISABLED', 'mysql2', 'mysql://db:3306/shop?ssl=false', 'disabled'],
  ['jdbc:mariadb://db/shop?sslMode=verify-ca', 'mysql2', 'mysql://db:3306/shop?ssl=%7B%7D', 'verify-ca'],
  ['mysql://app:pw@db/shop?ssl={"verifyIdentity":true}', 'connector-j', 'jdbc:mysql://db:3306/shop?user=app&password=pw&sslMode=VERIFY_IDENTITY', 'verify-identity'],
  ['jdbc:mariadb://db/shop?useSsl=true&enabledSslProtocolSuites=TLSv1.3', 'connector-j', 'jdbc:mysql://db:3306/shop?sslMode=VERIFY_IDENTITY&enabledTLSProtocols=TLSv1.3', 'verify-identity'],
];

describe('MySQL translations', () => {
  it.each(TABLE)('%s --to %s', (input, target, text, mode) => {
    const out = to(input, target);
    expect(out.text).toBe(text);
    expect(out.mode.target).toBe(mode);
  });

  it('a CA file that must become inline PEM (mysql2) or a Java trust store (Connector/J) is lost, and weaker', () => {
    const s = 'mysql://db/shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ca.pem';
    expect(() => to(s, 'mysql2')).toThrow(/weaker than the source.*readFileSync/);
    expect(to(s, 'connector-j', true).lost).toEqual([expect.objectContaining({ parameter: 'ssl-ca', weakens: true })]);
    expect(to(s, 'mysql').lost).toEqual([]);
    const preferred = to('mysql://db/shop?ssl-mode=PREFERRED', 'mysql2');
    expect(preferred).toMatchObject({ mode: { target: 'required' }, lost: [expect.objectContaining({ weakens: false })] });
  });

  it('property: mysql2 and connector-j translations read back with the same mode, TLS versions, user and password', () => {
    const mode = fc.constantFrom<SslMode>('disabled', 'preferred', 'required', 'verify-ca', 'verify-identity');
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter((n) => !n.startsWith('xn--')); // an undecodable xn-- label is not a host
    const pw = fc.string({ minLength: 1, maxLength: 12 });
    const floor = fc.constantFrom(undefined, 'TLSv1.2', 'TLSv1.3');
    fc.assert(
      fc.property(mode, name, name, pw, floor, fc.constantFrom('mysql2', 'connector-j'), (m, host, user, password, min, target) => {
        const source = `mysql://${user}:${encodeURIComponent(password)}@${host}:3306/db?ssl-mode=${m}${min ? `&tls-version=${min}` : ''}`;
        const out = translate(read(source), registry.getTarget(target), { allowWeaker: true });
        const back = read(out.text);
        expect(back.mode.value).toBe(out.mode.target);
        expect(back.user).toBe(user);
        expect(back.password).toBe(password);
        expect(back.hosts[0]).toEqual({ host, port: 3306 });
        if (m !== 'disabled' && min === 'TLSv1.3') expect(back.minTlsVersion?.value).toBe('TLSv1.3');
        const order = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];
        expect(order.indexOf(out.mode.target)).toBeGreaterThanOrEqual(order.indexOf(m));
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
