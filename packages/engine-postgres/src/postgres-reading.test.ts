import { describe, expect, it } from 'vitest';
import { createRegistry, isDbtlsError, parseConnectionString, type ConnectionReading, type ReadContext } from '@dbtls/core';
import { engines } from './postgres-engine.js';

const registry = createRegistry([engines]);
const EXISTING = new Set(['/certs/ca.pem', '/certs/client.crt', '/certs/client.key', '/home/app/.postgresql/root.crt']);
const noHome: ReadContext = { homeDir: undefined, fileExists: (p: string) => EXISTING.has(p) };
const withHomeRoot: ReadContext = { homeDir: '/home/app', fileExists: (p: string) => EXISTING.has(p) };
const read = (input: string, context = noHome): ConnectionReading => parseConnectionString(registry, input, { context });
const errorOf = (input: string, context = noHome): string => {
  try {
    read(input, context);
  } catch (error) {
    return isDbtlsError(error) ? `${error.code}: ${error.message}` : `not dbtls: ${String(error)}`;
  }
  return 'no error';
};

/**
 * libpq (PostgreSQL 18 docs, 32.1.2 "Parameter Key Words" and 32.19 "SSL
 * Support"): each row is a string and what libpq does with it.
 */
const LIBPQ: [string, Partial<Record<'mode' | 'client' | 'ca' | 'cert' | 'key' | 'crl' | 'crldir' | 'name' | 'min' | 'max' | 'direct' | 'sni' | 'system', unknown>>][] = [
  ['postgresql://db.example.com/app', { mode: 'preferred', client: 'libpq', min: 'TLSv1.2' }],
  ['postgresql://db.example.com/app?sslmode=disable', { mode: 'disabled' }],
  ['postgresql://db.example.com/app?sslmode=allow', { mode: 'preferred' }],
  ['postgresql://db.example.com/app?sslmode=prefer', { mode: 'preferred' }],
  ['postgresql://db.example.com/app?sslmode=require', { mode: 'required' }],
  // "If a root CA file exists, the behavior of sslmode=require will be the same as that of verify-ca"
  ['postgresql://db.example.com/app?sslmode=require&sslrootcert=/certs/ca.pem', { mode: 'verify-ca', ca: '/certs/ca.pem' }],
  ['postgresql://db.example.com/app?sslmode=require&sslrootcert=/missing.pem', { mode: 'required', ca: undefined }],
  ['postgresql://db.example.com/app?sslmode=verify-ca&sslrootcert=/certs/ca.pem', { mode: 'verify-ca', ca: '/certs/ca.pem' }],
  ['postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=/certs/ca.pem', { mode: 'verify-identity', ca: '/certs/ca.pem' }],
  // sslrootcert=system: the default sslmode becomes verify-full
  ['postgresql://db.example.com/app?sslrootcert=system', { mode: 'verify-identity', system: true, ca: undefined }],
  ['postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=system', { mode: 'verify-identity', system: true }],
  ['host=db.example.com dbname=app sslmode=verify-full sslrootcert=/certs/ca.pem sslcert=/certs/client.crt sslkey=/certs/client.key', { mode: 'verify-identity', ca: '/certs/ca.pem', cert: '/certs/client.crt', key: '/certs/client.key', client: 'libpq' }],
  ["host=db.example.com sslmode='verify-ca' sslrootcert='/certs/ca.pem' sslcrl=/certs/crl.pem sslcrldir=/certs/crls", { mode: 'verify-ca', crl: '/certs/crl.pem', crldir: '/certs/crls' }],
  ['host=db.example.com sslmode=require ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=tlsv1.3', { mode: 'required', min: 'TLSv1.3', max: 'TLSv1.3' }],
  ['host=db.example.com sslmode=require sslnegotiation=direct', { mode: 'required', direct: true }],
  ['host=db.example.com sslmode=verify-full sslnegotiation=direct sslrootcert=/certs/ca.pem', { mode: 'verify-identity', direct: true }],
  ['host=db.example.com sslrootcert=system sslnegotiation=direct', { mode: 'verify-identity', direct: true }],
  ['host=db.example.com sslmode=require sslnegotiation=postgres', { direct: undefined }],
  ['host=db.example.com sslmode=require sslsni=0', { sni: false }],
  // hostaddr: connect to the address, verify the host name
  ['host=db.example.com hostaddr=10.0.0.5 sslmode=verify-full sslrootcert=/certs/ca.pem', { mode: 'verify-identity', name: 'db.example.com' }],
  // the last of a repeated keyword wins
  ['host=db.example.com sslmode=disable sslmode=verify-full', { mode: 'verify-identity' }],
  ['postgresql://db.example.com/app?sslmode=disable&sslmode=require', { mode: 'required' }],
  ['postgresql:///app?host=db.example.com&sslmode=require', { mode: 'required' }],
  ['postgres://db.example.com/app?requiressl=1', { mode: 'required' }],
];

describe('libpq: the URI and the keyword/value form mean what libpq means', () => {
  it.each(LIBPQ)('%s', (input, expected) => {
    const r = read(input);
    const actual: Record<string, unknown> = {
      mode: r.mode.value,
      client: r.client.id,
      ca: r.caFile?.value,
      cert: r.certFile?.value,
      key: r.keyFile?.value,
      crl: r.crlFile?.value,
      crldir: r.crlDir?.value,
      name: r.servername?.value,
      min: r.minTlsVersion?.value,
      max: r.maxTlsVersion?.value,
      direct: r.directTls?.value,
      sni: r.sni?.value,
      system: r.systemCa?.value,
    };
    for (const [k, v] of Object.entries(expected)) expect(actual[k], k).toEqual(v);
  });

  it('a require with ~/.postgresql/root.crt present verifies the chain, as libpq does, naming the file as the source', () => {
    const r = read('host=db.example.com sslmode=require', withHomeRoot);
    expect(r.mode).toMatchObject({ value: 'verify-ca', source: { from: 'implied', parameter: 'sslrootcert' } });
    expect(r.caFile).toMatchObject({ value: '/home/app/.postgresql/root.crt', source: { from: 'default' } });
  });

  it('hostaddr connects to the address and keeps the host as the name to verify', () => {
    const r = read('host=db.example.com hostaddr=10.0.0.5 sslmode=verify-full');
    expect(r.hosts).toEqual([{ host: '10.0.0.5', port: 5432 }]);
  });

  it('multi-host URIs keep every host and port, and warn that only the first is used', () => {
    const r = read('postgresql://u:p@h1:5433,h2,[::1]:6000/app?sslmode=require');
    expect(r.hosts).toEqual([{ host: 'h1', port: 5433 }, { host: 'h2', port: 5432 }, { host: '::1', port: 6000 }]);
    expect(r.warnings.map((w) => w.parameter)).toContain('host');
    expect(r.password).toBe('p');
    expect(r.secrets).toContain('p');
  });

  it.each([
    ['postgresql://db/app?sslmode=verify', /not a valid sslmode/],
    ['host=db sslmode=require sslrootcert=system', /may not be used with sslrootcert=system/],
    ['host=db sslnegotiation=direct', /sslnegotiation=direct may not be used with sslmode=prefer/],
    ['host=db sslmode=prefer sslnegotiation=direct', /may not be used with sslmode=prefer/],
    ['host=db sslmode=allow sslnegotiation=direct', /may not be used with sslmode=allow/],
    ['host=db sslmode=require sslnegotiation=fast', /sslnegotiation="fast" is not valid/],
    ['host=db ssl_min_protocol_version=TLSv1.4', /not a TLS version/],
    ['host=db ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2', /invalid SSL protocol version range/],
    ['host=db sslsni=yes', /sslsni="yes" is not valid/],
    ['host=db sslmode', /not followed by "="/],
    ['host=db bogus=1', /not a libpq connection keyword/],
    ["host=db application_name='open", /unterminated quoted string/],
    ['host=db service=prod', /pg_service.conf/],
    ['host=db gssencmode=require', /GSSAPI/],
    ['host=db channel_binding=require', /channel_binding=require/],
    ['host=db sslcertmode=require', /sslcertmode=require/],
    ['postgresql:///app', /Unix-domain socket/],
    ['host=/var/run/postgresql', /Unix-domain socket/],
    ['postgresql://db:99999/app', /not a TCP port/],
    ['postgresql://db/app?sslmode=%zz', /malformed percent-encoding/],
  ])('rejects %s like libpq', (input, message) => {
    expect(errorOf(input)).toMatch(/^invalid-url: /);
    expect(errorOf(input)).toMatch(message);
  });

  it('never echoes a password in an error', () => {
    expect(errorOf("host=db password=hunter2 bogus=1")).not.toContain('hunter2');
    expect(errorOf('postgresql://u:hunter2@db/app?sslmode=nope')).not.toContain('hunter2');
  });

  it('never quotes a host or port read out of an unencoded password (an "@" after the authority)', () => {
    // libpq reads host "ss", port "w0rd5ecret" out of the password "p@ss:w0rd5ecret/x#?".
    const port = errorOf('postgres://lab:p@ss:w0rd5ecret/x#?@localhost:5432/db');
    expect(port).toMatch(/^invalid-url: The port is not a TCP port number: the URL has an "@" after its host/);
    expect(port).not.toMatch(/"ss"|w0rd|5ecret/);
    const host = errorOf('postgres://lab:p@s[ecret/x#?@localhost:5432/db');
    expect(host).toMatch(/host is malformed, and the URL has an "@" after it/);
    expect(host).not.toMatch(/ecret/);
    // Without a later "@" the value is quoted as before.
    expect(errorOf('postgres://lab:pw@db:99999/app')).toMatch(/The port "99999" is not a TCP port number/);
  });

  it.each([
    ['host=db sslmode=require sslcompression=1', 'sslcompression'],
    ['host=db sslmode=require sslkeylogfile=/tmp/keys', 'sslkeylogfile'],
    ['host=db gssencmode=prefer', 'gssencmode'],
    ['host=db sslmode=allow', 'sslmode'],
    ['postgresql://db/app?sslmode=require&connection_timeout=5', 'connection_timeout'],
  ])('warns about what it does not honour: %s', (input, parameter) => {
    expect(read(input).warnings.map((w) => w.parameter)).toContain(parameter);
  });
});

/** node-postgres (pg-connection-string 2.x README and parse.js). */
const NODE_POSTGRES: [string, string, string?][] = [
  ['postgres://db/app?ssl=true', 'verify-identity'],
  ['postgres://db/app?ssl=1', 'verify-identity'],
  ['postgres://db/app?ssl=0', 'disabled'],
  ['postgres://db/app?sslmode=no-verify', 'required'],
  ['postgres://db/app?ssl=true&sslmode=require', 'verify-identity'],
  ['postgres://db/app?ssl=true&sslmode=prefer', 'verify-identity'],
  ['postgres://db/app?ssl=true&sslmode=disable', 'disabled'],
  ['postgres://db/app?uselibpqcompat=true&sslmode=require', 'required'],
  ['postgres://db/app?uselibpqcompat=true&sslmode=prefer', 'required'],
  ['postgres://db/app?uselibpqcompat=true&sslmode=require&sslrootcert=/certs/ca.pem', 'verify-ca', '/certs/ca.pem'],
  ['postgres://db/app?uselibpqcompat=true&sslmode=verify-ca&sslrootcert=/certs/ca.pem', 'verify-ca', '/certs/ca.pem'],
  ['postgres://db/app?uselibpqcompat=true&sslmode=verify-full', 'verify-identity'],
  ['postgres://db/app?ssl=true&sslrootcert=/certs/ca.pem', 'verify-identity', '/certs/ca.pem'],
];

describe('node-postgres: pg-connection-string rules when its parameters are present', () => {
  it.each(NODE_POSTGRES)('%s → %s', (input, mode, ca) => {
    const r = read(input);
    expect(r.client.id).toBe('node-postgres');
    expect(r.mode.value).toBe(mode);
    expect(r.caFile?.value).toBe(ca);
  });
  it('refuses verify-ca without sslrootcert under uselibpqcompat, as node-postgres does', () => {
    expect(errorOf('postgres://db/app?uselibpqcompat=true&sslmode=verify-ca')).toMatch(/needs sslrootcert/);
  });
  it('a plain postgres:// URL follows libpq, and says how node-postgres would differ', () => {
    const r = read('postgres://db/app?sslmode=require');
    expect(r.client.id).toBe('libpq');
    expect(r.mode.value).toBe('required');
  });
});

/** pgjdbc 42.7 documentation ("Connecting to the Database", "Using SSL"). */
const PGJDBC: [string, string, Record<string, unknown>?][] = [
  ['jdbc:postgresql://db.example.com/app', 'preferred'],
  ['jdbc:postgresql://db.example.com/app?ssl=true', 'verify-identity'],
  ['jdbc:postgresql://db.example.com/app?ssl', 'verify-identity'],
  ['jdbc:postgresql://db.example.com/app?ssl=false', 'preferred'],
  ['jdbc:postgresql://db.example.com/app?ssl=true&sslmode=require', 'required'],
  ['jdbc:postgresql://db.example.com/app?sslmode=REQUIRE&sslrootcert=/certs/ca.pem', 'required'],
  ['jdbc:postgresql://db.example.com/app?sslmode=verify-ca&sslrootcert=/certs/ca.pem', 'verify-ca', { ca: '/certs/ca.pem' }],
  ['jdbc:postgresql://db.example.com/app?sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory', 'required'],
  ['jdbc:postgresql://db.example.com/app?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory', 'verify-identity', { system: true }],
  ['jdbc:postgresql://h1:5433,h2:5434/app?sslmode=require&user=app&password=pw', 'required', { hosts: 2, user: 'app' }],
  ['jdbc:postgresql:app', 'preferred', { host: 'localhost' }],
  ['jdbc:postgresql://db/app?sslmode=require&sslNegotiation=direct', 'required', { direct: true }],
];

describe('pgjdbc: jdbc:postgresql: URLs', () => {
  it.each(PGJDBC)('%s → %s', (input, mode, extra = {}) => {
    const r = read(input);
    expect(r.client.id).toBe('pgjdbc');
    expect(r.mode.value).toBe(mode);
    if ('ca' in extra) expect(r.caFile?.value).toBe(extra.ca);
    if ('system' in extra) expect(r.systemCa?.value).toBe(true);
    if ('hosts' in extra) expect(r.hosts).toHaveLength(extra.hosts as number);
    if ('user' in extra) expect(r.user).toBe(extra.user);
    if ('host' in extra) expect(r.hosts[0]!.host).toBe(extra.host);
    if ('direct' in extra) expect(r.directTls?.value).toBe(true);
  });
  it.each([
    ['jdbc:postgresql://db/app?sslmode=bogus', /not a valid sslmode/],
    ['jdbc:postgresql://db/app?sslfactory=com.example.TrustAll', /custom code/],
    ['jdbc:postgresql://db/app?sslmode=verify-full&sslhostnameverifier=com.example.Any', /custom code/],
    ['jdbc:postgresql://db/app?sslNegotiation=direct', /may not be used with sslmode=prefer/],
  ])('rejects %s', (input, message) => {
    expect(errorOf(input)).toMatch(message);
  });
});

/** Prisma ORM PostgreSQL connector documentation ("Arguments", "Configuring an SSL connection"). */
const PRISMA: [string, string, string?][] = [
  ['postgresql://db/app?schema=public', 'preferred'],
  ['postgresql://db/app?schema=public&sslmode=disable', 'disabled'],
  ['postgresql://db/app?schema=public&sslmode=require', 'required'],
  ['postgresql://db/app?sslmode=require&sslaccept=accept_invalid_certs', 'required'],
  ['postgresql://db/app?sslmode=require&sslaccept=strict&sslcert=/certs/ca.pem', 'verify-identity', '/certs/ca.pem'],
  ['postgresql://db/app?sslmode=prefer&sslaccept=strict', 'verify-identity'],
  ['postgresql://db/app?sslidentity=/certs/id.p12&sslpassword=x&sslmode=require', 'required'],
];

describe('Prisma: its own spellings (sslcert is the CA, sslaccept)', () => {
  it.each(PRISMA)('%s → %s', (input, mode, ca) => {
    const r = read(input);
    expect(r.client.id).toBe('prisma');
    expect(r.mode.value).toBe(mode);
    expect(r.caFile?.value).toBe(ca);
    expect(r.certFile).toBeUndefined();
  });
  it('rejects an sslaccept Prisma does not know', () => {
    expect(errorOf('postgresql://db/app?sslaccept=maybe')).toMatch(/sslaccept="maybe" is not valid/);
  });
  it('says that a PKCS#12 identity must be converted', () => {
    expect(read('postgresql://db/app?sslidentity=/certs/id.p12&sslmode=require').warnings.map((w) => w.parameter)).toContain('sslidentity');
  });
});

describe('pgx: libpq rules, named as pgx when its pool parameters are present', () => {
  it('reads require with a root certificate as verify-ca', () => {
    const r = read('postgres://db/app?pool_max_conns=10&sslmode=require&sslrootcert=/certs/ca.pem');
    expect(r.client.id).toBe('pgx');
    expect(r.mode.value).toBe('verify-ca');
    expect(r.options.pool_max_conns).toBe('10');
  });
});

describe('the family', () => {
  it('redshift: and cockroachdb: URLs are read by their own engine with the family default port', () => {
    expect(read('redshift://c.example/dev?sslmode=verify-full')).toMatchObject({ engine: 'redshift', hosts: [{ port: 5439 }], mode: { value: 'verify-identity' } });
    expect(read('cockroachdb://root@localhost/defaultdb?sslmode=require')).toMatchObject({ engine: 'cockroachdb', hosts: [{ port: 26257 }] });
  });
});
