import { importDriver, type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import { cassandraSslOptions } from './cassandra-ssl.js';
import type { CassandraTarget } from './cassandra-url.js';

type CassandraModule = typeof import('cassandra-driver');

/**
 * The `new cassandra.Client(...)` options for a mode: contact points, login
 * and `sslOptions` with every check spelled out (cassandra-driver validates
 * nothing by itself), used by the driver for every connection of its pools.
 *
 * @example
 * ```ts
 * const cfg = await configure(cassandraEngine, { url: 'cassandra://localhost:9042/app?localDataCenter=dc1', mode: 'verify-identity', caFile: 'ca.pem' });
 * const client = new cassandra.Client(...cfg.args);
 * ```
 */
export async function configureCassandra(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as CassandraTarget;
  const sslOptions = cassandraSslOptions(ctx.tls, target.host);
  const options: Record<string, unknown> = {
    contactPoints: target.contactPoints,
    protocolOptions: { port: target.port },
    ...(target.localDataCenter ? { localDataCenter: target.localDataCenter } : {}),
    ...(sslOptions ? { sslOptions } : {}),
    ...(target.user ? { credentials: { username: target.user, password: target.password ?? '' } } : {}),
    ...(target.database ? { keyspace: target.database } : {}),
    socketOptions: { connectTimeout: ctx.timeoutMs },
  };
  return {
    driver: 'cassandra-driver',
    args: [options],
    options,
    notes: [sslOptions ? `Every connection of the driver's pools uses sslOptions, which check "${ctx.tls.mode}" explicitly (rejectUnauthorized, checkServerIdentity).` : 'Plain TCP on every connection.'],
    async open() {
      const loaded = await importDriver<CassandraModule>('cassandra-driver', 'Cassandra', () => import('cassandra-driver'));
      const cassandra = ((loaded as unknown as { default?: CassandraModule }).default ?? loaded) as CassandraModule;
      const client = new cassandra.Client({
        ...(target.localDataCenter ? {} : { policies: { loadBalancing: new cassandra.policies.loadBalancing.RoundRobinPolicy() } }),
        ...options,
      } as never);
      try {
        await client.connect();
        await client.execute("SELECT release_version FROM system.local WHERE key='local'");
        return { client, close: () => client.shutdown() };
      } catch (error) {
        await client.shutdown().catch(() => undefined);
        throw error;
      }
    },
  };
}
