/** configure() proof for Redis (ioredis) against a real redis-server TLS port. */
import { Redis } from 'ioredis';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { generateCertificates } from '../harness/certs.js';
import { findBinary, redisArgs, startProcess, stopAll, TMP, type RunningServer } from '../nosql-servers/nosql-servers.js';
import { describe, expect, it } from 'vitest';
import { ioredisExample } from '../examples/ioredis.js';
import { describeDirectTlsProof, type ProofClient } from './direct-tls-proof.js';

const REDIS = findBinary('redis-server');
const PORT = 63760;
const PASSWORD = 'redis-configure-s3cret';
const certs = generateCertificates(`${TMP}/certs`);

describeDirectTlsProof({
  title: 'configure(): ioredis clients keep the mode on every connection (real redis-server)',
  engine: redisEngine,
  certs,
  skip: REDIS ? null : 'redis-server is not installed (apt-get install -y redis-server)',
  password: PASSWORD,
  weakQuery: '?tls=false&ssl-mode=disabled',
  async start() {
    const args = redisArgs({ tlsPort: PORT, cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, password: PASSWORD });
    let server: RunningServer = await startProcess('redis-configure', REDIS!, args, [PORT]);
    return {
      port: PORT,
      async restart() {
        await stopAll([server]);
        server = await startProcess('redis-configure', REDIS!, args, [PORT]);
        return PORT;
      },
      stop: () => stopAll([server]),
    };
  },
  url: (port, host = 'localhost') => `redis://:${PASSWORD}@${host}:${port}`,
  async client(cfg, connections): Promise<ProofClient> {
    const errors: unknown[] = [];
    const clients = Array.from({ length: connections }, () => {
      const c = new Redis({ ...cfg.options, maxRetriesPerRequest: 1, retryStrategy: (n: number) => (n > 50 ? null : 100) });
      c.on('error', (e) => errors.push(e));
      return c;
    });
    return {
      errors,
      op: async (i) => {
        const c = clients[i % clients.length]!;
        await c.set(`k${i}`, String(i));
        if ((await c.get(`k${i}`)) !== String(i)) throw new Error('wrong value');
      },
      close: async () => void (await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())))),
    };
  },
});

describe.skipIf(!REDIS)('the docs example runs: ioredis', () => {
  it('pings over verify-identity', async () => {
    const port = PORT + 1;
    const server = await startProcess('redis-configure-example', REDIS!, redisArgs({ tlsPort: port, cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, password: PASSWORD }), [port]);
    try {
      expect(await ioredisExample(`rediss://:${PASSWORD}@localhost:${port}`, certs.caCert)).toBe('PONG');
    } finally {
      await stopAll([server]);
    }
  });
});
