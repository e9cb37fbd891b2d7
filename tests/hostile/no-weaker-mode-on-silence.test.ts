/**
 * Defect 6 of issue 8: a port that accepts TCP and then says nothing (black
 * hole), or cuts the connection (reset on the first byte, close on the first
 * byte), is no evidence that the server lacks TLS. For every network engine,
 * in `required` and `verify-identity`, such a port ends in a named cause
 * (timeout or network error) whose advice never names a weaker mode.
 * Loopback stubs only (no protocol is spoken at all).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EngineDefinition } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { mssqlEngine } from '@dbtls/engine-mssql';
import { cassandraEngine, clickhouseEngine, etcdEngine, mongodbEngine, oracleEngine, redisEngine } from '@dbtls/engine-nosql';
import * as engineMysql from '../../packages/engine-mysql/dist/index.js';
import { certs } from '../postgres/postgres-env.js';

type Behaviour = 'black-hole' | 'reset' | 'close';
const TIMEOUT = 1500;
const servers = new Map<Behaviour, { server: net.Server; port: number; sockets: Set<net.Socket> }>();

beforeAll(async () => {
  for (const behaviour of ['black-hole', 'reset', 'close'] as const) {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      if (behaviour === 'black-hole') return;
      s.once('data', () => (behaviour === 'reset' ? s.resetAndDestroy() : s.end()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.set(behaviour, { server, port: (server.address() as net.AddressInfo).port, sockets });
  }
});

afterAll(async () => {
  for (const { server, sockets } of servers.values()) {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const ENGINES: [EngineDefinition, (port: number) => string][] = [
  [postgresEngine, (p) => `postgres://u:pw-x1@localhost:${p}/db`],
  [engineMysql.mysql, (p) => `mysql://u:pw-x1@localhost:${p}/db`],
  [engineMysql.mariadb, (p) => `mariadb://u:pw-x1@localhost:${p}/db`],
  [mssqlEngine, (p) => `sqlserver://u:pw-x1@localhost:${p}/db`],
  [redisEngine, (p) => `redis://:pw-x1@localhost:${p}`],
  [mongodbEngine, (p) => `mongodb://u:pw-x1@localhost:${p}/db`],
  [clickhouseEngine, (p) => `clickhouse://u:pw-x1@localhost:${p}/db`],
  [etcdEngine, (p) => `etcd://localhost:${p}`],
  [cassandraEngine, (p) => `cassandra://localhost:${p}/`],
  [oracleEngine, (p) => `oracle://u:pw-x1@localhost:${p}/svc`],
];

const WEAKER = new Set(['disabled', 'preferred']);

describe('a silent or resetting port is never "server lacks TLS, try disabled" (loopback stubs)', () => {
  for (const [engine, url] of ENGINES) {
    for (const behaviour of ['black-hole', 'reset', 'close'] as const) {
      // Oracle's driver cannot express "required" (refused as bad input): verify-ca stands in for it.
      for (const mode of engine.unsupportedModes?.required ? (['verify-ca', 'verify-identity'] as const) : (['required', 'verify-identity'] as const)) {
        it(`${engine.id} ${mode} against a ${behaviour} port`, async () => {
          const { port } = servers.get(behaviour)!;
          const started = Date.now();
          const result = await connect(engine, { url: url(port), mode, timeoutMs: TIMEOUT, caFile: certs.caCert });
          const elapsed = Date.now() - started;
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(elapsed).toBeLessThan(TIMEOUT + 1000);
          const { cause, recommendedMode, summary, detail } = result.diagnosis;
          expect(cause, `${summary} ${detail}`).not.toBe('server-lacks-tls');
          expect(cause).not.toBe('unknown');
          if (behaviour === 'black-hole') expect(cause).toBe('timeout');
          expect(WEAKER.has(recommendedMode ?? '')).toBe(false);
          expect(`${summary} ${detail}`).not.toMatch(/"disabled"|"preferred"|--ssl-mode (disabled|preferred)/);
          expect(result.fellBack).toBe(false);
        });
      }
    }
  }
});
