import { DbtlsError, importDriver, type EngineClientConfig, type EngineConfigureContext, type TlsMaterial } from '@dbtls/core';
import { ORACLE_REQUIRED_UNSUPPORTED, oracleConnectString } from './oracle-ssl.js';
import type { OracleTarget } from './oracle-url.js';
import { oracleWallet } from './oracle-wallet.js';

/** The part of the `oracledb` API used here (the package ships no types). */
export interface OracleConnection {
  execute(sql: string): Promise<unknown>;
  close(): Promise<void>;
  oracleServerVersionString?: string;
}
export interface OracleModule {
  getConnection(options: Record<string, unknown>): Promise<OracleConnection>;
}

/**
 * The oracledb `getConnection()` / `createPool()` options for a mode (thin
 * mode): the connect string with TCPS in the TLS modes, `sslServerDNMatch`
 * and the CA (and client certificate) as an in-memory PEM wallet.
 *
 * @example
 * ```ts
 * const options = oracleOptions(ctx.target as OracleTarget, ctx.tls, 10_000);
 * ```
 */
export function oracleOptions(target: OracleTarget, material: TlsMaterial, timeoutMs: number): Record<string, unknown> {
  const mode = material.mode;
  if (mode === 'required' || mode === 'preferred') throw new DbtlsError('mode-unsupported', `Oracle cannot honour "${mode}": ${ORACLE_REQUIRED_UNSUPPORTED}`);
  if (mode !== 'disabled' && material.servername) throw new DbtlsError('invalid-option', 'The oracledb thin driver checks the host name of the connect string only and sends no SNI: --servername cannot be honoured. Connect with the name the certificate carries.');
  if (mode !== 'disabled' && material.minVersion) throw new DbtlsError('invalid-option', 'The oracledb thin driver builds its own TLS context from the wallet: a minimum TLS version (--min-tls) cannot be passed to it.');
  if (mode !== 'disabled' && target.walletLocation && material.ca) throw new DbtlsError('invalid-option', 'The URL names a wallet (wallet_location) and a CA was given too: the oracledb driver takes one trust source; drop one of them.');
  if (mode === 'verify-ca' && target.serverCertDn) throw new DbtlsError('invalid-option', 'The URL pins the server certificate\'s DN (ssl_server_cert_dn), which the driver checks only in verify-identity; "verify-ca" would drop that check, so dbtls refuses it.');
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const wallet = mode === 'disabled' || target.walletLocation ? undefined : oracleWallet(material);
  return {
    ...(target.user ? { user: target.user } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    connectString: oracleConnectString(mode, { host: target.host, port: target.port, ...(target.service ? { service: target.service } : {}), timeoutSeconds: seconds }),
    connectTimeout: seconds,
    transportConnectTimeout: seconds,
    ...(mode !== 'disabled' ? { sslServerDNMatch: mode === 'verify-identity' } : {}),
    ...(wallet ? { walletContent: wallet.pem, ...(wallet.password !== undefined ? { walletPassword: wallet.password } : {}) } : {}),
    ...(mode !== 'disabled' && target.walletLocation ? { walletLocation: target.walletLocation } : {}),
    ...(mode === 'verify-identity' && target.serverCertDn ? { sslServerCertDN: target.serverCertDn } : {}),
  };
}

/** Loads oracledb (thin mode) through core's lazy import. */
export async function loadOracle(): Promise<OracleModule> {
  const loaded = await importDriver<OracleModule>('oracledb', 'Oracle', () => import('oracledb' as string));
  return ((loaded as unknown as { default?: OracleModule }).default ?? loaded) as OracleModule;
}


/**
 * The oracledb `getConnection(...)` / `createPool(...)` options for a mode
 * (thin mode): TCPS connect string, `sslServerDNMatch`, the CA as an
 * in-memory wallet. oracledb uses them for every connection of a pool.
 * `required` is not available (thin mode always validates the chain).
 *
 * @example
 * ```ts
 * const cfg = await configure(oracleEngine, { url: 'oracle://app:pw@db:2484/FREEPDB1', mode: 'verify-identity', caFile: 'ca.pem' });
 * const pool = await oracledb.createPool(...cfg.args);
 * ```
 */
export async function configureOracle(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const options = oracleOptions(ctx.target as OracleTarget, ctx.tls, ctx.timeoutMs);
  return {
    driver: 'oracledb',
    args: [options],
    options,
    notes: [ctx.tls.mode === 'disabled' ? 'Plain TCP.' : `Every connection uses TCPS with the wallet's CA; sslServerDNMatch is ${ctx.tls.mode === 'verify-identity'}.`],
    async open() {
      const oracledb = await loadOracle();
      const connection = await oracledb.getConnection(options);
      try {
        await connection.execute('SELECT 1 FROM DUAL');
      } catch (error) {
        await connection.close().catch(() => undefined);
        throw error;
      }
      return { client: connection, close: () => connection.close() };
    },
  };
}
