/** In-process rows: library connect() against the raw driver, Preferred's TCP connections, memory. */
import { readFileSync } from 'node:fs';
import { configure, connect, probe, type EngineDefinition, type SslMode } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { clickhouseEngine } from '@dbtls/engine-nosql/clickhouse';
import { etcdEngine } from '@dbtls/engine-nosql/etcd';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import * as engineMysql from '../../packages/engine-mysql/dist/index.js';
import { startCountingProxy } from '../harness/tcp-proxy.js';
import { interleaved, median, p95, ratioRow, timed, unavailableRow, type Row } from './bench-stats.js';
import type { BenchServers } from './bench-servers.js';
import { rawConnectors } from './raw-drivers.js';

const TLS_MODES = ['verify-identity', 'required', 'preferred'] as const;

async function dbtlsConnect(engine: EngineDefinition, url: string, mode: SslMode, caFile?: string): Promise<void> {
  const r = await connect(engine, { url, mode, ...(caFile ? { caFile } : {}) });
  if (!r.ok) throw new Error(`${engine.id} ${mode}: ${r.diagnosis.summary} (${r.diagnosis.original.message})`);
}

interface LibTarget {
  name: string;
  engine: EngineDefinition;
  url?: string;
  raw: (mode: (typeof TLS_MODES)[number]) => Promise<void>;
  missing?: string;
}

/** dbtls connect() against the raw driver with equivalent TLS options, `iterations` interleaved each, per TLS mode. */
export async function libraryRows(servers: BenchServers, iterations: number, log: (s: string) => void): Promise<Row[]> {
  const raw = await rawConnectors(servers);
  const u = servers.urls;
  const targets: LibTarget[] = [
    { name: 'pg', engine: postgresEngine, url: u.pgTls, raw: (m) => raw.pg(m), missing: servers.unavailable.postgres },
    { name: 'mysql2', engine: engineMysql.mysql, url: u.mysqlTls, raw: (m) => raw.mysql(m), missing: servers.unavailable.mariadb },
    { name: 'ioredis', engine: redisEngine, url: u.redisTls, raw: (m) => raw.redis(m), missing: servers.unavailable.redis },
    { name: 'etcd3', engine: etcdEngine, url: u.etcdTls, raw: (m) => raw.etcd(m), missing: servers.unavailable.etcd },
    { name: '@clickhouse/client', engine: clickhouseEngine, url: u.clickhouseHttps, raw: (m) => raw.clickhouse(m), missing: servers.unavailable.clickhouse },
  ];
  const rows: Row[] = [];
  for (const t of targets) {
    for (const mode of TLS_MODES) {
      const what = `connect() ${mode}, ${t.name}`;
      if (!t.url) {
        rows.push(unavailableRow('library', what, t.missing ?? 'no server'));
        continue;
      }
      log(`library: ${what} (${iterations} interleaved)`);
      const ca = mode === 'verify-identity' ? servers.certs.caCert : undefined;
      const variants = [() => timed(() => dbtlsConnect(t.engine, t.url!, mode, ca)), () => timed(() => t.raw(mode))];
      for (let i = 0; i < 5; i++) for (const v of variants) await v(); // warm-up
      const [a, b] = await interleaved(variants, iterations);
      rows.push(ratioRow('library', what, { label: 'dbtls', median: median(a!), p95: p95(a!), unit: 'ms' }, { label: `raw ${t.name}`, median: median(b!), p95: p95(b!), unit: 'ms' }, 1.05, mode === 'verify-identity' ? undefined : 'raw with rejectUnauthorized: false'));
    }
  }
  // The former `pnpm bench` (tests/bench/connect-bench.mjs): plain-text PostgreSQL, disabled and preferred with fallback.
  if (u.pgPlain) {
    log(`library: pg plain text (${iterations} interleaved)`);
    const port = Number(new URL(u.pgPlain).port);
    const variants = [() => timed(() => dbtlsConnect(postgresEngine, u.pgPlain!, 'disabled')), () => timed(() => dbtlsConnect(postgresEngine, u.pgPlain!, 'preferred')), () => timed(() => raw.pg('disabled', port))];
    for (let i = 0; i < 5; i++) for (const v of variants) await v();
    const [dis, pref, base] = await interleaved(variants, iterations);
    const anchor = { label: 'raw pg (ssl: false)', median: median(base!), p95: p95(base!), unit: 'ms' };
    rows.push(ratioRow('library', 'connect() disabled, pg, no-TLS server', { label: 'dbtls', median: median(dis!), p95: p95(dis!), unit: 'ms' }, anchor, 1.05));
    rows.push(ratioRow('library', 'connect() preferred, pg, no-TLS server (falls back)', { label: 'dbtls', median: median(pref!), p95: p95(pref!), unit: 'ms' }, anchor, null, 'an SSLRequest round trip more than the anchor, by design'));
  }
  return rows;
}

/** `preferred` against servers with and without TLS: TCP connections counted through a proxy (goal: exactly 1). */
export async function preferredRows(servers: BenchServers): Promise<Row[]> {
  const u = servers.urls;
  const cases: { what: string; engine: EngineDefinition; url?: string; missing?: string }[] = [
    { what: 'PostgreSQL, TLS server', engine: postgresEngine, url: u.pgTls, missing: servers.unavailable.postgres },
    { what: 'PostgreSQL, no-TLS server', engine: postgresEngine, url: u.pgPlain, missing: servers.unavailable.postgres },
    { what: 'MySQL, TLS server', engine: engineMysql.mysql, url: u.mysqlTls, missing: servers.unavailable.mariadb },
    { what: 'MySQL, no-TLS server', engine: engineMysql.mysql, url: u.mysqlPlain, missing: servers.unavailable.mariadb },
    { what: 'MariaDB, TLS server', engine: engineMysql.mariadb, url: u.mariadbTls, missing: servers.unavailable.mariadb },
    { what: 'MariaDB, no-TLS server', engine: engineMysql.mariadb, url: u.mariadbPlain, missing: servers.unavailable.mariadb },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const what = `preferred TCP connections, ${c.what}`;
    if (!c.url) {
      rows.push(unavailableRow('preferred', what, c.missing ?? 'no server'));
      continue;
    }
    const target = new URL(c.url);
    const proxy = await startCountingProxy(Number(target.port));
    try {
      target.port = String(proxy.port);
      const r = await connect(c.engine, { url: target.toString(), mode: 'preferred', servername: 'localhost' });
      const n = proxy.connections;
      rows.push({ group: 'preferred', what, ratio: n, goal: '= 1', verdict: r.ok && n === 1 ? 'ok' : 'MISSED', note: r.ok ? (r.encrypted ? 'TLS' : 'fell back to plain text') : `failed: ${r.diagnosis.cause}` });
    } finally {
      await proxy.close();
    }
  }
  return rows;
}

/** 500 sequential library connects per engine: heap growth after GC (goal: within 2 MB). */
export async function memoryRows(servers: BenchServers, count: number, log: (s: string) => void): Promise<Row[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const u = servers.urls;
  const cases: { name: string; engine: EngineDefinition; url?: string; missing?: string }[] = [
    { name: 'pg', engine: postgresEngine, url: u.pgTls, missing: servers.unavailable.postgres },
    { name: 'mysql2', engine: engineMysql.mysql, url: u.mysqlTls, missing: servers.unavailable.mariadb },
    { name: 'ioredis', engine: redisEngine, url: u.redisTls, missing: servers.unavailable.redis },
    { name: 'etcd3', engine: etcdEngine, url: u.etcdTls, missing: servers.unavailable.etcd },
    { name: '@clickhouse/client', engine: clickhouseEngine, url: u.clickhouseHttps, missing: servers.unavailable.clickhouse },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const what = `heap after ${count} connect() verify-identity, ${c.name}`;
    if (!gc) {
      rows.push(unavailableRow('memory', what, 'run with node --expose-gc'));
      continue;
    }
    if (!c.url) {
      rows.push(unavailableRow('memory', what, c.missing ?? 'no server'));
      continue;
    }
    log(`memory: ${what}`);
    for (let i = 0; i < 20; i++) await dbtlsConnect(c.engine, c.url, 'verify-identity', servers.certs.caCert);
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        gc();
      }
      return process.memoryUsage().heapUsed;
    };
    const before = await settle();
    for (let i = 0; i < count; i++) await dbtlsConnect(c.engine, c.url, 'verify-identity', servers.certs.caCert);
    const growth = ((await settle()) - before) / 1024 / 1024;
    rows.push({ group: 'memory', what, dbtls: { label: 'heap growth', median: growth, unit: 'MiB' }, ratio: growth, goal: '≤ 2 MB', verdict: growth <= 2 ? 'ok' : 'MISSED' });
  }
  return rows;
}

/**
 * Pooled queries through configure(): the driver's own pool built from configure()'s options against
 * the same pool built by hand with equivalent TLS options (verify-identity), 5 connections each,
 * opened before timing; each sample is 10 sequential `SELECT 1` (goal: ≤ 1.02×).
 */
export async function pooledRows(servers: BenchServers, iterations: number, log: (s: string) => void): Promise<Row[]> {
  const ca = readFileSync(servers.certs.caCert);
  const tls = (host: string) => ({ ca, servername: host, rejectUnauthorized: true });
  const rows: Row[] = [];
  const { default: pg } = await import('pg');
  const { default: mysql } = await import('mysql2');
  const cases: { name: string; missing?: string; make?: () => Promise<{ dbtls: (sql: string) => Promise<unknown>; raw: (sql: string) => Promise<unknown>; end: () => Promise<void> }> }[] = [
    {
      name: 'pg.Pool',
      ...(servers.urls.pgTls
        ? {
            make: async () => {
              const cfg = await configure(postgresEngine, { url: servers.urls.pgTls!, mode: 'verify-identity', caFile: servers.certs.caCert });
              const a = new pg.Pool({ ...(cfg.args[0] as object), max: 5 });
              const b = new pg.Pool({ ...servers.raw.pg!, ssl: tls(servers.raw.pg!.host), max: 5 });
              return { dbtls: (q) => a.query(q), raw: (q) => b.query(q), end: async () => void (await Promise.all([a.end(), b.end()])) };
            },
          }
        : { missing: servers.unavailable.postgres ?? 'no server' }),
    },
    {
      name: 'mysql2 pool',
      ...(servers.urls.mysqlTls
        ? {
            make: async () => {
              const cfg = await configure(engineMysql.mysql, { url: servers.urls.mysqlTls!, mode: 'verify-identity', caFile: servers.certs.caCert });
              const a = mysql.createPool({ ...(cfg.options as object), connectionLimit: 5 }).promise();
              const b = mysql.createPool({ ...servers.raw.mysql!, ssl: tls(servers.raw.mysql!.host) as never, connectionLimit: 5 }).promise();
              return { dbtls: (q) => a.query(q), raw: (q) => b.query(q), end: async () => void (await Promise.all([a.end(), b.end()])) };
            },
          }
        : { missing: servers.unavailable.mariadb ?? 'no server' }),
    },
  ];
  for (const c of cases) {
    const what = `pooled queries through configure() verify-identity, ${c.name}`;
    if (!c.make) {
      rows.push(unavailableRow('library', what, c.missing ?? 'no server'));
      continue;
    }
    log(`library: ${what} (${iterations} interleaved)`);
    const p = await c.make();
    try {
      const burst = (run: (sql: string) => Promise<unknown>) => async () => {
        const t = performance.now();
        for (let i = 0; i < 10; i++) await run('SELECT 1');
        return performance.now() - t;
      };
      // Open all 5 connections of each pool before timing.
      await Promise.all([...Array(5)].flatMap(() => [p.dbtls('SELECT 1'), p.raw('SELECT 1')]));
      const variants = [burst(p.dbtls), burst(p.raw)];
      for (let i = 0; i < 10; i++) for (const v of variants) await v();
      const [a, b] = await interleaved(variants, iterations);
      rows.push(ratioRow('library', what, { label: 'dbtls pool', median: median(a!), p95: p95(a!), unit: 'ms' }, { label: 'raw pool', median: median(b!), p95: p95(b!), unit: 'ms' }, 1.02, '10 queries a sample'));
    } finally {
      await p.end();
    }
  }
  return rows;
}

/**
 * `probe()` against TLS servers: its TCP connections counted through a proxy (goal: at most 2), and its
 * wall time against one verify-identity connect() to the same server, interleaved (goal: ≤ 1.2×).
 */
export async function probeRows(servers: BenchServers, iterations: number, log: (s: string) => void): Promise<Row[]> {
  const u = servers.urls;
  const ca = servers.certs.caCert;
  const cases: { name: string; engine: EngineDefinition; url?: string; missing?: string }[] = [
    { name: 'PostgreSQL', engine: postgresEngine, url: u.pgTls, missing: servers.unavailable.postgres },
    { name: 'MariaDB', engine: engineMysql.mariadb, url: u.mariadbTls, missing: servers.unavailable.mariadb },
    { name: 'Redis', engine: redisEngine, url: u.redisTls, missing: servers.unavailable.redis },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    if (!c.url) {
      rows.push(unavailableRow('probe', `probe, ${c.name}`, c.missing ?? 'no server'));
      continue;
    }
    log(`probe: ${c.name} (${iterations} interleaved)`);
    const target = new URL(c.url);
    const proxy = await startCountingProxy(Number(target.port));
    try {
      target.port = String(proxy.port);
      const r = await probe(c.engine, { url: target.toString(), caFile: ca, servername: 'localhost' });
      const n = proxy.connections;
      rows.push({ group: 'probe', what: `probe TCP connections, ${c.name}`, ratio: n, goal: '≤ 2', verdict: r.ok && n <= 2 ? 'ok' : 'MISSED', note: r.ok ? `recommends ${(r as { recommendedMode?: string }).recommendedMode}` : `failed: ${r.diagnosis.cause}` });
    } finally {
      await proxy.close();
    }
    const variants = [() => timed(async () => { const r = await probe(c.engine, { url: c.url!, caFile: ca }); if (!r.ok) throw new Error(r.diagnosis.summary); }), () => timed(() => dbtlsConnect(c.engine, c.url!, 'verify-identity', ca))];
    for (let i = 0; i < 3; i++) for (const v of variants) await v();
    const [a, b] = await interleaved(variants, iterations);
    rows.push(ratioRow('probe', `probe wall, ${c.name}`, { label: 'probe()', median: median(a!), p95: p95(a!), unit: 'ms' }, { label: 'connect() verify-identity', median: median(b!), p95: p95(b!), unit: 'ms' }, 1.2));
  }
  return rows;
}
