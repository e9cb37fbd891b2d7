import type net from 'node:net';
import { importDriver, type EngineClientConfig, type EngineConfigureContext, type EngineConnectResult } from '@dbtls/core';
import { negotiateTds, negotiateTdsStrict } from './mssql-negotiate.js';
import type { MssqlTarget } from './mssql-url.js';

type Tedious = typeof import('tedious');

/**
 * The `new tedious.Connection(...)` config for a mode, and (as
 * `forms.mssql`) the config node-mssql's `ConnectionPool` accepts. Both carry
 * `encrypt: false` and a `connector` with which every connection (each one a
 * pool opens, each reconnect) does dbtls's own PRELOGIN negotiation, TLS
 * handshake and certificate check before tedious sends the LOGIN7 packet
 * (user name, password). `preferred` goes plain on that connection only when
 * the server answers that it has no encryption.
 *
 * @example
 * ```ts
 * const cfg = await configure(mssqlEngine, { url, mode: 'verify-identity', caFile: 'ca.pem' });
 * const connection = new tedious.Connection(...cfg.args);
 * const pool = new sql.ConnectionPool(cfg.forms.mssql);
 * ```
 */
export async function configureMssql(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as MssqlTarget;
  const material = ctx.tls;
  let first: EngineConnectResult | undefined;
  // TDS 8 strict (encrypt=strict in the URL): TLS first, PRELOGIN inside it; not in "disabled".
  const strict = target.strict === true && material.mode !== 'disabled';
  const negotiate = strict ? negotiateTdsStrict : negotiateTds;
  const connector = async (): Promise<net.Socket> => {
    const negotiated = await negotiate(target.host, target.port, material, AbortSignal.timeout(ctx.timeoutMs));
    first ??= { encrypted: negotiated.encrypted, fellBack: negotiated.fellBack, tls: negotiated.tls, serverVersion: negotiated.serverVersion };
    return negotiated.transport as unknown as net.Socket;
  };
  const tediousOptions = {
    port: target.port,
    ...(target.login.database ? { database: target.login.database } : {}),
    ...(target.login.appName ? { appName: target.login.appName } : {}),
    // dbtls negotiates (and encrypts) in the connector; tedious must not negotiate again on top of it.
    encrypt: false,
    trustServerCertificate: false,
    connectTimeout: ctx.timeoutMs,
    connector,
  };
  const config: Record<string, unknown> = {
    server: target.host,
    authentication: { type: 'default', options: { userName: target.login.userName ?? '', password: target.login.password ?? '' } },
    options: tediousOptions,
  };
  const mssqlConfig: Record<string, unknown> = {
    server: target.host,
    port: target.port,
    user: target.login.userName ?? '',
    password: target.login.password ?? '',
    ...(target.login.database ? { database: target.login.database } : {}),
    options: { ...tediousOptions },
  };
  return {
    driver: 'tedious',
    args: [config],
    options: config,
    forms: { mssql: mssqlConfig },
    notes: [
      material.mode === 'disabled'
        ? 'Every connection says ENCRYPT_NOT_SUP in PRELOGIN: nothing is encrypted, the login packet included.'
        : `Every connection tedious opens goes through the connector: PRELOGIN, TLS inside TDS and the certificate check in "${material.mode}" happen before tedious writes LOGIN7.`,
      'node-mssql: new sql.ConnectionPool(cfg.forms.mssql) passes the same connector to tedious for each pooled connection.',
    ],
    async open() {
      const mod = await importDriver<Tedious & { default?: Tedious }>('tedious', 'SQL Server', () => import('tedious'));
      const tedious = (mod.Connection ? mod : mod.default) as Tedious;
      const connection = new tedious.Connection(config as never);
      connection.on('error', () => undefined);
      try {
        await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
        await new Promise<void>((resolve, reject) => connection.execSqlBatch(new tedious.Request('SELECT 1', (error) => (error ? reject(error) : resolve()))));
      } catch (error) {
        connection.close();
        throw error;
      }
      const close = () =>
        new Promise<void>((resolve) => {
          connection.once('end', () => resolve());
          connection.close();
        });
      return { client: connection, ...(first ? { first } : {}), close };
    },
  };
}
