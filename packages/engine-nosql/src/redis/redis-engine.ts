import type { TLSSocket } from 'node:tls';
import { IOREDIS_TARGET, readRedisConnectionString, REDIS_PY_TARGET } from './redis-reading.js';
import { defineEngine, importDriver, nodeTlsOptions, tlsReportFromSocket, type EngineConnectContext, type EngineConnectResult, type EngineDefinition } from '@dbtls/core';
import { configureRedis } from './redis-configure.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { tlsOnlyPortError } from '../plain-port/tls-only-port.js';
import { answeredInPlainText, lacksTlsOnlyIfAnswered, RESP_QUESTION } from '../plain-port/plain-answer.js';
import { redisConnectorClass, type RedisSocketWatch } from './redis-connector.js';
import { REDIS_ERROR_PATTERNS } from './redis-patterns.js';
import { redisDriverOptions } from './redis-ssl.js';
import { parseRedisUrl, REDIS_DEFAULT_PORT, REDIS_SCHEMES, type RedisTarget } from './redis-url.js';
import { directTlsProbe } from '../tls-probe/direct-tls-probe.js';

/** Errors ioredis emitted on its `error` event, kept on the error it rejected with. */
const EVENT_ERRORS = Symbol.for('dbtls.redis.eventErrors');

function withEventErrors(error: unknown, events: readonly Error[]): unknown {
  if (events.length === 0 || typeof error !== 'object' || error === null) return error;
  const others = events.filter((e) => e !== error);
  if (others.length) Object.defineProperty(error, EVENT_ERRORS, { value: others, enumerable: false });
  return error;
}

/** The errors ioredis emitted on its `error` event before it rejected. */
function unwrapRedis(error: unknown): unknown[] {
  return ((error as Record<symbol, unknown> | null)?.[EVENT_ERRORS] as unknown[] | undefined) ?? [];
}

/** Connects with ioredis, sends PING (and INFO server for the version), quits. */
async function connectRedis(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as RedisTarget;
  const started = Date.now();
  const deadline = started + ctx.timeoutMs - Math.min(500, Math.round(ctx.timeoutMs * 0.1));
  const mode = ctx.tls.mode;
  if ((target.scheme === 'rediss' || target.scheme === 'valkeys') && mode === 'disabled' && ctx.requestedMode === 'disabled' && target.mode !== 'disabled') {
    ctx.warn('rediss:// asks for TLS, but the mode given is "disabled": the connection is not encrypted.');
  }
  const ioredis = await importDriver('ioredis', 'Redis', () => import('ioredis'));
  const Redis = ioredis.Redis ?? ioredis.default;
  const watch: RedisSocketWatch = { socket: null, tcpConnected: false, secured: false };
  const Connector = redisConnectorClass(ioredis.AbstractConnector, {
    host: target.host,
    port: target.port,
    tls: mode === 'disabled' ? undefined : nodeTlsOptions(ctx.tls, target.host),
    deadline,
    watch,
  });
  const events: Error[] = [];
  const client = new Redis({
    ...target.config,
    Connector,
    lazyConnect: true,
    enableReadyCheck: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    commandTimeout: Math.max(1, deadline - Date.now()),
  } as never);
  client.on('error', (error: Error) => events.push(error));
  const onAbort = () => {
    client.disconnect();
    watch.socket?.destroy();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`Unexpected answer to PING: ${String(pong).slice(0, 80)}`);
    let serverVersion: string | null = null;
    try {
      const info = await client.info('server');
      const version = /^redis_version:(\S+)/m.exec(info)?.[1];
      const flavour = /^(valkey_version|dragonfly_version):(\S+)/m.exec(info);
      serverVersion = flavour ? `${flavour[1]!.replace(/_version$/, '')} ${flavour[2]}` : version ? `Redis ${version}` : null;
    } catch {
      // INFO may be denied by ACL; PING was the round trip.
    }
    const tls = watch.secured && watch.socket ? tlsReportFromSocket(watch.socket as TLSSocket) : null;
    await client.quit().catch(() => client.disconnect());
    return { encrypted: watch.secured, fellBack: false, tls, serverVersion };
  } catch (error) {
    client.disconnect();
    watch.socket?.destroy();
    const enriched = withEventErrors(error, events);
    if (mode === 'disabled' && watch.tcpConnected && !ctx.signal.aborted && isResetLike(enriched)) {
      throw await tlsOnlyPortError(enriched, target.host, target.port, { timeoutMs: Math.max(1, deadline - Date.now()), signal: ctx.signal });
    }
    if (mode !== 'disabled' && watch.tcpConnected && !watch.secured && !ctx.signal.aborted && !answeredInPlainText(enriched)) {
      // No TLS answer (silence, a close or a reset): a plain mode is recommended only if the port answers plain RESP.
      throw await lacksTlsOnlyIfAnswered(enriched, target.host, target.port, RESP_QUESTION, { timeoutMs: Math.max(1, started + ctx.timeoutMs - Date.now() - 100), signal: ctx.signal });
    }
    throw enriched;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** A plain connection that the server dropped without a Redis reply. */
function isResetLike(error: unknown): boolean {
  const all = [error, ...(((error as Record<symbol, unknown>)?.[EVENT_ERRORS] as unknown[]) ?? [])] as { code?: string; message?: string }[];
  if (all.some((e) => /WRONGPASS|NOAUTH|^ERR /.test(e?.message ?? ''))) return false;
  return all.some((e) => ['ECONNRESET', 'EPIPE'].includes(e?.code ?? '') || /Connection is closed|closed the connection/i.test(e?.message ?? ''));
}

/**
 * Redis (schemes `redis:` and `rediss:`; port 6379; default `disabled`;
 * driver `ioredis`, an optional peer dependency loaded on first use).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { redisEngine } from '@dbtls/engine-nosql/redis';
 * const result = await connect(redisEngine, { url: 'rediss://localhost:6380', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const redisEngine: EngineDefinition = defineEngine({
  id: 'redis',
  probe: directTlsProbe(),
  displayName: 'Redis',
  schemes: REDIS_SCHEMES,
  aliases: ['valkey'],
  defaultPort: REDIS_DEFAULT_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'Redis serves TLS on a port of its own (tls-port), so a failed TLS attempt cannot turn into plain text on the same port; "preferred" behaves as "required".',
  },
  guidance:
    'Redis has no TLS negotiation: the tls-port speaks only TLS and the port speaks only plain text, often on different numbers (6379 plain, 6380 TLS is common). Use rediss:// (or --ssl-mode verify-identity) with the server CA; managed services usually need verify-identity against the system store. tls-auth-clients yes (the default when TLS is on) requires a client certificate: pass --cert and --key.',
  drivers: ['ioredis'],
  errorPatterns: REDIS_ERROR_PATTERNS,
  readConnectionString: (input) => readRedisConnectionString(redisEngine, input),
  translateTargets: [REDIS_PY_TARGET, IOREDIS_TARGET],
  parseUrl: parseRedisUrl,
  driverOptions: redisDriverOptions,
  connect: connectRedis,
  configure: configureRedis,
  diagnose: (error, context) => diagnoseChain(error, context, REDIS_ERROR_PATTERNS, unwrapRedis),
  isAvailable: () => isDriverInstalled('ioredis'),
  unwrapError: unwrapRedis,
});

/** The Redis engine, for `createRegistry`. */
export const engines: readonly EngineDefinition[] = [redisEngine];
