/** configure() proof for etcd (etcd3, gRPC over TLS) against a real etcd. */
import { Etcd3 } from 'etcd3';
import { etcdEngine } from '@dbtls/engine-nosql/etcd';
import { generateCertificates } from '../harness/certs.js';
import { etcdArgs, findBinary, startProcess, stopAll, TMP, type RunningServer } from '../nosql-servers/nosql-servers.js';
import { describeDirectTlsProof, type ProofClient } from './direct-tls-proof.js';

const ETCD = findBinary('etcd');
const PORT = 23760;
const certs = generateCertificates(`${TMP}/certs`);

describeDirectTlsProof({
  title: 'configure(): etcd3 clients keep the mode on every connection (real etcd)',
  engine: etcdEngine,
  certs,
  skip: ETCD ? null : 'etcd is not installed (apt-get install -y etcd-server)',
  weakQuery: '?tls=false',
  async start() {
    const launch = () => startProcess('etcd-configure', ETCD!, etcdArgs('etcd-configure', { port: PORT, peerPort: PORT + 1, cert: certs.serverCert, key: certs.serverKey }), [PORT]);
    let server: RunningServer = await launch();
    return {
      port: PORT,
      async restart() {
        await stopAll([server]);
        server = await launch();
        return PORT;
      },
      stop: () => stopAll([server]),
    };
  },
  url: (port, host = 'localhost') => `etcds://${host}:${port}`,
  async client(cfg, connections): Promise<ProofClient> {
    // grpc-js shares one connection between channels to the same target unless told otherwise.
    const clients = Array.from({ length: connections }, () => new Etcd3({ ...cfg.options, grpcOptions: { ...cfg.options.grpcOptions, 'grpc.use_local_subchannel_pool': 1 } }));
    return {
      errors: [],
      op: async (i) => {
        const c = clients[i % clients.length]!;
        await c.put(`k${i}`).value(String(i));
        if ((await c.get(`k${i}`).string()) !== String(i)) throw new Error('wrong value');
      },
      close: async () => clients.forEach((c) => c.close()),
    };
  },
});
