import * as net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { DbtlsError, describeCertificate, importDriver, type PeerCertificateReport, parseUrlParts, tlsReportFromSocket, verifyPeer, type EngineConnectContext, type EngineConnectResult, type TlsMaterial } from '@dbtls/core';
import { peekGreeting, type ServerGreeting } from './mysql-greeting.js';
import { mysql2SslOptions, tlsModeFor, type Mysql2Ssl } from './mysql-ssl.js';
import { MYSQL_DEFAULT_PORT } from './mysql-url.js';

/**
 * How `preferred` decides between TLS and plain:
 * - `greeting` (default): one TCP connection; the server greeting's
 *   `CLIENT_SSL` flag decides, as the MySQL client does;
 * - `retry`: TLS first, and a second, plain connection only when mysql2 says
 *   `HANDSHAKE_NO_SSL_SUPPORT` (kept for comparison and as the fallback when a
 *   greeting cannot be parsed).
 */
export const PREFERRED_STRATEGIES = ['greeting', 'retry'] as const;
/**
 * One of {@link PREFERRED_STRATEGIES}.
 *
 * @example
 * ```ts
 * const strategy: PreferredStrategy = 'greeting';
 * ```
 */
export type PreferredStrategy = (typeof PREFERRED_STRATEGIES)[number];

/**
 * Options of {@link connectMysql}.
 *
 * @example
 * ```ts
 * { displayName: 'MariaDB', preferredStrategy: 'retry' }
 * ```
 */
export interface MysqlConnectOptions {
  displayName: string;
  preferredStrategy?: PreferredStrategy;
}

/**
 * What one attempt saw, attached to a thrown error under
 * {@link MYSQL_ATTEMPT} so that diagnosis can tell a plain login to a server
 * that offered TLS from one to a server that did not.
 *
 * @example
 * ```ts
 * { serverOfferedTls: true, encrypted: false, clientCertificate: false, serverVersion: '10.11.19-MariaDB', connections: 1 }
 * ```
 */
export interface MysqlAttempt {
  /** The greeting's CLIENT_SSL flag; null when no greeting was read. */
  serverOfferedTls: boolean | null;
  /** Whether the login went over TLS. */
  encrypted: boolean;
  /** Whether a client certificate was configured for the TLS handshake. */
  clientCertificate: boolean;
  /** The server's version from its greeting. */
  serverVersion: string | null;
  /** TCP connections opened. */
  connections: number;
}

/**
 * Symbol under which a thrown error carries its {@link MysqlAttempt}.
 *
 * @example
 * ```ts
 * (error as any)[MYSQL_ATTEMPT]?.serverOfferedTls;
 * ```
 */
export const MYSQL_ATTEMPT = Symbol.for('dbtls.mysql.attempt');

/**
 * Reads the {@link MysqlAttempt} attached to an error, if any.
 *
 * @example
 * ```ts
 * mysqlAttemptOf(error)?.serverOfferedTls; // true
 * ```
 */
export function mysqlAttemptOf(error: unknown): MysqlAttempt | undefined {
  return error && typeof error === 'object' ? ((error as Record<symbol, unknown>)[MYSQL_ATTEMPT] as MysqlAttempt | undefined) : undefined;
}

interface Mysql2Connection {
  stream: net.Socket | TLSSocket;
  startTLS?: (onSecure: (err?: Error) => void) => void;
  query(sql: string, cb: (err: Error | null, rows?: unknown) => void): unknown;
  end(cb?: (err?: Error | null) => void): unknown;
  destroy(): void;
  on(event: 'error', cb: (err: Error) => void): unknown;
}

interface Mysql2Module {
  createConnection(options: Record<string, unknown>): Mysql2Connection;
}

type TlsDecision = 'plain' | 'tls';

interface AttemptResult {
  encrypted: boolean;
  tls: EngineConnectResult['tls'];
  greeting: ServerGreeting;
}

export function openSocket(host: string, port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    });
  });
}

interface Seen {
  socket?: TLSSocket;
  nodeError?: { code?: string; message: string; peerCertificate?: PeerCertificateReport | undefined };
}

function peerOf(socket: TLSSocket | undefined): PeerCertificateReport | undefined {
  try {
    const x509 = socket?.getPeerX509Certificate?.();
    return x509 ? describeCertificate(x509) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wraps mysql2's per-connection `startTLS` so that, once the TLS handshake is
 * done and before mysql2 sends the login packet (user, password), dbtls checks
 * the certificate itself for the verify modes (`verifyPeer`: chain, and in
 * `verify-identity` the host or servername against DNS/IP SANs). Also records
 * the Node error code that mysql2 replaces with `HANDSHAKE_SSL_ERROR`.
 * Only this connection object is changed.
 */
function guardTls(connection: Mysql2Connection, material: TlsMaterial, name: string, seen: Seen): void {
  const original = connection.startTLS;
  if (typeof original !== 'function') {
    throw new DbtlsError('mode-unsupported', `This mysql2 version has no startTLS hook, so dbtls cannot check the server certificate before the login is sent; refusing "${material.mode}".`);
  }
  connection.startTLS = function guardedStartTLS(this: Mysql2Connection, onSecure: (err?: Error) => void) {
    original.call(this, (err?: Error) => {
      if (err) {
        seen.nodeError = { code: (err as NodeJS.ErrnoException).code, message: err.message, peerCertificate: peerOf(this.stream as TLSSocket) };
        return onSecure(err);
      }
      const socket = this.stream as TLSSocket;
      seen.socket = socket;
      const problem = verifyPeer(socket, material, name);
      if (problem) {
        seen.nodeError = { code: problem.code, message: problem.message, peerCertificate: problem.peerCertificate };
        socket.destroy();
        return onSecure(problem);
      }
      onSecure();
    });
  };
}

async function attempt(mysql: Mysql2Module, ctx: EngineConnectContext, decide: (greeting: ServerGreeting) => TlsDecision, state: MysqlAttempt): Promise<AttemptResult> {
  const { host, port } = ctx.target;
  const name = ctx.tls.servername ?? host;
  const socket = await openSocket(host, port, ctx.signal);
  state.connections += 1;
  let connection: Mysql2Connection | undefined;
  const seen: Seen = {};
  const onAbort = () => {
    connection?.destroy();
    connection?.stream.destroy();
    socket.destroy();
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const greeting = await peekGreeting(socket, ctx.signal);
    if (greeting.kind === 'handshake') {
      state.serverOfferedTls = greeting.offersTls;
      state.serverVersion = greeting.serverVersion;
    }
    const useTls = decide(greeting) === 'tls';
    const material: TlsMaterial = { ...ctx.tls, mode: tlsModeFor(ctx.tls.mode) ?? 'disabled' };
    const ssl: Mysql2Ssl | undefined = useTls ? mysql2SslOptions(material, material.mode, name) : undefined;
    state.encrypted = false;
    state.clientCertificate = Boolean(useTls && ssl?.cert);
    const password = parseUrlParts(ctx.url, { defaultPort: MYSQL_DEFAULT_PORT }).password;
    connection = mysql.createConnection({
      stream: socket,
      // mysql2 uses `host` only for SNI, its own name check and its TLS session cache when given a stream.
      host: name,
      port,
      user: ctx.target.user ?? '',
      ...(password !== undefined ? { password } : {}),
      ...(ctx.target.database ? { database: ctx.target.database } : {}),
      ...(ssl ? { ssl } : {}),
      // Never send a password in clear text (mysql_clear_password), whatever mysql2's default becomes.
      enableCleartextPlugin: false,
      connectTimeout: ctx.timeoutMs,
    });
    connection.on('error', () => undefined);
    if (ssl) guardTls(connection, material, name, seen);
    const conn = connection;
    await new Promise<void>((resolve, reject) => {
      conn.query('SELECT 1', (err) => (err ? reject(err) : resolve()));
      socket.resume();
    }).catch((error: unknown) => {
      const e = error as Error & { code?: string; cause?: unknown };
      if (e && typeof e === 'object' && e.code === 'HANDSHAKE_SSL_ERROR' && seen.nodeError && e.cause === undefined) {
        const { code, message, peerCertificate } = seen.nodeError;
        e.cause = Object.assign(new Error(message), { code, ...(peerCertificate ? { peerCertificate } : {}) });
      }
      throw error;
    });
    state.encrypted = Boolean(seen.socket);
    const tls = seen.socket ? tlsReportFromSocket(seen.socket) : null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(1000, ctx.timeoutMs));
      conn.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { encrypted: state.encrypted, tls, greeting };
  } catch (error) {
    if (seen.socket) state.encrypted = true;
    if (error && typeof error === 'object') (error as Record<symbol, unknown>)[MYSQL_ATTEMPT] = { ...state };
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    connection?.stream.destroy();
    socket.destroy();
  }
}

/**
 * Connects to MySQL or MariaDB with mysql2 on a socket dbtls opened itself:
 * reads the server greeting (sends nothing), decides TLS or plain, hands the
 * socket to mysql2 (`stream` option), runs `SELECT 1` and closes.
 * `preferred` uses TLS when the greeting offers it (no validation) and plain
 * otherwise, on that same connection; a failed TLS handshake is an error,
 * never a reason to go plain.
 *
 * @example
 * ```ts
 * const result = await connectMysql(ctx, { displayName: 'MariaDB' });
 * ```
 */
export async function connectMysql(ctx: EngineConnectContext, options: MysqlConnectOptions): Promise<EngineConnectResult> {
  const mysql = (await importDriver('mysql2', options.displayName, () => import('mysql2'))) as unknown as Mysql2Module & { default?: Mysql2Module };
  const driver: Mysql2Module = typeof mysql.createConnection === 'function' ? mysql : mysql.default!;
  const mode = ctx.tls.mode;
  const strategy = options.preferredStrategy ?? 'greeting';
  const state: MysqlAttempt = { serverOfferedTls: null, encrypted: false, clientCertificate: false, serverVersion: null, connections: 0 };
  const decide = (greeting: ServerGreeting): TlsDecision => {
    if (mode === 'disabled') return 'plain';
    if (mode === 'preferred' && strategy === 'greeting' && greeting.kind === 'handshake' && !greeting.offersTls) {
      ctx.fellBack?.();
      return 'plain';
    }
    return 'tls';
  };
  try {
    const first = await attempt(driver, ctx, decide, state);
    const fellBack = mode === 'preferred' && !first.encrypted;
    return { encrypted: first.encrypted, fellBack, tls: first.tls, serverVersion: state.serverVersion };
  } catch (error) {
    // Retry plain only when mysql2 said, before sending anything, that the server has no TLS.
    if (mode === 'preferred' && (error as { code?: string })?.code === 'HANDSHAKE_NO_SSL_SUPPORT') {
      ctx.fellBack?.();
      const second = await attempt(driver, ctx, () => 'plain', state);
      return { encrypted: second.encrypted, fellBack: true, tls: null, serverVersion: state.serverVersion };
    }
    throw error;
  }
}
