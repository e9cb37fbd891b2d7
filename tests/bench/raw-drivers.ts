/**
 * The raw-driver anchors of the library rows: each driver with the TLS options that mean the same
 * as the dbtls mode, doing the same connect and round trip as the dbtls engine does.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { SslMode } from '@dbtls/core';
import type { BenchServers } from './bench-servers.js';

type TlsMode = Exclude<SslMode, 'disabled'>;

/** Node TLS options for a mode, as a user of the raw driver would write them. */
function nodeTls(mode: TlsMode | 'disabled', ca: Buffer, host: string) {
  if (mode === 'disabled') return undefined;
  if (mode === 'verify-identity') return { ca, servername: host, rejectUnauthorized: true };
  if (mode === 'verify-ca') return { ca, servername: host, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { servername: host, rejectUnauthorized: false };
}

/** One connect + round trip with the raw driver, for each engine the library rows cover. */
export async function rawConnectors(servers: BenchServers) {
  const ca = readFileSync(servers.certs.caCert);
  const { default: pg } = await import('pg');
  const { default: mysql } = await import('mysql2');
  const { default: Redis } = await import('ioredis');
  const { Etcd3 } = await import('etcd3');
  const { createClient } = await import('@clickhouse/client');
  const r = servers.raw;
  return {
    /** pg: connect, SELECT version(), end. */
    pg: async (mode: TlsMode | 'disabled', port = r.pg!.port) => {
      const client = new pg.Client({ ...r.pg!, port, ssl: nodeTls(mode, ca, r.pg!.host) ?? false });
      await client.connect();
      await client.query('SELECT version() AS version');
      await client.end();
    },
    /** mysql2: connect, SELECT 1, end. */
    mysql: async (mode: TlsMode | 'disabled', port = r.mysql!.port) => {
      const conn = mysql.createConnection({ ...r.mysql!, port, ...(mode === 'disabled' ? {} : { ssl: nodeTls(mode, ca, r.mysql!.host) as never }) });
      conn.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => conn.query('SELECT 1', (err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve) => conn.end(() => resolve()));
    },
    /** ioredis: connect, PING, INFO server, QUIT. */
    redis: async (mode: TlsMode | 'disabled') => {
      const tls = nodeTls(mode, ca, r.redis!.host);
      const client = new Redis({ ...r.redis!, ...(tls ? { tls } : {}), lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      client.on('error', () => undefined);
      await client.connect();
      await client.ping();
      await client.info('server');
      await client.quit();
    },
    /**
     * etcd3: connect, maintenance status, close. etcd3 takes only a root certificate (grpc-js then
     * validates chain and name), so every mode's anchor is that verify-identity connection.
     */
    etcd: async (_mode: TlsMode) => {
      const client = new Etcd3({ hosts: `https://${r.etcd!.host}:${r.etcd!.port}`, credentials: { rootCertificate: ca } });
      try {
        await client.maintenance.status();
      } finally {
        client.close();
      }
    },
    /** @clickhouse/client over HTTPS: SELECT version() as JSONEachRow, close. */
    clickhouse: async (mode: TlsMode) => {
      const agent = new https.Agent({ ...nodeTls(mode, ca, r.clickhouse!.host)!, keepAlive: false, maxSockets: 1 });
      const client = createClient({ url: `https://${r.clickhouse!.host}:${r.clickhouse!.port}`, username: r.clickhouse!.username, password: r.clickhouse!.password, keep_alive: { enabled: false }, max_open_connections: 1, http_agent: agent, set_basic_auth_header: true });
      try {
        const result = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' });
        await result.json();
      } finally {
        await client.close();
        agent.destroy();
      }
    },
  };
}
