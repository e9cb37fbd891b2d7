import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, isDbtlsError, parseConnectionString, translate, type ReadContext, type SslMode } from '@dbtls/core';
import { engines } from './postgres-engine.js';

const registry = createRegistry([engines]);
const EXISTING = new Set(['/c/ca.pem', '/c/client.crt', '/c/client.key', '/c/crl.pem']);
const context: ReadContext = { homeDir: undefined, fileExists: (p) => EXISTING.has(p) };
const read = (input: string) => parseConnectionString(registry, input, { context });
const to = (input: string, target: string, allowWeaker = false) => translate(read(input), registry.getTarget(target, 'postgres'), { allowWeaker });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isDbtlsError(e) ? e.code : 'other';
  }
  return 'none';
};

const SRC = {
  full: "host=db.example.com port=5433 user=app password=p@ss dbname=shop sslmode=verify-full sslrootcert=/c/ca.pem sslcert=/c/client.crt sslkey=/c/client.key application_name=web",
  ca: 'postgresql://app@db.example.com/shop?sslmode=verify-ca&sslrootcert=/c/ca.pem',
  require: 'postgresql://app@db.example.com/shop?sslmode=require',
  prefer: 'postgresql://app@db.example.com/shop',
  disable: 'postgresql://app@db.example.com/shop?sslmode=disable',
  crl: 'postgresql://app@db.example.com/shop?sslmode=verify-full&sslrootcert=/c/ca.pem&sslcrl=/c/crl.pem',
  direct: 'postgresql://app@db.example.com/shop?sslmode=require&sslnegotiation=direct',
  floor13: 'postgresql://app@db.example.com/shop?sslmode=verify-full&sslrootcert=/c/ca.pem&ssl_min_protocol_version=TLSv1.3',
};

/** One table per target: source → exact text, the target's mode, and the lost parameters. */
const TABLES: Record<string, [keyof typeof SRC, string, SslMode, string[]][]> = {
  libpq: [
    ['full', 'postgresql://app:p%40ss@db.example.com:5433/shop?sslmode=verify-full&sslrootcert=/c/ca.pem&sslcert=/c/client.crt&sslkey=/c/client.key&application_name=web', 'verify-identity', []],
    ['ca', 'postgresql://app@db.example.com:5432/shop?sslmode=verify-ca&sslrootcert=/c/ca.pem', 'verify-ca', []],
    ['require', 'postgresql://app@db.example.com:5432/shop?sslmode=require', 'required', []],
    ['prefer', 'postgresql://app@db.example.com:5432/shop?sslmode=prefer', 'preferred', []],
    ['crl', 'postgresql://app@db.example.com:5432/shop?sslmode=verify-full&sslrootcert=/c/ca.pem&sslcrl=/c/crl.pem', 'verify-identity', []],
    ['direct', 'postgresql://app@db.example.com:5432/shop?sslmode=require&sslnegotiation=direct', 'required', []],
  ],
  'libpq-keyword': [
    ['full', 'host=db.example.com port=5433 user=app password=p@ss dbname=shop sslmode=verify-full sslrootcert=/c/ca.pem sslcert=/c/client.crt sslkey=/c/client.key application_name=web', 'verify-identity', []],
    ['disable', 'host=db.example.com port=5432 user=app dbname=shop sslmode=disable', 'disabled', []],
  ],
  'node-postgres': [
    ['full', 'postgres://app:p%40ss@db.example.com:5433/shop?sslmode=verify-full&sslrootcert=/c/ca.pem&sslcert=/c/client.crt&sslkey=/c/client.key&application_name=web', 'verify-identity', []],
    ['ca', 'postgres://app@db.example.com:5432/shop?uselibpqcompat=true&sslmode=verify-ca&sslrootcert=/c/ca.pem', 'verify-ca', []],
    ['require', 'postgres://app@db.example.com:5432/shop?sslmode=no-verify', 'required', []],
    ['prefer', 'postgres://app@db.example.com:5432/shop?sslmode=no-verify', 'required', ['mode']],
    ['direct', 'postgres://app@db.example.com:5432/shop?sslmode=no-verify&sslnegotiation=direct', 'required', []],
  ],
  pgjdbc: [
    ['full', 'jdbc:postgresql://db.example.com:5433/shop?user=app&password=p@ss&sslmode=verify-full&sslrootcert=/c/ca.pem&sslcert=/c/client.crt&sslkey=/c/client.key&ApplicationName=web', 'verify-identity', ['sslkey']],
    ['require', 'jdbc:postgresql://db.example.com:5432/shop?user=app&sslmode=require', 'required', []],
    ['direct', 'jdbc:postgresql://db.example.com:5432/shop?user=app&sslmode=require&sslNegotiation=direct', 'required', []],
  ],
  prisma: [
    ['ca', 'postgresql://app@db.example.com:5432/shop?sslmode=require&sslaccept=strict&sslcert=/c/ca.pem', 'verify-identity', ['mode']],
    ['require', 'postgresql://app@db.example.com:5432/shop?sslmode=require&sslaccept=accept_invalid_certs', 'required', []],
    ['prefer', 'postgresql://app@db.example.com:5432/shop?sslmode=prefer', 'preferred', []],
    ['direct', 'postgresql://app@db.example.com:5432/shop?sslmode=require&sslaccept=accept_invalid_certs', 'required', ['sslnegotiation']],
  ],
};

describe.each(Object.entries(TABLES))('translate to %s', (target, rows) => {
  it.each(rows)('%s', (source, text, mode, lost) => {
    const result = to(SRC[source], target);
    expect(result.text).toBe(text);
    expect(result.mode.target).toBe(mode);
    expect(result.lost.map((l) => l.parameter)).toEqual(lost);
  });
});

describe('weaker translations are refused unless allowed', () => {
  it.each([
    ['crl', 'node-postgres', /sslcrl is lost/],
    ['crl', 'pgjdbc', /sslcrl is lost/],
    ['crl', 'prisma', /sslcrl is lost/],
    ['floor13', 'node-postgres', /minTlsVersion is lost/],
  ] as const)('%s → %s', (source, target, reason) => {
    expect(code(() => to(SRC[source], target))).toBe('weaker-translation');
    expect(to(SRC[source], target, true).weaker.join('; ')).toMatch(reason);
  });
  it('the libpq target keeps everything (nothing weaker)', () => {
    for (const source of Object.values(SRC)) expect(to(source, 'libpq').weaker).toEqual([]);
  });
  it('the password is carried in the text and listed as a secret to mask', () => {
    const result = to(SRC.full, 'pgjdbc');
    expect(result.text).toContain('password=p@ss');
    expect(result.secrets).toEqual(['p@ss']);
  });
  it('verify-full without a CA file becomes sslrootcert=system for libpq (Node\'s check against the system store)', () => {
    expect(to('postgresql://db/app?sslmode=verify-full', 'libpq').text).toBe('postgresql://db:5432/app?sslmode=verify-full&sslrootcert=system');
  });
});

describe('round trips: translate, parse back, same mode, files and names (fast-check)', () => {
  const mode = fc.constantFrom<SslMode>('disabled', 'preferred', 'required', 'verify-ca', 'verify-identity');
  const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const password = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/[\u0000-\u001f]/.test(s));
  const libpqMode: Record<SslMode, string> = { disabled: 'disable', preferred: 'prefer', required: 'require', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-full' };
  it('libpq, libpq-keyword, node-postgres, pgjdbc and prisma', () => {
    fc.assert(
      fc.property(mode, word, word, word, password, fc.boolean(), fc.constantFrom('libpq', 'libpq-keyword', 'node-postgres', 'pgjdbc', 'prisma'), (m, host, user, db, pw, client, target) => {
        const ca = m === 'verify-ca' || m === 'verify-identity' ? '&sslrootcert=/c/ca.pem' : '';
        const cert = client && m !== 'disabled' ? '&sslcert=/c/client.crt&sslkey=/c/client.key' : '';
        const source = read(`postgresql://${user}:${encodeURIComponent(pw)}@${host}.example.com:5433/${db}?sslmode=${libpqMode[m]}${ca}${cert}`);
        const result = translate(source, registry.getTarget(target), { allowWeaker: true });
        const back = read(result.text);
        // The mode the target's client applies is what the translation says, and never weaker.
        expect(back.mode.value).toBe(result.mode.target);
        expect(result.weaker).toEqual([]);
        expect(back.hosts[0]).toEqual({ host: `${host}.example.com`, port: 5433 });
        expect(back.user).toBe(user);
        expect(back.password).toBe(pw);
        expect(back.database).toBe(db);
        if (ca && result.mode.target !== 'required') expect(back.caFile?.value).toBe('/c/ca.pem');
        if (cert && target !== 'prisma') {
          expect(back.certFile?.value).toBe('/c/client.crt');
          expect(back.keyFile?.value).toBe('/c/client.key');
        }
      }),
      { numRuns: 200, interruptAfterTimeLimit: 30_000 },
    );
  });
});
