/** Whole-process rows: CLI start-up against bare Node, and `dbtls connect` against raw-driver scripts and native clients. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, ROOT } from '../harness/cli.js';
import { median, p95, ratioRow, unavailableRow, type Row, type Side } from './bench-stats.js';
import type { BenchServers } from './bench-servers.js';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const RAW = join(ROOT, 'tests', 'bench', 'raw');

interface Run {
  ms: number;
  peakMiB: number | null;
  code: number;
}

/**
 * Runs a command to completion, its output read and dropped; peak memory (largest resident set)
 * from GNU time when the machine has it. Both sides of a ratio run the same way.
 */
export function runProcess(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [cmd, argv] = TIME ? [TIME, ['-f', '__peak_kib=%M', command, ...args]] : [command, args];
    const t = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t;
      const kib = /__peak_kib=(\d+)/.exec(stderr)?.[1];
      resolve({ ms, peakMiB: kib ? Number(kib) / 1024 : null, code: code ?? -1 });
    });
  });
}

/** Runs A and B in turn `n` times (after one warm-up each) and returns both sides. */
async function pairs(n: number, a: () => Promise<Run>, b: () => Promise<Run>): Promise<[Run[], Run[]]> {
  await a();
  await b();
  const ra: Run[] = [];
  const rb: Run[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2) {
      rb.push(await b());
      ra.push(await a());
    } else {
      ra.push(await a());
      rb.push(await b());
    }
  }
  return [ra, rb];
}

const side = (label: string, runs: Run[], key: 'ms' | 'peakMiB'): Side => {
  const values = runs.map((r) => r[key] ?? NaN);
  return { label, median: median(values), p95: p95(values), unit: key === 'ms' ? 'ms' : 'MiB' };
};

/** The start-up commands of the first goal. */
export const STARTUP_COMMANDS: { what: string; args: string[] }[] = [
  { what: 'dbtls --help', args: ['--help'] },
  { what: 'dbtls engines', args: ['engines'] },
  { what: 'dbtls engines --json', args: ['engines', '--json'] },
  { what: 'dbtls explain URL', args: ['explain', 'postgresql://app:secret@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.pem'] },
  { what: 'dbtls diagnose TEXT', args: ['diagnose', '--engine', 'postgres', 'self-signed certificate in certificate chain'] },
];

/** `dbtls --help`, `engines`, `explain`, `diagnose`: wall time and peak memory against `node -e 0`. */
export async function startupRows(n: number, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of STARTUP_COMMANDS) {
    log(`start-up: ${c.what} (${n} pairs)`);
    const [a, b] = await pairs(n, () => runProcess(process.execPath, [CLI_BIN, ...c.args]), () => runProcess(process.execPath, ['-e', '0']));
    const failed = a.find((r) => r.code !== 0);
    if (failed) {
      rows.push({ group: 'start-up', what: c.what, verdict: 'MISSED', note: `exit code ${failed.code}` });
      continue;
    }
    rows.push(ratioRow('start-up', `${c.what}: wall`, side('dbtls', a, 'ms'), side('node -e 0', b, 'ms'), 1.3));
    if (TIME) rows.push(ratioRow('start-up', `${c.what}: peak memory`, side('dbtls', a, 'peakMiB'), side('node -e 0', b, 'peakMiB'), 1.3));
    else rows.push(unavailableRow('start-up', `${c.what}: peak memory`, '/usr/bin/time (GNU time) is not installed'));
  }
  return rows;
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/** `dbtls connect` in verify-identity against a raw-driver script doing the same, and the native client beside. */
export async function cliConnectRows(servers: BenchServers, n: number, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const ca = servers.certs.caCert;
  const dbtls = (url: string) => () => runProcess(process.execPath, [CLI_BIN, 'connect', url, '--ssl-mode', 'verify-identity', '--ca', ca, '--json']);
  const cases: { engine: string; url?: string; raw?: () => Promise<Run>; native?: { name: string; run: () => Promise<Run> } | string; missing?: string }[] = [];
  const { pg, mysql, redis } = servers.raw;
  if (pg && servers.urls.pgTls) {
    const psql = which('psql');
    cases.push({
      engine: 'PostgreSQL (pg)',
      url: servers.urls.pgTls,
      raw: () => runProcess(process.execPath, [join(RAW, 'pg-connect.mjs'), pg.host, String(pg.port), pg.user, pg.password, pg.database, ca]),
      native: psql
        ? { name: 'psql sslmode=verify-full', run: () => runProcess(psql, [`host=${pg.host} port=${pg.port} user=${pg.user} dbname=${pg.database} sslmode=verify-full sslrootcert=${ca}`, '-XAtc', 'SELECT version()'], { PGPASSWORD: pg.password }) }
        : 'psql is not installed',
    });
  } else cases.push({ engine: 'PostgreSQL (pg)', missing: servers.unavailable.postgres ?? 'no server' });
  if (mysql && servers.urls.mariadbTls) {
    const client = which('mariadb') ?? which('mysql');
    cases.push({
      engine: 'MariaDB (mysql2)',
      url: servers.urls.mariadbTls,
      raw: () => runProcess(process.execPath, [join(RAW, 'mysql2-connect.mjs'), mysql.host, String(mysql.port), mysql.user, mysql.password, ca]),
      native: client
        ? { name: 'mariadb --ssl-verify-server-cert', run: () => runProcess(client, ['--no-defaults', '-h', mysql.host, '-P', String(mysql.port), '-u', mysql.user, '--ssl', '--ssl-ca', ca, '--ssl-verify-server-cert', '-e', 'SELECT 1'], { MYSQL_PWD: mysql.password }) }
        : 'the mariadb client is not installed',
    });
  } else cases.push({ engine: 'MariaDB (mysql2)', missing: servers.unavailable.mariadb ?? 'no server' });
  if (redis && servers.urls.redisTls) {
    const cli = which('redis-cli');
    cases.push({
      engine: 'Redis (ioredis)',
      url: servers.urls.redisTls,
      raw: () => runProcess(process.execPath, [join(RAW, 'ioredis-connect.mjs'), redis.host, String(redis.port), ca]),
      native: cli ? { name: 'redis-cli --tls PING', run: () => runProcess(cli, ['-h', redis.host, '-p', String(redis.port), '--tls', '--cacert', ca, 'PING']) } : 'redis-cli is not installed',
    });
  } else cases.push({ engine: 'Redis (ioredis)', missing: servers.unavailable.redis ?? 'no server' });

  for (const c of cases) {
    if (c.missing) {
      rows.push(unavailableRow('cli connect', `dbtls connect verify-identity, ${c.engine}`, c.missing));
      continue;
    }
    log(`cli connect: ${c.engine} (${n} pairs)`);
    const [a, b] = await pairs(n, dbtls(c.url!), c.raw!);
    const bad = [...a, ...b].find((r) => r.code !== 0);
    if (bad) {
      rows.push({ group: 'cli connect', what: `dbtls connect verify-identity, ${c.engine}`, verdict: 'MISSED', note: `a run exited with ${bad.code}` });
      continue;
    }
    const rawSide = side('raw driver script', b, 'ms');
    rows.push(ratioRow('cli connect', `dbtls connect verify-identity, ${c.engine}`, side('dbtls connect', a, 'ms'), rawSide, 1.15));
    if (typeof c.native === 'string') rows.push(unavailableRow('cli connect', `native client, ${c.engine}`, c.native));
    else if (c.native) {
      const native = c.native;
      const [nrun] = await pairs(n, native.run, async () => ({ ms: 0, peakMiB: null, code: 0 }));
      const bad2 = nrun.find((r) => r.code !== 0);
      if (bad2) rows.push({ group: 'cli connect', what: native.name, verdict: 'info', note: `exited with ${bad2.code}` });
      else rows.push(ratioRow('cli connect', native.name, side(native.name, nrun, 'ms'), rawSide, null, 'beside, no goal'));
    }
  }
  return rows;
}
