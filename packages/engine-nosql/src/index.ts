// Every engine of this package. Importing this module loads no driver.
import { redisEngine } from './redis.js';
import { etcdEngine } from './etcd.js';
import { clickhouseEngine } from './clickhouse.js';
import { mongodbEngine } from './mongodb.js';
import { cassandraEngine } from './cassandra.js';
import { oracleEngine } from './oracle.js';

export { redisEngine } from './redis.js';
export { etcdEngine } from './etcd.js';
export { clickhouseEngine } from './clickhouse.js';
export { mongodbEngine } from './mongodb.js';
export { cassandraEngine } from './cassandra.js';
export { oracleEngine } from './oracle.js';

/**
 * Every engine of this package, for `createRegistry`. Importing it loads no
 * driver: each engine imports its driver on first use.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@dbtls/core';
 * import { engines } from '@dbtls/engine-nosql';
 * const registry = createRegistry([engines]);
 * ```
 */
export const engines = [
  redisEngine,
  etcdEngine,
  clickhouseEngine,
  mongodbEngine,
  cassandraEngine,
  oracleEngine,
] as const;
export { directTlsProbe, srvTarget, type DirectTlsProbeOptions } from './tls-probe/direct-tls-probe.js';
