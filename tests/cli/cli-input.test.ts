import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, ROOT, runCli } from '../harness/cli.js';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../harness/certs.js';

const certs = generateCertificates(join(ROOT, 'tests', '.tmp', 'certs'));
const scratch = join(ROOT, 'tests', '.tmp', 'cli-input');
mkdirSync(scratch, { recursive: true });
const notPem = join(scratch, 'not-a-cert.pem');
writeFileSync(notPem, 'hello, I am not a certificate\n');

function expectCleanUsageError(run: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stderr + run.stdout).toMatch(pattern);
  expect(run.stderr + run.stdout).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
}

describe('bad input gets a clear error and exit code 2, never a stack trace', () => {
  it('unknown URL scheme', async () => {
    expectCleanUsageError(await runCli(['connect', 'nosuchdb://localhost/x']), /No installed engine handles "nosuchdb:" URLs/);
  });
  it('unknown engine id', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--engine', 'nosuch']), /Unknown engine "nosuch"\. Installed engines: postgres/);
  });
  it('malformed URL, with the password masked', async () => {
    const run = await runCli(['connect', 'postgres://app:TopSecret1@[::1/db']);
    expectCleanUsageError(run, /not a valid URL/);
    expect(run.stderr + run.stdout).not.toContain('TopSecret1');
  });
  it('a string that is not a URL at all', async () => {
    expectCleanUsageError(await runCli(['connect', 'localhost']), /not a URL with a scheme/);
  });
  it('unknown mode, including libpq "allow"', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--ssl-mode', 'allow']), /Valid modes: disabled, preferred, required, verify-ca, verify-identity/);
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x?sslmode=maybe']), /sslmode="maybe" is not a valid sslmode \(disable, allow, prefer, require, verify-ca, verify-full\)/);
  });
  it('missing CA file', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--ssl-mode', 'verify-ca', '--ca', '/nonexistent/ca.pem']), /CA certificate file "\/nonexistent\/ca.pem" does not exist/);
  });
  it('unreadable CA file (a directory)', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--ssl-mode', 'verify-ca', '--ca', scratch]), /cannot be read/);
  });
  it('a CA file that is not PEM', async () => {
    const run = await runCli(['connect', 'postgres://localhost/x', '--ssl-mode', 'verify-ca', '--ca', notPem]);
    expectCleanUsageError(run, /not in PEM format/);
    expect(run.stderr).not.toContain('hello, I am not');
  });
  it('wrong key passphrase: named, and the passphrase never printed', async () => {
    const run = await runCli(['connect', 'postgres://localhost/x', '--ssl-mode', 'required', '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase-env', 'PASS', '--json'], { env: { PASS: 'not-the-passphrase' } });
    expect(run.code).toBe(2);
    expect(run.json.error.code).toBe('client-key-invalid');
    expect(run.json.error.message).toMatch(/passphrase does not decrypt it/);
    expect(run.stdout + run.stderr).not.toContain('not-the-passphrase');
    expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
  });
  it('encrypted key without a passphrase', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted]), /encrypted and no passphrase was given/);
  });
  it('a key that does not belong to the certificate', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--cert', certs.clientCert, '--key', certs.otherClientKey]), /does not match the certificate/);
  });
  it('passphrase variable not set', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--cert', certs.clientCert, '--key', certs.clientKeyEncrypted, '--passphrase-env', 'DBTLS_UNSET_VAR'], { env: { DBTLS_UNSET_VAR: undefined } }), /DBTLS_UNSET_VAR .* is not set/);
  });
  it('bad timeout and bad TLS version', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--timeout', 'soon']), /--timeout must be a whole number/);
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--min-tls', '2.0']), /Unknown TLS version "2.0"/);
  });
  it('unknown option', async () => {
    expectCleanUsageError(await runCli(['connect', 'postgres://localhost/x', '--sslmode', 'require']), /unknown option '--sslmode'/);
  });
  it('--json errors are one JSON object', async () => {
    const run = await runCli(['connect', 'nosuchdb://x', '--json']);
    expect(run.code).toBe(2);
    expect(run.json).toEqual({ ok: false, error: { code: 'unknown-engine', message: expect.stringContaining('nosuchdb') } });
  });
});

describe('dbtls diagnose classifies pasted messages without connecting', () => {
  const cases: [string, string, string | null][] = [
    ['no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", no encryption', 'server-requires-tls', 'required'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL off', 'server-requires-tls', 'required'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL encryption', 'server-lacks-tls', 'disabled'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL on', 'server-lacks-tls', 'disabled'],
    ['The server does not support SSL connections', 'server-lacks-tls', 'preferred'],
    ['password authentication failed for user "app"', 'authentication-failed', null],
    ['connection requires a valid client certificate', 'client-certificate-required', 'verify-identity'],
    ['error:0A00045C:SSL routines::tlsv13 alert certificate required', 'client-certificate-required', 'verify-identity'],
    ['self-signed certificate', 'certificate-untrusted', 'required'],
    ['unable to verify the first certificate', 'certificate-untrusted', 'required'],
    ['self-signed certificate in certificate chain', 'certificate-untrusted', 'required'],
    ['certificate has expired', 'certificate-expired', 'required'],
    ["Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list: ", 'hostname-mismatch', 'verify-ca'],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'network-error', null],
    ['getaddrinfo ENOTFOUND db.invalid', 'network-error', null],
    ['error:0A000102:SSL routines::unsupported protocol', 'tls-handshake-failed', 'required'],
    ['something nobody has seen before', 'unknown', null],
  ];
  for (const [message, cause, recommended] of cases) {
    it(`${cause}: ${message.slice(0, 60)}`, async () => {
      const run = await runCli(['diagnose', '--engine', 'postgres', '--ssl-mode', 'verify-identity', '--json', message]);
      expect(run.code).toBe(0);
      expect(run.json.diagnosis.cause).toBe(cause);
      expect(run.json.diagnosis.recommendedMode).toBe(recommended);
      expect(run.json.diagnosis.original.message).toBe(message);
    });
  }
  it('human output names the cause and the mode to try', async () => {
    const run = await runCli(['diagnose', '--engine', 'pg', '--ssl-mode', 'verify-full', "Hostname/IP does not match certificate's altnames"]);
    expect(run.stdout).toContain('hostname-mismatch');
    expect(run.stdout).toContain('--ssl-mode verify-ca');
  });
});

describe('dbtls explain', () => {
  it('maps every mode to explicit pg options, never a bare sslmode for pg-connection-string', async () => {
    const expected: Record<string, unknown> = {
      disabled: false,
      preferred: { rejectUnauthorized: false, ca: '<contents of ca.pem>' },
      required: { rejectUnauthorized: false, ca: '<contents of ca.pem>' },
      'verify-ca': { rejectUnauthorized: true, ca: '<contents of ca.pem>', checkServerIdentity: expect.stringContaining('name not checked') },
      'verify-identity': { rejectUnauthorized: true, ca: '<contents of ca.pem>' },
    };
    for (const [mode, ssl] of Object.entries(expected)) {
      const run = await runCli(['explain', 'postgres', '--ssl-mode', mode, '--ca', 'ca.pem', '--json']);
      expect(run.code).toBe(0);
      expect(run.json.options.ssl).toEqual(ssl);
    }
  });
  it('takes a URL, keeps its mode and masks its password', async () => {
    const run = await runCli(['explain', 'postgresql://app:Sup3rSecret@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.pem']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('verify-identity');
    expect(run.stdout).toContain('sslmode=verify-full sslrootcert=/etc/ca.pem');
    expect(run.stdout).not.toContain('Sup3rSecret');
  });
});

describe('plugins and the registry', () => {
  const echo = join(ROOT, 'tests', 'fixtures', 'echo-engine', 'index.mjs');
  it('dbtls engines lists the first-party engines with default mode, fallback and guidance', async () => {
    const run = await runCli(['engines', '--json']);
    expect(run.code).toBe(0);
    const ids = run.json.engines.map((e: { id: string }) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['postgres', 'redshift', 'cockroachdb']));
    const pg = run.json.engines.find((e: { id: string }) => e.id === 'postgres');
    expect(pg).toMatchObject({ defaultMode: 'preferred', defaultPort: 5432, fallback: { capability: 'native' }, drivers: ['pg'] });
    expect(pg.guidance.length).toBeGreaterThan(40);
  });
  it('a third-party engine named with --plugin is listed and connects, using only the public core API', async () => {
    const tls = await import('node:tls');
    const { readFileSync } = await import('node:fs');
    const server = tls.createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, (s) => s.on('data', () => s.end('PONG\n')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const list = await runCli(['engines', '--plugin', echo, '--json']);
      expect(list.json.engines.map((e: { id: string }) => e.id)).toContain('echotls');
      const strict = await runCli(['connect', `echotls://localhost:${port}`, '--plugin', echo, '--ssl-mode', 'verify-identity', '--ca', certs.caCert, '--json']);
      expect(strict.code).toBe(0);
      expect(strict.json).toMatchObject({ ok: true, engine: 'echotls', encrypted: true });
      const mismatch = await runCli(['connect', `echotls://127.0.0.1:${port}`, '--plugin', echo, '--ssl-mode', 'verify-identity', '--ca', certs.caCert, '--json']);
      expect(mismatch.code).toBe(1);
      expect(mismatch.json.diagnosis.cause).toBe('hostname-mismatch');
      const preferred = await runCli(['connect', `echotls://localhost:${port}`, '--plugin', echo, '--ssl-mode', 'preferred', '--json']);
      expect(preferred.json.mode).toEqual({ requested: 'preferred', effective: 'required' });
      expect(preferred.json.warnings.join(' ')).toMatch(/behaves as "required"/);
    } finally {
      server.close();
    }
  });
  it('a config file names plugins too', async () => {
    const dir = join(scratch, 'with-config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dbtls.config.json'), JSON.stringify({ plugins: [echo] }));
    const run = await runCli(['engines', '--json'], { cwd: dir });
    expect(run.json.engines.map((e: { id: string }) => e.id)).toContain('echotls');
  });
  it('a plugin with an unsupported apiVersion is refused by name', async () => {
    expectCleanUsageError(await runCli(['engines', '--plugin', join(ROOT, 'tests', 'fixtures', 'bad-api-engine.mjs')]), /engine "future" .*apiVersion 2.*supports apiVersion 1/);
  });
  it('a plugin whose scheme clashes is refused by name', async () => {
    expectCleanUsageError(await runCli(['engines', '--plugin', join(ROOT, 'tests', 'fixtures', 'clash-engine.mjs')]), /Engine "imposter" .* claims the URL scheme "postgres:", already claimed by engine "postgres"/);
  });
  it('a plugin that is not installed', async () => {
    expectCleanUsageError(await runCli(['engines', '--plugin', 'dbtls-engine-that-does-not-exist']), /not installed \(pnpm add dbtls-engine-that-does-not-exist\)/);
  });
});

describe('the CLI loads only the driver of the engine it uses', () => {
  const trace = join(ROOT, 'tests', 'fixtures', 'trace-driver-imports.mjs');
  let n = 0;
  const runTraced = (args: string[]) =>
    new Promise<{ stderr: string; code: number | null }>((resolve) => {
      const file = join(scratch, `trace-${process.pid}-${n++}.txt`);
      writeFileSync(file, '');
      const child = spawn(process.execPath, ['--import', trace, CLI_BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', DBTLS_TRACE_FILE: file } });
      child.stderr.resume();
      child.stdout.resume();
      child.on('close', (code) => resolve({ stderr: readFileSync(file, 'utf8'), code }));
    });
  it('--help and engines import no driver', async () => {
    for (const args of [['--help'], ['engines'], ['engines', '--json'], ['explain', 'postgres']]) {
      const run = await runTraced(args);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toContain('DRIVER-IMPORT');
    }
  });
  it('connect imports pg and nothing else (the trace hook itself works)', async () => {
    const run = await runTraced(['connect', 'postgres://x@127.0.0.1:1/x', '--timeout', '1000']);
    expect(run.stderr).toContain('DRIVER-IMPORT pg');
    expect(run.stderr.match(/DRIVER-IMPORT (\S+)/g)?.every((l) => /DRIVER-IMPORT pg(\/|$)/.test(l))).toBe(true);
  });
});

void CLIENT_KEY_PASSPHRASE;
