import https from 'node:https';
import { clientTlsOptions, importDriver, type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import type { ClickHouseTarget } from './clickhouse-url.js';

/**
 * The `createClient(...)` options of @clickhouse/client for a mode: the HTTP(S)
 * URL, the login, and in the TLS modes an `https.Agent` whose options spell
 * the mode out (`rejectUnauthorized`, `ca`, `servername`,
 * `checkServerIdentity`); every socket of the client's keep-alive pool comes
 * from that agent.
 *
 * @example
 * ```ts
 * const cfg = await configure(clickhouseEngine, { url: 'https://localhost:8443', mode: 'verify-identity', caFile: 'ca.pem' });
 * const client = createClient(...cfg.args);
 * ```
 */
export async function configureClickHouse(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as ClickHouseTarget;
  const mode = ctx.tls.mode;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const agent = mode === 'disabled' ? undefined : new https.Agent({ ...clientTlsOptions(ctx.tls, target.host), keepAlive: true });
  const options: Record<string, unknown> = {
    url: `${mode === 'disabled' ? 'http' : 'https'}://${host}:${target.port}`,
    ...(target.config.username ? { username: target.config.username } : {}),
    ...(target.config.password !== undefined ? { password: target.config.password } : {}),
    database: target.config.database,
    request_timeout: ctx.timeoutMs,
    ...(agent ? { http_agent: agent, set_basic_auth_header: true } : {}),
  };
  return {
    driver: '@clickhouse/client',
    args: [options],
    options,
    notes: [mode === 'disabled' ? 'Plain HTTP.' : `Every HTTPS socket comes from the http_agent, whose TLS options check "${mode}" explicitly.`],
    async open() {
      const { createClient } = await importDriver('@clickhouse/client', 'ClickHouse', () => import('@clickhouse/client'));
      const client = createClient(options as never);
      try {
        await (await client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).json();
        return { client, close: () => client.close() };
      } catch (error) {
        await client.close().catch(() => undefined);
        throw error;
      }
    },
  };
}
