import { type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import { etcdChannelCredentials, loadEtcdModules } from './etcd-grpc.js';
import type { EtcdTarget } from './etcd-url.js';

/**
 * The etcd3 `new Etcd3(...)` options for a mode: grpc-js channel credentials
 * that spell the mode out (`rejectUnauthorized`, `checkServerIdentity`, CA,
 * client certificate), handed to etcd3 through `grpcOptions.channelFactoryOverride`
 * so every channel (and its reconnects) uses them. Loads etcd3 (and its
 * grpc-js) when called.
 *
 * @example
 * ```ts
 * const cfg = await configure(etcdEngine, { url: 'etcds://localhost:2379', mode: 'verify-identity', caFile: 'ca.pem' });
 * const client = new Etcd3(...cfg.args);
 * ```
 */
export async function configureEtcd(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as EtcdTarget;
  const { etcd3, grpc } = await loadEtcdModules();
  const credentials = etcdChannelCredentials(grpc, ctx.tls, target.host, {});
  const options: Record<string, unknown> = {
    hosts: `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`,
    ...(target.auth ? { auth: { username: target.auth.username, password: target.auth.password } } : {}),
    grpcOptions: {
      ...(ctx.tls.servername ? { 'grpc.ssl_target_name_override': ctx.tls.servername } : {}),
      channelFactoryOverride: (address: string, _etcd3Credentials: unknown, channelOptions: Record<string, unknown>) => new grpc.Channel(address, credentials, channelOptions),
    },
    dialTimeout: ctx.timeoutMs,
  };
  return {
    driver: 'etcd3',
    args: [options],
    options,
    notes: [
      ctx.tls.mode === 'disabled'
        ? 'Plain gRPC (h2c) on every channel.'
        : `Every gRPC channel etcd3 opens is made by grpcOptions.channelFactoryOverride with credentials that check "${ctx.tls.mode}" (grpc-js verifyOptions); etcd3's own credentials are not used.`,
    ],
    async open() {
      const client = new etcd3.Etcd3(options as never);
      try {
        await client.maintenance.status();
        return { client, close: async () => client.close() };
      } catch (error) {
        client.close();
        throw error;
      }
    },
  };
}
