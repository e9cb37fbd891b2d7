import type { PoolConfig } from 'pg';
import { importDriver, type EngineClientConfig, type EngineConfigureContext, type EngineConnectResult } from '@dbtls/core';
import { negotiatePostgres, NegotiatedStream } from './postgres-negotiate.js';
import { allowsCleartextPassword } from './postgres-auth-guard.js';
import { directFor, type PostgresTarget } from './postgres-url.js';

/**
 * The `pg.Pool` / `pg.Client` options for a mode: the connection fields from
 * the URL, `ssl: false` (so PGSSLMODE and URL parameters mean nothing to pg)
 * and a `stream` factory with which every physical connection pg opens does
 * dbtls's own SSLRequest, TLS handshake and certificate check before pg sends
 * its startup message.
 *
 * @example
 * ```ts
 * const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url, mode: 'verify-identity', caFile: 'ca.pem' });
 * const pool = new pg.Pool({ ...cfg.options, max: 5 });
 * ```
 */
export async function configurePostgres(ctx: EngineConfigureContext): Promise<EngineClientConfig> {
  const target = ctx.target as PostgresTarget;
  const material = ctx.tls;
  let first: EngineConnectResult | undefined;
  const direct = directFor(target, material.mode, ctx.warn);
  const allowCleartextPassword = allowsCleartextPassword(target.reading?.options.require_auth);
  const stream = () =>
    new NegotiatedStream(
      async (port, host, signal) => {
        const negotiated = await negotiatePostgres(host || target.host, port || target.port, material, signal, { direct, report: first === undefined });
        first ??= { encrypted: negotiated.encrypted, fellBack: negotiated.fellBack, tls: negotiated.tls };
        return negotiated.socket;
      },
      { allowCleartextPassword },
    );
  const options: Record<string, unknown> = {
    ...target.config,
    ssl: false,
    // pg reads PGSSLNEGOTIATION when this is unset; the SSLRequest is dbtls's.
    sslnegotiation: 'postgres',
    stream,
    connectionTimeoutMillis: ctx.timeoutMs,
  };
  const notes = [
    material.mode === 'disabled'
      ? 'Every connection is plain TCP (no SSLRequest is sent).'
      : `Every physical connection pg opens (pool growth, reconnects) calls the stream factory, which sends the SSLRequest, does the TLS handshake and checks the certificate in "${material.mode}" before pg writes its startup message (user, database); pg itself has ssl: false.`,
    'Spread the options to add pool settings: new pg.Pool({ ...cfg.options, max: 5 }).',
  ];
  return {
    driver: 'pg',
    args: [options],
    options,
    notes,
    async open(signal) {
      const { default: pg } = await importDriver('pg', 'PostgreSQL', () => import('pg'));
      const pool = new pg.Pool(options as PoolConfig);
      const onAbort = () => void pool.end().catch(() => undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await pool.query<{ version: string }>('SELECT version() AS version');
        const full = result.rows[0]?.version ?? '';
        const serverVersion = /^\S+ [\d.]+\S*/.exec(full)?.[0] ?? (full || null);
        return { client: pool, ...(first ? { first: { ...first, serverVersion } } : {}), close: () => pool.end() };
      } catch (error) {
        await pool.end().catch(() => undefined);
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
