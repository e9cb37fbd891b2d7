/** configure() proof for ClickHouse (@clickhouse/client over HTTPS) against a real clickhouse-server. */
import { createClient } from '@clickhouse/client';
import { clickhouseEngine } from '@dbtls/engine-nosql/clickhouse';
import { generateCertificates } from '../harness/certs.js';
import { clickhouseConfig, findBinary, startProcess, stopAll, TMP, type RunningServer } from '../nosql-servers/nosql-servers.js';
import { describeDirectTlsProof, type ProofClient } from './direct-tls-proof.js';

const CLICKHOUSE = findBinary('clickhouse-server');
const PORT = 18760;
const PASSWORD = 'ch-configure-s3cret';
const certs = generateCertificates(`${TMP}/certs`);

describeDirectTlsProof({
  title: 'configure(): a ClickHouse client keeps the mode on every connection (real clickhouse-server)',
  engine: clickhouseEngine,
  certs,
  skip: CLICKHOUSE ? null : 'clickhouse-server is not installed (apt-get install -y clickhouse-server)',
  password: PASSWORD,
  weakQuery: '?ssl-mode=disabled',
  opTimeoutMs: 8000,
  async start() {
    const dir = clickhouseConfig('ch-configure', { httpsPort: PORT, tcpPort: PORT + 1, cert: certs.serverCert, key: certs.serverKey, password: PASSWORD });
    const launch = () => startProcess('ch-configure', CLICKHOUSE!, [`--config-file=${dir}/config.xml`], [PORT], { cwd: dir, readyMs: 60_000 });
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
  url: (port, host = 'localhost') => `https://lab:${PASSWORD}@${host}:${port}`,
  async client(cfg): Promise<ProofClient> {
    const client = createClient({ ...cfg.options, max_open_connections: 5 });
    return {
      errors: [],
      op: async (i) => {
        const rows = (await (await client.query({ query: `SELECT ${i} AS n`, format: 'JSONEachRow' })).json()) as { n: number | string }[];
        if (Number(rows[0]?.n) !== i) throw new Error('wrong value');
      },
      close: () => client.close(),
    };
  },
});
