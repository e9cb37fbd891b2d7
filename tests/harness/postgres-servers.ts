/**
 * Real PostgreSQL instances for the conformance suite, started from the
 * machine's binaries on loopback ports, each with its own TLS set-up.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestCertificates } from './certs.js';

export const PG_USER = 'lab';
export const PG_PASSWORD = 'lab-secret-pw';

export type PgScenario = 'no-tls' | 'tls-optional' | 'tls-required' | 'client-cert' | 'self-signed' | 'expired' | 'tls-refused' | 'cleartext-no-tls' | 'cleartext-tls' | 'busy';

export interface PgInstance {
  scenario: PgScenario;
  port: number;
  dataDir: string;
}

export interface PgCluster {
  instances: Record<PgScenario, PgInstance>;
  stop(): void;
}

function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql).');
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
}

/** True when the PostgreSQL server binaries are on this machine. */
export function postgresAvailable(): string | null {
  try {
    const bin = pgBinDir();
    return existsSync(join(bin, 'initdb')) ? null : `initdb not found in ${bin}`;
  } catch (error) {
    return (error as Error).message;
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
function runAsPostgres(cmd: string, args: string[]): string {
  return asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) : execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function own(path: string): void {
  if (!asRoot) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

const HBA_LINES: Record<PgScenario, string[]> = {
  'no-tls': ['host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'],
  'tls-optional': ['host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'],
  'tls-required': ['hostssl all all 127.0.0.1/32 scram-sha-256', 'hostssl all all ::1/128 scram-sha-256'],
  'client-cert': ['hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-ca', 'hostssl all all ::1/128 scram-sha-256 clientcert=verify-ca'],
  'self-signed': ['host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'],
  expired: ['host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'],
  'tls-refused': ['hostnossl all all 127.0.0.1/32 scram-sha-256', 'hostnossl all all ::1/128 scram-sha-256'],
  // "password" is PostgreSQL's clear-text method: the server sends AuthenticationCleartextPassword (auth code 3).
  'cleartext-no-tls': ['hostnossl all all 127.0.0.1/32 password', 'hostnossl all all ::1/128 password'],
  'cleartext-tls': ['hostnossl all all 127.0.0.1/32 password', 'hostnossl all all ::1/128 password', 'hostssl all all 127.0.0.1/32 password', 'hostssl all all ::1/128 password'],
  // max_connections = 1 with no reserved slots: a second connection gets 53300 too many connections.
  busy: ['host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256'],
};

/**
 * Starts one instance per scenario on consecutive ports from `basePort`.
 * initdb runs once (as the postgres user); the cluster is copied for each.
 */
export function startPostgresCluster(
  certs: TestCertificates,
  basePort: number,
  scenarios: PgScenario[],
  /** More login roles with passwords (any characters), created with the `lab` role in every instance. */
  extra: { roles?: readonly { user: string; password: string }[] } = {},
): PgCluster {
  const bin = pgBinDir();
  const root = mkdtempSync(join(tmpdir(), 'dbtls-pg-'));
  chmodSync(root, 0o755);
  own(root);
  const template = join(root, 'template');
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`);
  own(pwfile);
  runAsPostgres(join(bin, 'initdb'), ['-D', template, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8', '--no-sync', '--locale=C']);
  // One role with a password, created while the template runs once.
  const sock = join(root, 'sock');
  runAsPostgres('mkdir', ['-p', sock]);
  runAsPostgres(join(bin, 'pg_ctl'), ['-D', template, '-o', `-p ${basePort + 99} -k ${sock} -c listen_addresses=''`, '-l', join(root, 'template.log'), '-w', 'start']);
  try {
    runAsPostgres(join(bin, 'psql'), ['-h', sock, '-p', String(basePort + 99), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}'`, '-c', `CREATE DATABASE ${PG_USER} OWNER ${PG_USER}`]);
    const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const ident = (text: string) => `"${text.replace(/"/g, '""')}"`;
    for (const role of extra.roles ?? []) {
      runAsPostgres(join(bin, 'psql'), ['-h', sock, '-p', String(basePort + 99), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE ${ident(role.user)} LOGIN PASSWORD ${literal(role.password)}`]);
    }
  } finally {
    runAsPostgres(join(bin, 'pg_ctl'), ['-D', template, '-m', 'fast', '-w', 'stop']);
  }

  const instances = {} as Record<PgScenario, PgInstance>;
  const started: string[] = [];
  const stop = () => {
    for (const dir of started) {
      try {
        runAsPostgres(join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    scenarios.forEach((scenario, i) => {
      const port = basePort + i;
      const dir = join(root, scenario);
      cpSync(template, dir, { recursive: true });
      // Node 22+ creates the copied directories with the default mode (0755 under umask 022), not the
      // template's 0700, and postgres refuses a data directory that is not 0700 or 0750.
      chmodSync(dir, 0o700);
      execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      const conf: string[] = [`port = ${port}`, "listen_addresses = '127.0.0.1,::1'", `unix_socket_directories = '${sock}'`, 'max_connections = 20', 'shared_buffers = 16MB', 'fsync = off', "password_encryption = 'scram-sha-256'"];
      const pair = scenario === 'self-signed' ? [certs.selfSignedCert, certs.selfSignedKey] : scenario === 'expired' ? [certs.expiredCert, certs.expiredKey] : [certs.serverCert, certs.serverKey];
      if (scenario === 'busy') conf.push('max_connections = 2', 'superuser_reserved_connections = 0');
      if (scenario !== 'no-tls' && scenario !== 'cleartext-no-tls') {
        copyFileSync(pair[0]!, join(dir, 'server.crt'));
        copyFileSync(pair[1]!, join(dir, 'server.key'));
        chmodSync(join(dir, 'server.key'), 0o600);
        own(join(dir, 'server.crt'));
        own(join(dir, 'server.key'));
        conf.push('ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'");
        if (scenario === 'client-cert') {
          copyFileSync(certs.caCert, join(dir, 'ca.crt'));
          own(join(dir, 'ca.crt'));
          conf.push("ssl_ca_file = 'ca.crt'");
        }
      } else {
        conf.push('ssl = off');
      }
      appendFileSync(join(dir, 'postgresql.conf'), `\n${conf.join('\n')}\n`);
      writeFileSync(join(dir, 'pg_hba.conf'), ['local all all trust', ...HBA_LINES[scenario], ''].join('\n'));
      own(join(dir, 'pg_hba.conf'));
      startListening(bin, dir, join(root, `${scenario}.log`), port);
      started.push(dir);
      instances[scenario] = { scenario, port, dataDir: dir };
    });
  } catch (error) {
    stop();
    throw error;
  }
  return { instances, stop };
}

/** Restarts one instance (fast shutdown, then start), keeping its port and set-up. */
export function restartPostgres(instance: PgInstance): void {
  const bin = pgBinDir();
  runAsPostgres(join(bin, 'pg_ctl'), ['-D', instance.dataDir, '-m', 'fast', '-w', 'stop']);
  startListening(bin, instance.dataDir, join(dirname(instance.dataDir), `${instance.scenario}.log`), instance.port);
}

/**
 * Starts an instance and makes sure it listens on every address. The test ports lie in Linux's
 * ephemeral range, so another process's outgoing connection can briefly hold one of them; postgres
 * then only warns ("could not bind IPv4 address") and runs on the other address, and every IPv4
 * connection is refused later. Such a start is stopped and tried again.
 */
function startListening(bin: string, dir: string, log: string, port: number): void {
  for (let attempt = 1; ; attempt++) {
    const before = existsSync(log) ? readFileSync(log, 'utf8').length : 0;
    runAsPostgres(join(bin, 'pg_ctl'), ['-D', dir, '-l', log, '-w', '-t', '30', 'start']);
    const written = existsSync(log) ? readFileSync(log, 'utf8').slice(before) : '';
    if (!/could not bind|could not create listen socket/i.test(written)) return;
    runAsPostgres(join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    if (attempt === 5) throw new Error(`PostgreSQL on port ${port} could not bind every address after 5 attempts:\n${written}`);
    execFileSync('sleep', ['0.5']);
  }
}
