/**
 * Hostile and careless input, tried through the real `dbtls` binary as a user would type it: every
 * engine's URLs and every TLS parameter with invalid, empty, repeated, prototype-named and conflicting
 * values, percent-encoding tricks, control characters, bad ports, bad files, bad plugins and configs.
 *
 * Each case states its exit code (0 success, 1 diagnosed connection failure, 2 bad input) and is
 * checked for: that code, no stack trace, no "Unexpected error", no Node warning, exactly one JSON
 * object on stdout under --json, and an end within its time bound. Network cases aim at closed
 * loopback ports only.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../harness/cli.js';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'certs'));
const scratch = join(ROOT, 'tests', '.tmp', 'hostile-input');
mkdirSync(scratch, { recursive: true });
const file = (name: string, content: string | Buffer) => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const files = {
  missing: join(scratch, 'does-not-exist.pem'),
  directory: scratch,
  empty: file('empty.pem', ''),
  binary: file('binary.pem', randomBytes(4096)),
  der: file('ca.der', new X509Certificate(readFileSync(certs.caCert)).raw),
  huge: file('huge.pem', `-----BEGIN CERTIFICATE-----\n${'A'.repeat(2 * 1024 * 1024)}\n-----END CERTIFICATE-----\n`),
  text: file('not-pem.pem', 'hello, I am not a certificate\n'),
};
const sqliteFile = join(scratch, 'app.db');

/** A closed loopback port: connections are refused at once. */
const CLOSED = 9;
const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

interface Case {
  name: string;
  args: string[];
  code: 0 | 1 | 2;
  env?: Record<string, string | undefined>;
  /** The case must end within this many ms (default 15 s: a parse error takes well under one). */
  boundMs?: number;
  /** stdout + stderr must match. */
  match?: RegExp;
  /** stdout + stderr must not contain. */
  secret?: string;
  /** stdout + stderr must not match. */
  noMatch?: RegExp;
}

/** Each engine's URL with a mode given by its own parameter (`${v}` is the value under test). */
const MODE_URLS: Record<string, (v: string) => string> = {
  postgres: (v) => `postgres://app:pw@127.0.0.1:${CLOSED}/db?sslmode=${v}`,
  'postgres keyword/value': (v) => `host=127.0.0.1 port=${CLOSED} user=app sslmode=${v}`,
  pgjdbc: (v) => `jdbc:postgresql://127.0.0.1:${CLOSED}/db?sslmode=${v}`,
  mysql: (v) => `mysql://app:pw@127.0.0.1:${CLOSED}/db?ssl-mode=${v}`,
  mariadb: (v) => `mariadb://app:pw@127.0.0.1:${CLOSED}/db?sslMode=${v}`,
  'connector-j': (v) => `jdbc:mysql://127.0.0.1:${CLOSED}/db?sslMode=${v}`,
  mssql: (v) => `sqlserver://app:pw@127.0.0.1:${CLOSED}?encrypt=${v}`,
  'ado.net': (v) => `Server=127.0.0.1,${CLOSED};User Id=app;Password=pw;Encrypt=${v}`,
  redis: (v) => `rediss://:pw@127.0.0.1:${CLOSED}?ssl-mode=${v}`,
  'redis-py': (v) => `rediss://:pw@127.0.0.1:${CLOSED}?ssl_cert_reqs=${v}`,
  mongodb: (v) => `mongodb://app:pw@127.0.0.1:${CLOSED}/?tls=${v}`,
  cassandra: (v) => `cassandra://app:pw@127.0.0.1:${CLOSED}?sslmode=${v}`,
  clickhouse: (v) => `clickhouse://app:pw@127.0.0.1:${CLOSED}?ssl-mode=${v}`,
  'clickhouse secure': (v) => `clickhouse://app:pw@127.0.0.1:${CLOSED}?secure=${v}`,
  oracle: (v) => `oracle://app:pw@127.0.0.1:${CLOSED}/svc?sslmode=${v}`,
  etcd: (v) => `etcd://127.0.0.1:${CLOSED}?ssl-mode=${v}`,
  sqlite: (v) => `sqlite:${sqliteFile}?ssl-mode=${v}`,
};

/** Each network engine's URL with a password (`${pw}`, already encoded as the test wants it). */
const PASSWORD_URLS: Record<string, (pw: string) => string> = {
  postgres: (pw) => `postgres://app:${pw}@127.0.0.1:${CLOSED}/db`,
  mysql: (pw) => `mysql://app:${pw}@127.0.0.1:${CLOSED}/db`,
  mariadb: (pw) => `mariadb://app:${pw}@127.0.0.1:${CLOSED}/db`,
  mssql: (pw) => `sqlserver://app:${pw}@127.0.0.1:${CLOSED}`,
  redis: (pw) => `redis://:${pw}@127.0.0.1:${CLOSED}`,
  mongodb: (pw) => `mongodb://app:${pw}@127.0.0.1:${CLOSED}/`,
  cassandra: (pw) => `cassandra://app:${pw}@127.0.0.1:${CLOSED}`,
  clickhouse: (pw) => `clickhouse://app:${pw}@127.0.0.1:${CLOSED}`,
  oracle: (pw) => `oracle://app:${pw}@127.0.0.1:${CLOSED}/svc`,
  etcd: (pw) => `etcd://app:${pw}@127.0.0.1:${CLOSED}`,
};

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

// 1. Prototype names, unknown and empty values as a mode, per engine and spelling.
for (const [engine, url] of Object.entries(MODE_URLS)) {
  for (const name of PROTO_NAMES) add({ name: `${engine}: mode "${name}"`, args: ['explain', url(name), '--json'], code: 2 });
  add({ name: `${engine}: mode "maybe"`, args: ['explain', url('maybe'), '--json'], code: 2 });
}
for (const engine of ['postgres', 'mysql', 'mssql', 'redis', 'cassandra', 'oracle', 'etcd', 'clickhouse', 'sqlite'] as const) {
  add({ name: `${engine}: empty mode value`, args: ['explain', MODE_URLS[engine]!(''), '--json'], code: 2 });
}
// 2. Prototype names through the flag, for every command that takes it.
for (const name of PROTO_NAMES) {
  add({ name: `--ssl-mode ${name} (connect)`, args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', name, '--json'], code: 2 });
  add({ name: `--ssl-mode ${name} (explain)`, args: ['explain', `rediss://127.0.0.1:${CLOSED}`, '--ssl-mode', name, '--json'], code: 2 });
  add({ name: `--ssl-mode ${name} (diagnose)`, args: ['diagnose', '--engine', 'mysql', '--ssl-mode', name, 'boom', '--json'], code: 2 });
  add({ name: `--engine ${name}`, args: ['explain', `postgres://127.0.0.1:${CLOSED}/db`, '--engine', name, '--json'], code: 2 });
  add({ name: `translate --to ${name}`, args: ['translate', `postgres://127.0.0.1/db?sslmode=require`, '--to', name, '--json'], code: 2 });
  add({ name: `a parameter named ${name} is not a mode`, args: ['explain', `postgres://127.0.0.1/db?${name}=verify-full`, '--json'], code: 0, match: /"effective": "preferred"/ });
}
// 3. Repeated and conflicting values: libpq's last value wins; where the client has no rule, refuse.
add({ name: 'libpq: last sslmode wins (appending verify-full enforces it)', args: ['explain', 'postgres://db/x?sslmode=disable&sslmode=verify-full', '--json'], code: 0, match: /"effective": "verify-identity"/ });
add({ name: 'libpq keyword/value: last sslmode wins', args: ['explain', 'host=db sslmode=disable sslmode=verify-full', '--json'], code: 0, match: /"effective": "verify-identity"/ });
for (const url of [
  'mysql://db/x?ssl-mode=DISABLED&ssl-mode=VERIFY_IDENTITY',
  'mariadb://db/x?sslMode=disable&sslMode=verify-full',
  'rediss://db?ssl-mode=disabled&ssl-mode=required',
  'rediss://db?ssl_cert_reqs=none&ssl_cert_reqs=required',
  'mongodb://db/?tls=false&tls=true',
  'clickhouse://db?secure=true&secure=false',
  'etcd://db?ssl-mode=disabled&ssl-mode=required',
  'https://db:2379?ssl-mode=disabled&ssl-mode=verify-identity',
  'cassandra://db?sslmode=disabled&sslmode=required',
  'oracle://db/svc?sslmode=disabled&sslmode=required',
  'mongodb://db/?tls=true&tlsInsecure=true&tlsAllowInvalidCertificates=false',
  'mongodb://db/?tls=true&ssl=false',
  'mysql://db/x?sslMode=DISABLED&ssl-mode=VERIFY_IDENTITY',
]) {
  add({ name: `conflict refused: ${url}`, args: ['explain', url, '--json'], code: 2 });
}
// 4. Percent-encoding: malformed escapes are bad input naming the part; encoded metacharacters are read.
for (const [engine, url] of Object.entries(PASSWORD_URLS)) {
  add({ name: `${engine}: %zz in the password`, args: ['connect', url('p%zz'), '--json', '--timeout', '3000'], code: 2, match: /percent|malformed|not a valid/i, secret: 'p%zz' });
  add({ name: `${engine}: encoded metacharacters in the password reach the server (closed port)`, args: ['connect', url('p%40ss%3Aw%2Frd%2540%23%3F'), '--json', '--timeout', '3000'], code: 1, secret: 'p@ss:w/rd%40#?' });
}
add({ name: 'a lone % in a path', args: ['explain', 'mariadb://u:p@h/d%zzb', '--json'], code: 2, match: /path/ });
add({ name: 'a %00 in a database name is refused before connecting', args: ['connect', `mariadb://u:p@127.0.0.1:${CLOSED}/d%00b`, '--json'], code: 2, match: /control character/ });
add({ name: 'a %0a in a user name is refused before connecting', args: ['connect', `postgres://a%0ab@127.0.0.1:${CLOSED}/db`, '--json'], code: 2, match: /control character/ });
// 5. Hosts and ports.
for (const port of ['0', '65536', '99999', '-1', 'abc', '1.5']) {
  add({ name: `postgres port ${port}`, args: ['explain', `postgres://127.0.0.1:${port}/db`, '--json'], code: 2 });
  add({ name: `redis port ${port}`, args: ['explain', `redis://127.0.0.1:${port}`, '--json'], code: 2 });
}
add({ name: 'IPv6 host, postgres', args: ['connect', `postgres://[::1]:${CLOSED}/db`, '--json', '--timeout', '3000'], code: 1 });
add({ name: 'IPv6 host, redis', args: ['connect', `redis://[::1]:${CLOSED}`, '--json', '--timeout', '3000'], code: 1 });
add({ name: 'unicode host is read (IDNA) and explained', args: ['explain', 'postgres://bücher.example/db?sslmode=verify-full', '--json'], code: 0 });
add({ name: 'unterminated IPv6 bracket', args: ['explain', 'postgres://app:TopSecret1@[::1/db', '--json'], code: 2, secret: 'TopSecret1' });
// 6. Oversized input.
const long = 'a'.repeat(100 * 1024);
add({ name: '100 KB postgres URL', args: ['explain', `postgres://u:pw@h/db?application_name=${long}`, '--json'], code: 0 });
add({ name: '100 KB host name', args: ['connect', `redis://${long}:6379`, '--json', '--timeout', '3000'], code: 2 });
add({ name: '100 KB password is masked', args: ['explain', `mysql://u:${long}@h/db`, '--json'], code: 0, secret: long.slice(0, 64) });
add({ name: '100 KB diagnose text', args: ['diagnose', '--engine', 'postgres', long, '--json'], code: 0 });
// 7. Flags: empty values, control characters, out-of-range numbers.
for (const [flag, value] of [
  ['--ssl-mode', ''],
  ['--ca', ''],
  ['--cert', ''],
  ['--key', ''],
  ['--servername', ''],
  ['--min-tls', ''],
  ['--min-tls', 'garbage'],
  ['--min-tls', 'constructor'],
  ['--timeout', ''],
  ['--timeout', '0'],
  ['--timeout', '-5'],
  ['--timeout', '1.5'],
  ['--timeout', 'abc'],
  ['--timeout', '3000000000'],
  ['--timeout', String(2 ** 31)],
  ['--servername', 'evil\nname'],
  ['--servername', 'bell\u0007name'],
  ['--servername', 'esc\u001b]0;title\u0007'],
  ['--passphrase-env', 'DBTLS_NO_SUCH_VARIABLE'],
] as const) {
  add({ name: `connect ${flag} ${JSON.stringify(value)}`, args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, flag, value, '--json'], code: 2 });
}
add({ name: 'probe --timeout 3000000000', args: ['probe', `postgres://127.0.0.1:${CLOSED}/db`, '--timeout', '3000000000', '--json'], code: 2 });
add({ name: 'probe --warn-days -1', args: ['probe', `postgres://127.0.0.1:${CLOSED}/db`, '--warn-days', '-1', '--json'], code: 2 });
add({ name: 'ssl_min_protocol_version=garbage in a URL', args: ['explain', 'postgres://u@h/db?ssl_min_protocol_version=garbage', '--json'], code: 2 });
add({ name: 'ssl_max_protocol_version=constructor in a URL', args: ['explain', 'postgres://u@h/db?ssl_max_protocol_version=constructor', '--json'], code: 2 });
add({ name: 'sslnegotiation=direct with sslmode=prefer (libpq refuses)', args: ['explain', 'postgres://u@h/db?sslnegotiation=direct&sslmode=prefer', '--json'], code: 2 });
// 8. Files: missing, directory, empty, binary, DER, key as certificate, huge; passphrases.
for (const [kind, path] of Object.entries(files)) {
  add({ name: `--ca ${kind} file`, args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', 'verify-ca', '--ca', path, '--json'], code: 2, boundMs: 5000 });
  add({ name: `--cert ${kind} file`, args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', 'required', '--cert', path, '--key', certs.clientKey, '--json'], code: 2 });
  add({ name: `--key ${kind} file`, args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', 'required', '--cert', certs.clientCert, '--key', path, '--json'], code: 2 });
}
add({ name: 'a key given as the CA', args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', 'verify-ca', '--ca', certs.clientKey, '--json'], code: 2 });
add({ name: 'a certificate given as the key', args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--cert', certs.clientCert, '--key', certs.clientCert, '--json'], code: 2 });
add({ name: 'a key that does not match its certificate', args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--cert', certs.clientCert, '--key', certs.otherClientKey, '--json'], code: 2 });
add({ name: 'an encrypted key without a passphrase', args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--json'], code: 2 });
add({
  name: 'an encrypted key with a wrong passphrase, which never appears',
  args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase-env', 'DBTLS_HOSTILE_PASS', '--json'],
  env: { DBTLS_HOSTILE_PASS: 'wrong-passphrase-xyz' },
  code: 2,
  secret: 'wrong-passphrase-xyz',
});
add({
  name: 'the right passphrase gets to the network (closed port)',
  args: ['connect', `postgres://127.0.0.1:${CLOSED}/db`, '--ssl-mode', 'required', '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase-env', 'DBTLS_HOSTILE_PASS', '--json', '--timeout', '3000'],
  env: { DBTLS_HOSTILE_PASS: CLIENT_KEY_PASSPHRASE },
  code: 1,
  secret: CLIENT_KEY_PASSPHRASE,
});
add({ name: 'sslrootcert in a URL naming a directory', args: ['connect', `postgres://127.0.0.1:${CLOSED}/db?sslmode=verify-ca&sslrootcert=${encodeURIComponent(scratch)}`, '--json'], code: 2 });
add({ name: 'tlsCAFile in a MongoDB URL naming a binary file', args: ['connect', `mongodb://127.0.0.1:${CLOSED}/?tls=true&tlsCAFile=${encodeURIComponent(files.binary)}`, '--json'], code: 2 });
add({ name: 'ssl_ca_certs in a redis URL naming a huge file', args: ['connect', `rediss://127.0.0.1:${CLOSED}?ssl_ca_certs=${encodeURIComponent(files.huge)}`, '--json'], code: 2, boundMs: 5000 });
// 9. Secrets in strings that cannot be parsed are masked, never echoed.
for (const input of ['postgres://lab:Sec#pw9@host/db', '//app:s3cretpw@db/x', 'host=db password=s3cretpw sslmode=bogus', 'Server=db;User Id=u;Password=s3cretpw;Encrypt=bogus', 'mysql://u:a/b?s3cretpw@h:3306/d?ssl-mode=nope', 'mongodb://u:s3cretpw@h/?tls=perhaps']) {
  add({ name: `masked: ${input.replace(/s3cretpw|Sec#pw9/, '…')}`, args: ['explain', input, '--json'], code: 2, secret: /Sec#pw9/.test(input) ? 'Sec#pw9' : 's3cretpw' });
}
// 10. Redaction never corrupts output: short passwords, and passwords equal to field values.
add({ name: 'password "postgres" leaves "engine": "postgres" alone', args: ['explain', 'postgres://u:postgres@h/db', '--json'], code: 0, match: /"engine": "postgres"[\s\S]*"driver": "pg"/ });
for (const pw of ['e', 'lab', 'pg', 'redis', 'network']) {
  add({ name: `password "${pw}": connect failure fields are exact`, args: ['connect', `postgres://app:${pw}@127.0.0.1:${CLOSED}/db`, '--json', '--timeout', '3000'], code: 1, match: /"engine": "postgres"[\s\S]*"cause": "network-error"/, noMatch: /\*\*\*(?!@)/ });
  add({ name: `password "${pw}": human output is exact`, args: ['connect', `redis://:${pw}@127.0.0.1:${CLOSED}`, '--timeout', '3000'], code: 1, match: /Could not connect to redis at 127\.0\.0\.1:9[\s\S]*cause: network-error/, noMatch: /\*\*\*/ });
}
// 11. Commands and usage.
add({ name: 'no arguments: help, exit 2', args: [], code: 2, match: /Usage: dbtls/ });
add({ name: 'unknown command --json', args: ['frobnicate', '--json'], code: 2 });
add({ name: 'unknown flag --json', args: ['connect', '--bogus', '--json'], code: 2 });
add({ name: 'missing URL --json', args: ['connect', '--json'], code: 2 });
add({ name: 'too many arguments --json', args: ['explain', 'postgres://h/db', 'extra', '--json'], code: 2 });
add({ name: 'diagnose with empty text', args: ['diagnose', '--engine', 'postgres', '', '--json'], code: 2 });
add({ name: 'diagnose without --engine', args: ['diagnose', 'boom', '--json'], code: 2 });
add({ name: 'diagnose a prototype engine', args: ['diagnose', '--engine', 'constructor', 'boom', '--json'], code: 2 });
add({ name: 'diagnose text with terminal escapes is classified', args: ['diagnose', '--engine', 'postgres', 'x\u001b]0;t\u0007\n✔ Connected', '--json'], code: 0 });
add({ name: 'translate to a target of another engine', args: ['translate', 'postgres://h/db', '--to', 'ioredis', '--json'], code: 2 });
add({ name: 'translate weaker without --allow-weaker', args: ['translate', 'postgres://h/db?sslmode=verify-full&sslcrl=%2Fetc%2Fcrl.pem', '--to', 'prisma', '--json'], code: 2 });
add({ name: 'engines --json', args: ['engines', '--json'], code: 0 });
add({ name: 'plugin that does not exist', args: ['engines', '--plugin', join(scratch, 'nope.mjs'), '--json'], code: 2 });
add({ name: 'plugin with a wrong apiVersion', args: ['engines', '--plugin', join(ROOT, 'tests', 'fixtures', 'bad-api-engine.mjs'), '--json'], code: 2 });
add({ name: 'plugin that clashes with a first-party engine', args: ['engines', '--plugin', join(ROOT, 'tests', 'fixtures', 'clash-engine.mjs'), '--json'], code: 2 });
add({ name: 'plugin that throws at import', args: ['engines', '--plugin', file('throws.mjs', 'throw new Error("plugin exploded");\n'), '--json'], code: 2 });
add({ name: 'plugin that is not JavaScript', args: ['engines', '--plugin', file('garbage.mjs', '}{ not javascript'), '--json'], code: 2 });
add({ name: 'config file that is not JSON', args: ['engines', '--config', file('bad.json', '{ nope'), '--json'], code: 2 });
add({ name: 'config file with a prototype key', args: ['engines', '--config', file('proto.json', '{"__proto__": {"plugins": ["x"]}, "constructor": 1}'), '--json'], code: 0 });
add({ name: 'config file naming a missing plugin', args: ['engines', '--config', file('missing-plugin.json', JSON.stringify({ plugins: ['./nope.mjs'] })), '--json'], code: 2 });
add({
  name: 'a plugin that leaves a timer does not keep the CLI alive',
  args: ['engines', '--plugin', file('timer-plugin.mjs', `import { echoEngine } from ${JSON.stringify(join(ROOT, 'tests', 'fixtures', 'echo-engine', 'index.mjs'))};\nsetInterval(() => {}, 1000);\nexport default [echoEngine];\n`), '--json'],
  code: 0,
  boundMs: 10_000,
  match: /echotls/,
});
// 12. Connection strings of other syntaxes.
add({ name: 'ADO.NET string with a prototype keyword', args: ['explain', 'Server=db;__proto__=x;constructor=y;Encrypt=true', '--json'], code: 0 });
add({ name: 'ADO.NET Encrypt=constructor', args: ['explain', 'Server=db;Encrypt=constructor', '--json'], code: 2 });
add({ name: 'JDBC SQL Server trustServerCertificate=toString', args: ['explain', 'jdbc:sqlserver://db;encrypt=true;trustServerCertificate=toString', '--json'], code: 2 });
add({ name: 'MongoDB tlsInsecure with tlsAllowInvalidHostnames (the spec forbids)', args: ['explain', 'mongodb://db/?tls=true&tlsInsecure=true&tlsAllowInvalidHostnames=true', '--json'], code: 2 });
add({ name: 'MongoDB unknown TLS option', args: ['explain', 'mongodb://db/?tlsVerifyPeer=false', '--json'], code: 2 });
add({ name: 'mongodb+srv with tls=false warns and is read', args: ['explain', 'mongodb+srv://c.example.net/?tls=false', '--json'], code: 0, match: /unencrypted/ });

const STACK = /\n\s+at .+:\d+:\d+\)?/;

describe(`hostile input: ${cases.length} cases through the dbtls binary`, () => {
  it('has at least 150 cases', () => expect(cases.length).toBeGreaterThanOrEqual(150));
  describe.concurrent.each(cases)('$name', (c) => {
    it(`exits ${c.code}, cleanly`, async () => {
      const bound = c.boundMs ?? 15_000;
      const started = performance.now();
      const run = await runCli(c.args, { ...(c.env ? { env: c.env } : {}), timeoutMs: bound + 5000 });
      const elapsed = performance.now() - started;
      const all = run.stdout + run.stderr;
      expect({ code: run.code, out: all.slice(0, 600) }).toMatchObject({ code: c.code });
      expect(all).not.toMatch(STACK);
      expect(all).not.toMatch(/Unexpected error/);
      expect(run.stderr).not.toMatch(/\(node:\d+\) \w*Warning/);
      if (c.args.includes('--json')) {
        expect(run.json, `stdout is one JSON object: ${run.stdout.slice(0, 200)}`).toBeTypeOf('object');
        if (c.code === 2) expect(run.json).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
      }
      if (c.match) expect(all).toMatch(c.match);
      if (c.noMatch) expect(all).not.toMatch(c.noMatch);
      if (c.secret) {
        expect(all).not.toContain(c.secret);
        expect(all).not.toContain(encodeURIComponent(c.secret));
      }
      expect(elapsed).toBeLessThan(bound);
    });
  });
});
