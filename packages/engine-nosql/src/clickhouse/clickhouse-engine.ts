import https from 'node:https';
import { CLICKHOUSE_GO_TARGET, readClickHouseConnectionString } from './clickhouse-reading.js';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { defineEngine, importDriver, nodeTlsOptions, tlsReportFromSocket, type EngineConnectContext, type EngineConnectResult, type EngineDefinition, type TlsReport } from '@dbtls/core';
import { configureClickHouse } from './clickhouse-configure.js';
import { isDriverInstalled } from '../driver-available/driver-available.js';
import { diagnoseChain } from '../tls-probe/diagnose-chain.js';
import { TLS_NO_ANSWER_CODE, tlsOnlyPortError } from '../plain-port/tls-only-port.js';
import { answeredInPlainText, HTTP_QUESTION, lacksTlsOnlyIfAnswered } from '../plain-port/plain-answer.js';
import { CLICKHOUSE_ERROR_PATTERNS } from './clickhouse-patterns.js';
import { clickhouseDriverOptions } from './clickhouse-ssl.js';
import { CLICKHOUSE_HTTP_PORT, CLICKHOUSE_SCHEMES, parseClickHouseUrl, type ClickHouseTarget } from './clickhouse-url.js';
import { directTlsProbe } from '../tls-probe/direct-tls-probe.js';

/** A logger for @clickhouse/client that prints nothing. */
class SilentLogger {
  trace(): void {}
  debug(): void {}
  info(): void {}
  warn(): void {}
  error(): void {}
}

/** An https.Agent that remembers the TLS report of the sockets it opens. */
function reportingAgent(options: https.AgentOptions, seen: { report?: TlsReport; sockets: Duplex[]; deadline: number }): https.Agent {
  class ReportingAgent extends https.Agent {
    override createConnection(...args: Parameters<https.Agent['createConnection']>): Duplex {
      const socket = (https.Agent.prototype as unknown as { createConnection: (...a: unknown[]) => Duplex }).createConnection.apply(this, args) as TLSSocket;
      seen.sockets.push(socket);
      let connected = false;
      // A plain HTTP port never answers a ClientHello: end the wait before the deadline, saying so.
      const timer = setTimeout(() => {
        if (connected) socket.destroy(Object.assign(new Error(`The port accepted the TCP connection but never answered the TLS handshake.`), { code: TLS_NO_ANSWER_CODE }));
      }, Math.max(1, seen.deadline - Date.now()));
      socket.once('connect', () => (connected = true));
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        seen.report = tlsReportFromSocket(socket);
      });
      socket.once('close', () => clearTimeout(timer));
      return socket;
    }
  }
  return new ReportingAgent(options);
}

/** Connects with @clickhouse/client, runs `SELECT version()`, closes. */
async function connectClickHouse(ctx: EngineConnectContext): Promise<EngineConnectResult> {
  const target = ctx.target as ClickHouseTarget;
  const started = Date.now();
  const deadline = started + ctx.timeoutMs - Math.min(500, Math.round(ctx.timeoutMs * 0.1));
  const mode = ctx.tls.mode;
  if (target.scheme === 'https' && mode === 'disabled' && target.mode !== 'disabled') ctx.warn('https:// asks for TLS, but the mode given is "disabled": the connection is not encrypted.');
  const { createClient, ClickHouseLogLevel } = await importDriver('@clickhouse/client', 'ClickHouse', () => import('@clickhouse/client'));
  const seen: { report?: TlsReport; sockets: Duplex[]; deadline: number } = { sockets: [], deadline };
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const agent = mode === 'disabled' ? undefined : reportingAgent({ ...nodeTlsOptions(ctx.tls, target.host), keepAlive: false, maxSockets: 1 }, seen);
  const client = createClient({
    url: `${mode === 'disabled' ? 'http' : 'https'}://${host}:${target.port}`,
    ...(target.config.username ? { username: target.config.username } : {}),
    ...(target.config.password !== undefined ? { password: target.config.password } : {}),
    database: target.config.database,
    // Just before core's deadline, so dbtls's own TLS-handshake deadline (earlier) reports first.
    request_timeout: Math.max(1, started + ctx.timeoutMs - Date.now() - 50),
    keep_alive: { enabled: false },
    max_open_connections: 1,
    compression: { request: false, response: false },
    application: 'dbtls',
    // The client logs every failed request (with its stack) to the console; dbtls reports the error itself.
    log: { LoggerClass: SilentLogger, level: ClickHouseLogLevel.OFF },
    ...(agent ? { http_agent: agent, set_basic_auth_header: true } : {}),
  });
  const onAbort = () => {
    for (const socket of seen.sockets) socket.destroy();
    agent?.destroy();
    void client.close().catch(() => undefined);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' });
    const rows = (await result.json()) as { version?: string }[];
    const version = rows[0]?.version;
    const tls = mode === 'disabled' ? null : (seen.report ?? null);
    return { encrypted: mode !== 'disabled', fellBack: false, tls, serverVersion: version ? `ClickHouse ${version}` : null };
  } catch (error) {
    if (mode === 'disabled' && !ctx.signal.aborted && /ECONNRESET|socket hang up|EPIPE/i.test(`${(error as { code?: string })?.code} ${(error as Error)?.message}`)) {
      throw await tlsOnlyPortError(error, target.host, target.port, { timeoutMs: Math.max(1, deadline - Date.now()), signal: ctx.signal });
    }
    if (mode !== 'disabled' && !seen.report && !ctx.signal.aborted && !answeredInPlainText(error)) {
      // No TLS answer (silence, a close or a reset): a plain mode is recommended only if the port answers plain HTTP.
      throw await lacksTlsOnlyIfAnswered(error, target.host, target.port, HTTP_QUESTION, { timeoutMs: Math.max(1, started + ctx.timeoutMs - Date.now() - 100), signal: ctx.signal });
    }
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await client.close().catch(() => undefined);
    agent?.destroy();
  }
}

/**
 * ClickHouse over its HTTP interface (scheme `clickhouse:`, plus `http(s):`
 * with `--engine clickhouse`; port 8123, HTTPS usually 8443; default
 * `disabled`; driver `@clickhouse/client`, an optional peer dependency loaded
 * on first use).
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { clickhouseEngine } from '@dbtls/engine-nosql/clickhouse';
 * const result = await connect(clickhouseEngine, { url: 'clickhouse://default@localhost:8443', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const clickhouseEngine: EngineDefinition = defineEngine({
  id: 'clickhouse',
  probe: directTlsProbe({ tlsPorts: (port) => (port === 8123 ? [8443] : port === 9000 ? [9440] : []) }),
  displayName: 'ClickHouse',
  schemes: CLICKHOUSE_SCHEMES,
  aliases: ['ch'],
  defaultPort: CLICKHOUSE_HTTP_PORT,
  defaultMode: 'disabled',
  fallback: {
    capability: 'none',
    how: 'ClickHouse serves HTTP (http_port, 8123) and HTTPS (https_port, 8443) on separate ports; "preferred" behaves as "required".',
  },
  guidance:
    'ClickHouse serves HTTPS only on its https_port (8443 by default; ClickHouse Cloud uses 8443 only): give that port with a TLS mode. Use verify-identity with the server CA. A client certificate (--cert/--key) is used for mutual TLS only (openSSL.server.verificationMode strict); dbtls does not switch on ClickHouse certificate authentication.',
  drivers: ['@clickhouse/client'],
  errorPatterns: CLICKHOUSE_ERROR_PATTERNS,
  readConnectionString: (input) => readClickHouseConnectionString(clickhouseEngine, input),
  translateTargets: [CLICKHOUSE_GO_TARGET],
  parseUrl: parseClickHouseUrl,
  driverOptions: clickhouseDriverOptions,
  connect: connectClickHouse,
  configure: configureClickHouse,
  diagnose: (error, context) => diagnoseChain(error, context, CLICKHOUSE_ERROR_PATTERNS),
  isAvailable: () => isDriverInstalled('@clickhouse/client'),
});

/** The ClickHouse engine, for `createRegistry`. */
export const engines: readonly EngineDefinition[] = [clickhouseEngine];
