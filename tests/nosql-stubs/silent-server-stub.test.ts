/**
 * A silent STUB (accepts TCP, never answers): every engine's failure is
 * bounded by the timeout given, not by the driver's own (mongodb 30 s server
 * selection, cassandra-driver 12 s read timeout, oracledb 20 s transport timeout).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EngineDefinition } from '@dbtls/core';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
import { cassandraEngine } from '@dbtls/engine-nosql/cassandra';
import { oracleEngine } from '@dbtls/engine-nosql/oracle';

let server: net.Server;
let port = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const cases: [EngineDefinition, (p: number) => string, string][] = [
  [mongodbEngine, (p) => `mongodb://localhost:${p}/`, 'verify-ca'],
  [mongodbEngine, (p) => `mongodb://localhost:${p}/`, 'disabled'],
  [cassandraEngine, (p) => `cassandra://localhost:${p}/`, 'verify-ca'],
  [cassandraEngine, (p) => `cassandra://localhost:${p}/`, 'disabled'],
  [oracleEngine, (p) => `oracle://u:p@localhost:${p}/svc`, 'verify-ca'],
  [oracleEngine, (p) => `oracle://u:p@localhost:${p}/svc`, 'disabled'],
];

describe('silent server: failures bounded by --timeout (stub)', () => {
  for (const [engine, url, mode] of cases) {
    it(`${engine.id} ${mode}: timeout after about 1500 ms (stub)`, async () => {
      const result = await connect(engine, { url: url(port), mode, timeoutMs: 1500 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.diagnosis.cause).toBe('timeout');
      expect(result.elapsedMs).toBeLessThan(1500 + 1000);
    });
  }
});
