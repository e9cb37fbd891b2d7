/** configure() proof for MongoDB (mongodb driver) against the protocol-faithful MongoDB stub (no server can run here). */
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
import { generateCertificates } from '../harness/certs.js';
import { startMongodbStub } from '../stubs/mongodb-stub.js';
import { describe, expect, it } from 'vitest';
import { mongodbExample } from '../examples/mongodb.js';
import { describeDirectTlsProof, type ProofClient } from './direct-tls-proof.js';

const certs = generateCertificates(join(__dirname, '..', '.tmp', 'nosql-stubs', 'certs'));
const startStub = () => startMongodbStub({ transport: 'tls', certFile: certs.serverCert, keyFile: certs.serverKey });

describeDirectTlsProof({
  title: 'configure(): a MongoClient keeps the mode on every pooled connection (MongoDB stub)',
  engine: mongodbEngine,
  certs,
  skip: null,
  weakQuery: '?tls=false&tlsAllowInvalidCertificates=true&tlsAllowInvalidHostnames=true',
  async start() {
    let stub = await startStub();
    return {
      get port() {
        return stub.port;
      },
      async restart() {
        await stub.close();
        stub = await startStub();
        return stub.port;
      },
      stop: () => stub.close(),
    };
  },
  url: (port, host = 'localhost') => `mongodb://${host}:${port}/admin`,
  async client(cfg, connections): Promise<ProofClient> {
    const [url, options] = cfg.args as [string, Record<string, unknown>];
    const client = new MongoClient(url, { ...options, minPoolSize: connections, maxPoolSize: connections, heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 3000 });
    return {
      errors: [],
      op: async () => {
        const answer = await client.db('admin').command({ ping: 1 });
        if (answer.ok !== 1) throw new Error('ping failed');
      },
      close: () => client.close(),
    };
  },
});

describe('the docs example runs: MongoClient (stub)', () => {
  it('pings over verify-identity', async () => {
    const stub = await startStub();
    try {
      expect(await mongodbExample(`mongodb://localhost:${stub.port}/admin`, certs.caCert)).toBe(1);
      expect(stub.commands.some((c) => c.name === 'ping' && c.encrypted)).toBe(true);
    } finally {
      await stub.close();
    }
  });
});
