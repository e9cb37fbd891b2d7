/**
 * The servers `pnpm bench` measures against: the same harness the integration tests use
 * (tests/harness, tests/mysql, tests/nosql-servers), on the bench's own loopback ports
 * (PostgreSQL 55600.., MariaDB 33600.., Redis 63600.., etcd 23600.., ClickHouse 18600..),
 * so a bench never collides with a test run. Everything started here is stopped by `stop()`.
 */
import { join } from 'node:path';
import { generateCertificates, type TestCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { PG_PASSWORD, PG_USER, postgresAvailable, startPostgresCluster, type PgCluster } from '../harness/postgres-servers.js';
import { MARIADB_PASSWORD, MARIADB_USER, mariadbAvailable, startMariaDbCluster, type MariaDbCluster } from '../mysql/mariadb-servers.js';
import { clickhouseConfig, etcdArgs, findBinary, redisArgs, startProcess, stopAll, type RunningServer } from '../nosql-servers/nosql-servers.js';

export const BENCH_TMP = join(ROOT, 'tests', '.tmp', 'bench');

export const PORTS = {
  pgPlain: 55600,
  pgTls: 55601,
  mariadb: 33600, // + scenario index: no-tls 33600, tls-optional 33601, ...
  redisPlain: 63600,
  redisTls: 63601,
  etcdTls: 23600, // peer 23601
  clickhouseHttps: 18600, // tcp 18601
} as const;

export const CH_PASSWORD = 'ch-bench-pw';

/** What is running, with a URL per (engine, server); a server that could not start has a reason instead. */
export interface BenchServers {
  certs: TestCertificates;
  urls: {
    pgTls?: string;
    pgPlain?: string;
    mysqlTls?: string;
    mysqlPlain?: string;
    mariadbTls?: string;
    mariadbPlain?: string;
    redisTls?: string;
    redisPlain?: string;
    etcdTls?: string;
    clickhouseHttps?: string;
  };
  raw: { pg?: { host: string; port: number; user: string; password: string; database: string }; mysql?: { host: string; port: number; user: string; password: string }; redis?: { host: string; port: number }; etcd?: { host: string; port: number }; clickhouse?: { host: string; port: number; username: string; password: string } };
  unavailable: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts every server this machine can run; what it cannot is listed in `unavailable`. */
export async function startBenchServers(log: (line: string) => void): Promise<BenchServers> {
  const certs = generateCertificates(join(BENCH_TMP, 'certs'));
  const unavailable: Record<string, string> = {};
  const processes: RunningServer[] = [];
  let pg: PgCluster | undefined;
  let maria: MariaDbCluster | undefined;
  const urls: BenchServers['urls'] = {};
  const raw: BenchServers['raw'] = {};
  const stop = async () => {
    const steps: (() => unknown)[] = [() => pg?.stop(), () => stopAll(processes), () => maria?.stop()];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        log(`stopping a server failed: ${(error as Error).message}`);
      }
    }
  };
  try {
    const pgMissing = postgresAvailable();
    if (pgMissing) unavailable.postgres = pgMissing;
    else {
      log('starting PostgreSQL (no-tls, tls-optional)');
      pg = startPostgresCluster(certs, PORTS.pgPlain, ['no-tls', 'tls-optional']);
      urls.pgPlain = `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${PORTS.pgPlain}/${PG_USER}`;
      urls.pgTls = `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${PORTS.pgTls}/${PG_USER}`;
      raw.pg = { host: 'localhost', port: PORTS.pgTls, user: PG_USER, password: PG_PASSWORD, database: PG_USER };
    }
    const mariaMissing = mariadbAvailable();
    if (mariaMissing) unavailable.mariadb = mariaMissing;
    else {
      log('starting MariaDB (no-tls, tls-optional, ...)');
      maria = await startMariaDbCluster(certs, join(BENCH_TMP, 'mariadb'), PORTS.mariadb);
      const u = (scheme: string, port: number) => `${scheme}://${MARIADB_USER}:${encodeURIComponent(MARIADB_PASSWORD)}@localhost:${port}/`;
      const tlsPort = maria.instances['tls-optional'].port;
      const plainPort = maria.instances['no-tls'].port;
      Object.assign(urls, { mysqlTls: u('mysql', tlsPort), mysqlPlain: u('mysql', plainPort), mariadbTls: u('mariadb', tlsPort), mariadbPlain: u('mariadb', plainPort) });
      raw.mysql = { host: 'localhost', port: tlsPort, user: MARIADB_USER, password: MARIADB_PASSWORD };
    }
    const redis = findBinary('redis-server');
    if (!redis) unavailable.redis = 'redis-server is not installed';
    else {
      log('starting Redis (plain, TLS)');
      processes.push(await startProcess('bench-redis', redis, redisArgs({ port: PORTS.redisPlain, tlsPort: PORTS.redisTls, cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert }), [PORTS.redisPlain, PORTS.redisTls]));
      urls.redisTls = `redis://localhost:${PORTS.redisTls}`;
      urls.redisPlain = `redis://localhost:${PORTS.redisPlain}`;
      raw.redis = { host: 'localhost', port: PORTS.redisTls };
    }
    const etcd = findBinary('etcd');
    if (!etcd) unavailable.etcd = 'etcd is not installed';
    else {
      log('starting etcd (https)');
      processes.push(await startProcess('bench-etcd', etcd, etcdArgs('bench-etcd', { port: PORTS.etcdTls, peerPort: PORTS.etcdTls + 1, cert: certs.serverCert, key: certs.serverKey }), [PORTS.etcdTls]));
      urls.etcdTls = `etcd://localhost:${PORTS.etcdTls}`;
      raw.etcd = { host: 'localhost', port: PORTS.etcdTls };
    }
    const clickhouse = findBinary('clickhouse-server');
    if (!clickhouse) unavailable.clickhouse = 'clickhouse-server is not installed';
    else {
      log('starting ClickHouse (https)');
      const dir = clickhouseConfig('bench-clickhouse', { httpsPort: PORTS.clickhouseHttps, tcpPort: PORTS.clickhouseHttps + 1, cert: certs.serverCert, key: certs.serverKey, password: CH_PASSWORD });
      processes.push(await startProcess('bench-clickhouse', clickhouse, [`--config-file=${dir}/config.xml`], [PORTS.clickhouseHttps], { cwd: dir, readyMs: 60_000 }));
      urls.clickhouseHttps = `clickhouse://lab:${CH_PASSWORD}@localhost:${PORTS.clickhouseHttps}`;
      raw.clickhouse = { host: 'localhost', port: PORTS.clickhouseHttps, username: 'lab', password: CH_PASSWORD };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { certs, urls, raw, unavailable, stop };
}
