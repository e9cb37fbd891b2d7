/**
 * Real MariaDB instances for the MySQL/MariaDB suites, started from the
 * machine's binaries (mariadb-install-db once, then one copied data directory
 * per instance) on loopback ports, each with its own TLS set-up.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { TestCertificates } from '../harness/certs.js';

export const MARIADB_USER = 'lab';
export const MARIADB_PASSWORD = 'lab-Secret-pw-7';
/** An account created with REQUIRE X509. */
export const X509_USER = 'certuser';
export const X509_PASSWORD = 'cert-Secret-pw-9';

export const MARIADB_SCENARIOS = ['no-tls', 'tls-optional', 'tls-required', 'self-signed', 'expired'] as const;
export type MariaDbScenario = (typeof MARIADB_SCENARIOS)[number];

export interface MariaDbInstance {
  scenario: MariaDbScenario;
  port: number;
  dataDir: string;
}

export interface MariaDbCluster {
  instances: Record<MariaDbScenario, MariaDbInstance>;
  version: string;
  stop(): Promise<void>;
  /** Stops one instance (SIGTERM, as a shutdown) and starts it again on the same port and data. */
  restart(scenario: MariaDbScenario): Promise<void>;
}

function which(cmd: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** Null when MariaDB can be started here, else the reason it cannot. */
export function mariadbAvailable(): string | null {
  if (!which('mariadbd')) return 'mariadbd not found (apt-get install mariadb-server)';
  if (!which('mariadb-install-db')) return 'mariadb-install-db not found (apt-get install mariadb-server)';
  return null;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const userArgs = asRoot ? ['--user=root'] : [];

function tlsArgs(scenario: MariaDbScenario, certs: TestCertificates): string[] {
  switch (scenario) {
    case 'no-tls':
      return [];
    case 'tls-optional':
      return [`--ssl-ca=${certs.caCert}`, `--ssl-cert=${certs.serverCert}`, `--ssl-key=${certs.serverKey}`];
    case 'tls-required':
      return [`--ssl-ca=${certs.caCert}`, `--ssl-cert=${certs.serverCert}`, `--ssl-key=${certs.serverKey}`, '--require-secure-transport=ON'];
    case 'self-signed':
      return [`--ssl-cert=${certs.selfSignedCert}`, `--ssl-key=${certs.selfSignedKey}`];
    case 'expired':
      return [`--ssl-ca=${certs.caCert}`, `--ssl-cert=${certs.expiredCert}`, `--ssl-key=${certs.expiredKey}`];
  }
}

const COMMON = ['--no-defaults', '--innodb-buffer-pool-size=16M', '--innodb-log-file-size=4M'];

function waitForGreeting(port: number, deadline: number, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) {
          const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
          reject(new Error(`MariaDB on port ${port} did not start:\n${log}`));
        } else setTimeout(tryOnce, 150);
      });
    };
    tryOnce();
  });
}

/**
 * Starts one instance per scenario on `basePort + index` (MariaDB range
 * 33400-33499). Every instance has the `lab` account (password) and the
 * `certuser` account (password + REQUIRE X509), created by an init file.
 */
export async function startMariaDbCluster(
  certs: TestCertificates,
  rootDir: string,
  basePort: number,
  scenarios: readonly MariaDbScenario[] = MARIADB_SCENARIOS,
  /** Extra server arguments and init-file statements (one statement per line), for every instance. */
  extra: { args?: string[]; init?: string[] } = {},
): Promise<MariaDbCluster> {
  rmSync(rootDir, { recursive: true, force: true });
  mkdirSync(rootDir, { recursive: true });
  const template = join(rootDir, 'template');
  execFileSync(which('mariadb-install-db')!, [...COMMON.slice(0, 1), `--datadir=${template}`, ...userArgs, '--auth-root-authentication-method=normal', '--skip-test-db', ...COMMON.slice(1)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const initFile = join(rootDir, 'init.sql');
  writeFileSync(
    initFile,
    [
      `CREATE USER IF NOT EXISTS '${MARIADB_USER}'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';`,
      `GRANT ALL ON *.* TO '${MARIADB_USER}'@'%';`,
      `CREATE USER IF NOT EXISTS '${X509_USER}'@'%' IDENTIFIED BY '${X509_PASSWORD}' REQUIRE X509;`,
      `GRANT SELECT ON *.* TO '${X509_USER}'@'%';`,
      ...(extra.init ?? []),
      '',
    ].join('\n'),
  );
  const version = execFileSync(which('mariadbd')!, ['--version'], { encoding: 'utf8' }).trim();
  const children: ChildProcess[] = [];
  const byScenario = new Map<MariaDbScenario, ChildProcess>();
  const instances = {} as Record<MariaDbScenario, MariaDbInstance>;
  const stopChildren = async (list: ChildProcess[]) => {
    await Promise.all(
      list.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  const stop = () => stopChildren(children);
  const launch = async (scenario: MariaDbScenario, port: number, dataDir: string) => {
    const logFile = join(dataDir, 'error.log');
    const child = spawn(
      which('mariadbd')!,
      [
        ...COMMON.slice(0, 1),
        `--datadir=${dataDir}`,
        ...userArgs,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dataDir, 'mysqld.sock')}`,
        `--pid-file=${join(dataDir, 'mysqld.pid')}`,
        `--log-error=${logFile}`,
        ...COMMON.slice(1),
        '--performance-schema=OFF',
        '--skip-name-resolve',
        '--skip-log-bin',
        `--init-file=${initFile}`,
        ...tlsArgs(scenario, certs),
        ...(extra.args ?? []),
      ],
      { stdio: 'ignore' },
    );
    children.push(child);
    byScenario.set(scenario, child);
    await waitForGreeting(port, Date.now() + 60_000, logFile);
  };
  try {
    await Promise.all(
      scenarios.map(async (scenario) => {
        const port = basePort + MARIADB_SCENARIOS.indexOf(scenario);
        const dataDir = join(rootDir, scenario);
        cpSync(template, dataDir, { recursive: true });
        instances[scenario] = { scenario, port, dataDir };
        await launch(scenario, port, dataDir);
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const restart = async (scenario: MariaDbScenario) => {
    const child = byScenario.get(scenario);
    if (child) await stopChildren([child]);
    const { port, dataDir } = instances[scenario];
    await launch(scenario, port, dataDir);
  };
  return { instances, version, stop, restart };
}
