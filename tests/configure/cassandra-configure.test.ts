/** configure() proof for Cassandra (cassandra-driver) against the protocol-faithful Cassandra stub (no server can run here). */
import { join } from 'node:path';
import cassandra from 'cassandra-driver';
import { cassandraEngine } from '@dbtls/engine-nosql/cassandra';
import { generateCertificates } from '../harness/certs.js';
import { startCassandraStub } from '../stubs/cassandra-stub.js';
import { describeDirectTlsProof, type ProofClient } from './direct-tls-proof.js';

const certs = generateCertificates(join(__dirname, '..', '.tmp', 'nosql-stubs', 'certs'));
const startStub = () => startCassandraStub({ transport: 'tls', certFile: certs.serverCert, keyFile: certs.serverKey });

describeDirectTlsProof({
  title: 'configure(): a cassandra.Client keeps the mode on every pooled connection (Cassandra stub)',
  engine: cassandraEngine,
  certs,
  skip: null,
  weakQuery: '?sslmode=disable',
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
  url: (port, host = 'localhost') => `cassandra://${host}:${port}/`,
  async client(cfg, connections): Promise<ProofClient> {
    const errors: unknown[] = [];
    const client = new cassandra.Client({
      ...cfg.options,
      isMetadataSyncEnabled: false,
      pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: connections }, warmup: true },
      policies: { loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy(), reconnection: new cassandra.policies.reconnection.ConstantReconnectionPolicy(200) },
    } as cassandra.ClientOptions);
    // A query on a host the driver marked down says only "Host considered as DOWN"; why its
    // reconnections fail (the certificate) is in the driver's log events, where a tool finds it too.
    client.on('log', (level: string, _className: string, message: string, info: unknown) => {
      if (level === 'warning' || level === 'error') errors.push(info instanceof Error ? info : message);
    });
    return {
      errors,
      op: async () => {
        const rs = await client.execute("SELECT release_version FROM system.local WHERE key='local'");
        if (!rs.first()) throw new Error('no row');
      },
      close: () => client.shutdown(),
    };
  },
});
