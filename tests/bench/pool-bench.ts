/**
 * `pnpm bench:pool`: a driver's pool of 5 connections configured by dbtls
 * (configure(), verify-identity) against the same pool configured by hand
 * with equivalent TLS options (CA, servername, rejectUnauthorized, name
 * check), for pg, mysql2 and ioredis, measured in one run, interleaved:
 * - opening the pool's 5 connections, both sides configured beforehand (goal ≤ 1.10×);
 * - 1,000 queries over the open pool, 5 at a time (goal ≤ 1.02×).
 * Prints one table; exits 1 when a goal is missed. `--iterations N` (default 15).
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { configure } from '@dbtls/core';
import { mariadb } from '@dbtls/engine-mysql';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { postgresEngine } from '@dbtls/engine-postgres';
import { startBenchServers, type BenchServers } from './bench-servers.js';
import { interleaved, median, p95, ratioRow, renderTable, unavailableRow, type Row } from './bench-stats.js';

interface Pool {
  query(): Promise<unknown>;
  end(): Promise<void>;
}
interface Case {
  name: string;
  missing?: string;
  /** Configures both sides once (outside the timing): then `make` builds a fresh pool synchronously. */
  prepare?: () => Promise<(by: 'dbtls' | 'hand') => Promise<Pool>>;
}

const QUERIES = 1000;
const SIZE = 5;

function cases(servers: BenchServers): Case[] {
  const ca = readFileSync(servers.certs.caCert, 'utf8');
  const caFile = servers.certs.caCert;
  return [
    {
      name: 'pg.Pool',
      ...(servers.urls.pgTls
        ? {
            prepare: async () => {
              const configs = { dbtls: (await configure<[pg.PoolConfig]>(postgresEngine, { url: servers.urls.pgTls!, mode: 'verify-identity', caFile })).options, hand: { ...servers.raw.pg!, ssl: { ca, servername: 'localhost', rejectUnauthorized: true } } };
              return async (by) => {
                const pool = new pg.Pool({ ...configs[by], max: SIZE });
                return { query: () => pool.query('SELECT 1'), end: () => pool.end() };
              };
            },
          }
        : { missing: servers.unavailable.postgres ?? 'no server' }),
    },
    {
      name: 'mysql2 pool',
      ...(servers.urls.mariadbTls
        ? {
            prepare: async () => {
              const configs = { dbtls: (await configure(mariadb, { url: servers.urls.mariadbTls!, mode: 'verify-identity', caFile })).options, hand: { ...servers.raw.mysql!, ssl: { ca, rejectUnauthorized: true, verifyIdentity: true } } };
              return async (by) => {
                const pool = mysql.createPool({ ...configs[by], connectionLimit: SIZE });
                return { query: () => pool.query('SELECT 1'), end: () => pool.end() };
              };
            },
          }
        : { missing: servers.unavailable.mariadb ?? 'no server' }),
    },
    {
      name: 'ioredis ×5',
      ...(servers.urls.redisTls
        ? {
            prepare: async () => {
              const configs = { dbtls: (await configure(redisEngine, { url: servers.urls.redisTls!, mode: 'verify-identity', caFile })).options, hand: { ...servers.raw.redis!, tls: { ca, servername: 'localhost', rejectUnauthorized: true } } };
              return async (by) => {
                const clients = Array.from({ length: SIZE }, () => new Redis({ ...configs[by], lazyConnect: true }));
                await Promise.all(clients.map((c) => c.connect()));
                let next = 0;
                return { query: () => clients[next++ % SIZE]!.ping(), end: async () => void (await Promise.all(clients.map((c) => c.quit()))) };
              };
            },
          }
        : { missing: servers.unavailable.redis ?? 'no server' }),
    },
  ];
}

/** Opens the pool's connections: 5 operations at once on a fresh pool (ioredis: 5 clients connect). */
async function openSample(make: (by: 'dbtls' | 'hand') => Promise<Pool>, by: 'dbtls' | 'hand'): Promise<number> {
  const t = performance.now();
  const pool = await make(by);
  await Promise.all(Array.from({ length: SIZE }, () => pool.query()));
  const elapsed = performance.now() - t;
  await pool.end();
  // Let the server finish the closed sessions before the next sample opens new ones.
  await new Promise((r) => setTimeout(r, 50));
  return elapsed;
}

async function queriesSample(pool: Pool): Promise<number> {
  const t = performance.now();
  let left = QUERIES;
  await Promise.all(Array.from({ length: SIZE }, async () => {
    while (left-- > 0) await pool.query();
  }));
  return performance.now() - t;
}

const argIterations = process.argv.indexOf('--iterations');
const iterations = argIterations > 0 ? Number(process.argv[argIterations + 1]) : 15;
const log = (line: string) => process.stderr.write(`${line}\n`);
const servers = await startBenchServers(log);
const rows: Row[] = [];
try {
  for (const c of cases(servers)) {
    if (!c.prepare) {
      rows.push(unavailableRow('pool', `${c.name}: open 5 connections`, c.missing ?? 'no server'), unavailableRow('pool', `${c.name}: ${QUERIES} queries`, c.missing ?? 'no server'));
      continue;
    }
    log(`pool: ${c.name} (${iterations} interleaved samples)`);
    const make = await c.prepare();
    for (let i = 0; i < 3; i++) for (const by of ['dbtls', 'hand'] as const) await openSample(make, by); // warm-up
    const [openA, openB] = await interleaved([() => openSample(make, 'dbtls'), () => openSample(make, 'hand')], iterations);
    rows.push(ratioRow('pool', `${c.name}: open ${SIZE} connections (verify-identity)`, { label: 'dbtls configure()', median: median(openA!), p95: p95(openA!), unit: 'ms' }, { label: 'by hand', median: median(openB!), p95: p95(openB!), unit: 'ms' }, 1.1));
    const a = await make('dbtls');
    const b = await make('hand');
    try {
      for (let i = 0; i < 2; i++) await Promise.all([queriesSample(a), queriesSample(b)]); // opens all connections, warms up
      const [qa, qb] = await interleaved([() => queriesSample(a), () => queriesSample(b)], iterations);
      rows.push(ratioRow('pool', `${c.name}: ${QUERIES} queries, ${SIZE} connections`, { label: 'dbtls configure()', median: median(qa!), p95: p95(qa!), unit: 'ms' }, { label: 'by hand', median: median(qb!), p95: p95(qb!), unit: 'ms' }, 1.02));
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  }
} finally {
  await servers.stop();
}
console.log(renderTable(rows, process.argv.includes('--markdown')));
if (rows.some((r) => r.verdict === 'MISSED')) process.exitCode = 1;
