import { clientTlsOptions, importDriver, type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import type { RedisTarget } from './redis-url.js';

/**
 * The ioredis `new Redis(...)` options for a mode: the login from the URL and,
 * in every mode but `disabled`, an explicit `tls` object (`rejectUnauthorized`,
 * `ca`, `servername`, `checkServerIdentity`) that ioredis hands to
 * `tls.connect` on every connect and reconnect.
 *
 * @example
 * ```ts
 * const cfg = await configure(redisEngine, { url: 'rediss://localhost:6380', mode: 'verify-identity', caFile: 'ca.pem' });
 * const redis = new Redis(...cfg.args);
 * ```
 */
export async function configureRedis(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as RedisTarget;
  const mode = ctx.tls.mode;
  const options: Record<string, unknown> = {
    ...target.config,
    ...(mode === 'disabled' ? {} : { tls: clientTlsOptions(ctx.tls, target.host) }),
    connectTimeout: ctx.timeoutMs,
  };
  const { host, port, db: _db, ...login } = target.config;
  // Redis Cluster: the URL's node is the seed; every node connection (discovered ones included) uses
  // the same TLS options, so the certificate must name the seed host (as managed clusters' do).
  const cluster = {
    nodes: [{ host, port }],
    options: { redisOptions: { ...login, ...(mode === 'disabled' ? {} : { tls: options.tls }), connectTimeout: ctx.timeoutMs } },
  };
  return {
    driver: 'ioredis',
    args: [options],
    options,
    forms: { cluster },
    notes: [
      mode === 'disabled'
        ? 'Plain TCP on every connection.'
        : `ioredis passes the tls object to tls.connect on every connect and reconnect; "${mode}" is spelled out (rejectUnauthorized ${mode === 'verify-ca' || mode === 'verify-identity'}), so NODE_TLS_REJECT_UNAUTHORIZED cannot change it.`,
      'Redis Cluster: new Redis.Cluster(cfg.forms.cluster.nodes, cfg.forms.cluster.options) uses the same TLS options for every node.',
    ],
    async open(signal) {
      const ioredis = await importDriver('ioredis', 'Redis', () => import('ioredis'));
      const Redis = ioredis.Redis ?? ioredis.default;
      const client = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 } as never);
      const errors: Error[] = [];
      client.on('error', (e: Error) => errors.push(e));
      const onAbort = () => client.disconnect();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await client.connect();
        await client.ping();
        client.removeAllListeners('error');
        return { client, close: async () => void (await client.quit().catch(() => client.disconnect())) };
      } catch (error) {
        client.disconnect();
        throw errors.find((e) => e !== error && /certificate|self.signed|altname|SSL|TLS/i.test(e.message)) ?? error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
