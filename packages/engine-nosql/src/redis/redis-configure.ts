import * as tls from 'node:tls';
import { clientTlsOptions, importDriver, type EngineClientConfig, type EngineConfigureContext, type TlsMaterial } from '@dbtls/core';
import type { RedisTarget } from './redis-url.js';

/** The error of one TLS handshake to `node` with `options`, or undefined when it succeeds. */
function handshakeError(node: { host: string; port: number }, options: tls.ConnectionOptions, signal: AbortSignal): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const socket = tls.connect({ ...options, host: node.host, port: node.port });
    const done = (error?: Error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(error);
    };
    const onAbort = () => done();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done());
    socket.once('error', (error) => done(error));
  });
}

/**
 * The TLS options every node connection of a Redis Cluster uses. In
 * verify-identity a node the URL names is checked against its own name; a node
 * the cluster announced (usually by IP address) is checked against the first
 * URL node, whose name a managed cluster's certificate carries.
 */
function clusterTlsOptions(material: TlsMaterial, nodes: { host: string }[]): tls.ConnectionOptions {
  const options = clientTlsOptions(material);
  if (material.mode === 'verify-identity') {
    const named = new Set(nodes.map((n) => n.host.toLowerCase()));
    const seed = material.servername ?? nodes[0]!.host;
    options.checkServerIdentity = (hostname, cert) => tls.checkServerIdentity(material.servername ?? (named.has(hostname.toLowerCase()) ? hostname : seed), cert);
  }
  return options;
}

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
  // Redis Cluster: the URL's nodes are the seeds; every node connection (discovered ones included)
  // uses the same TLS options (see clusterTlsOptions for the name each is checked against).
  const nodes = target.nodes ?? [{ host, port }];
  const cluster = {
    nodes,
    options: {
      redisOptions: { ...login, ...(mode === 'disabled' ? {} : { tls: target.nodes ? clusterTlsOptions(ctx.tls, nodes) : options.tls }), connectTimeout: ctx.timeoutMs },
      ...(target.nodes ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
    },
  };
  const isCluster = target.nodes !== undefined;
  return {
    driver: 'ioredis',
    args: isCluster ? [cluster.nodes, cluster.options] : [options],
    options: isCluster ? cluster.options : options,
    forms: { cluster },
    notes: [
      mode === 'disabled'
        ? 'Plain TCP on every connection.'
        : `ioredis passes the tls object to tls.connect on every connect and reconnect; "${mode}" is spelled out (rejectUnauthorized ${mode === 'verify-ca' || mode === 'verify-identity'}), so NODE_TLS_REJECT_UNAUTHORIZED cannot change it.`,
      isCluster
        ? `The URL lists ${nodes.length} nodes: cfg.args are for new Redis.Cluster(...cfg.args); every node connection uses the same TLS options, a node the URL names is checked against its own name, a node the cluster announces against ${nodes[0]!.host}.`
        : 'Redis Cluster: new Redis.Cluster(cfg.forms.cluster.nodes, cfg.forms.cluster.options) uses the same TLS options for every node.',
    ],
    async open(signal) {
      const ioredis = await importDriver('ioredis', 'Redis', () => import('ioredis'));
      const Redis = ioredis.Redis ?? ioredis.default;
      const client = isCluster
        ? new Redis.Cluster(cluster.nodes, { ...cluster.options, lazyConnect: true, redisOptions: { ...cluster.options.redisOptions, maxRetriesPerRequest: 1 } } as never)
        : new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 1 } as never);
      const errors: Error[] = [];
      client.on('error', (e: Error & { lastNodeError?: Error }) => errors.push(...(e.lastNodeError ? [e.lastNodeError] : []), e));
      // A cluster reports each node's failure (the TLS error among them) as "node error".
      if (isCluster) client.on('node error', (e: Error) => errors.push(e));
      const onAbort = () => client.disconnect();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await client.connect();
        await client.ping();
        client.removeAllListeners('error');
        client.removeAllListeners('node error');
        return { client, close: async () => void (await client.quit().catch(() => client.disconnect())) };
      } catch (error) {
        client.disconnect();
        const tlsError = errors.find((e) => e !== error && /certificate|self.signed|altname|SSL|TLS/i.test(e.message));
        // ioredis's Cluster reports a node's TLS failure only as "Connection is closed": one TLS
        // handshake with the same options to the first node recovers the real reason.
        if (!tlsError && isCluster && mode !== 'disabled') throw (await handshakeError(nodes[0]!, cluster.options.redisOptions.tls as tls.ConnectionOptions, signal)) ?? error;
        throw tlsError ?? error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
