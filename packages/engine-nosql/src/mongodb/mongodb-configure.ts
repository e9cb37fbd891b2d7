import tls from 'node:tls';
import { clientTlsOptions, importDriver, type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import type { MongodbTarget } from './mongodb-url.js';

/**
 * The `new MongoClient(url, options)` arguments for a mode: the URL without
 * its TLS parameters, and options that spell the mode out with Node's own TLS
 * settings, which the driver hands to `tls.connect` for every pooled
 * connection to every member: `tls`, `rejectUnauthorized`,
 * `checkServerIdentity` (each member checked against its own host name in
 * `verify-identity`), `ca`, `cert`/`key` contents (no temporary files).
 *
 * @example
 * ```ts
 * const cfg = await configure(mongodbEngine, { url: 'mongodb://localhost:27017/app', mode: 'verify-identity', caFile: 'ca.pem' });
 * const client = new MongoClient(...cfg.args);
 * ```
 */
export async function configureMongodb(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as MongodbTarget;
  const mode = ctx.tls.mode;
  if (target.srv && mode === 'disabled') ctx.warn('mongodb+srv:// normally turns TLS on: with "disabled" the connections are unencrypted.');
  const { minVersion, ...nodeTls } = clientTlsOptions(ctx.tls);
  const options: Record<string, unknown> =
    mode === 'disabled'
      ? { tls: false, connectTimeoutMS: ctx.timeoutMs, serverSelectionTimeoutMS: ctx.timeoutMs }
      : {
          tls: true,
          ...nodeTls,
          ...(minVersion ? { secureContext: tls.createSecureContext({ minVersion, ...(ctx.tls.ca ? { ca: ctx.tls.ca } : {}), ...(ctx.tls.cert ? { cert: ctx.tls.cert, key: ctx.tls.key, passphrase: ctx.tls.passphrase } : {}) }) } : {}),
          connectTimeoutMS: ctx.timeoutMs,
          serverSelectionTimeoutMS: ctx.timeoutMs,
        };
  return {
    driver: 'mongodb',
    args: [target.driverUrl, options],
    options,
    notes: [mode === 'disabled' ? 'Plain TCP on every connection.' : `The driver hands rejectUnauthorized (${mode === 'verify-ca' || mode === 'verify-identity'}) and checkServerIdentity to tls.connect for every pooled connection, monitoring connections included.`],
    async open() {
      const { MongoClient } = await importDriver('mongodb', 'MongoDB', () => import('mongodb'));
      const client = new MongoClient(target.driverUrl, options);
      try {
        await client.connect();
        await client.db('admin').command({ ping: 1 });
        return { client, close: () => client.close() };
      } catch (error) {
        await client.close().catch(() => undefined);
        throw error;
      }
    },
  };
}
