// The raw-driver anchor for `dbtls connect` to Redis: ioredis with verify-identity TLS options,
// one connect, PING and INFO server (what dbtls asks), QUIT. Usage: node ioredis-connect.mjs <host> <port> <ca.pem>
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';

const [host, port, ca] = process.argv.slice(2);
const client = new Redis({ host, port: Number(port), tls: { ca: readFileSync(ca), servername: host, rejectUnauthorized: true }, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null, maxRetriesPerRequest: 0 });
await client.connect();
await client.ping();
await client.info('server');
await client.quit();
process.stdout.write('ok\n');
