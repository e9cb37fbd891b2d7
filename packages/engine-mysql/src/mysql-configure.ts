import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { importDriver, parseUrlParts, tlsReportFromSocket, type EngineClientConfig, type EngineConfigureContext } from '@dbtls/core';
import { openSocket } from './mysql-connect.js';
import { peekGreeting } from './mysql-greeting.js';
import { mysql2SslOptions, tlsModeFor } from './mysql-ssl.js';
import { MYSQL_DEFAULT_PORT } from './mysql-url.js';

interface PoolConnection {
  stream: net.Socket | TLSSocket;
  query(sql: string, cb: (err: Error | null, rows?: unknown) => void): unknown;
  release(): void;
}
interface Pool {
  getConnection(cb: (err: Error | null, connection: PoolConnection) => void): void;
  end(cb?: (err?: Error | null) => void): void;
}
interface Mysql2 {
  createPool(options: Record<string, unknown>): Pool;
}

/** Reads the server greeting once (sending nothing) to learn whether it offers TLS. */
async function serverOffersTls(host: string, port: number, timeoutMs: number): Promise<boolean | null> {
  const signal = AbortSignal.timeout(timeoutMs);
  let socket: net.Socket | undefined;
  try {
    socket = await openSocket(host, port, signal);
    const greeting = await peekGreeting(socket, signal);
    return greeting.kind === 'handshake' ? greeting.offersTls : null;
  } catch {
    return null;
  } finally {
    socket?.destroy();
  }
}

/**
 * The `mysql2.createPool()` / `createConnection()` options for a mode: the
 * login from the URL, an explicit `ssl` object (`rejectUnauthorized`, `ca`,
 * `verifyIdentity`; nothing is left to a default) and a `stream` factory that
 * opens each physical connection to the target while `host` carries the name
 * to check. mysql2 then sends the SSL request right after the greeting and
 * the login only inside TLS, on every connection of the pool; a server
 * without TLS fails the connection (`HANDSHAKE_NO_SSL_SUPPORT`). In
 * `verify-identity` the name is checked on IP hosts too (Node checks the
 * socket's address when no SNI name is sent). `preferred` reads the server
 * greeting once, here, and configures TLS when the server offers it.
 *
 * @example
 * ```ts
 * const cfg = await configure(mariadb, { url, mode: 'verify-identity', caFile: 'ca.pem' });
 * const pool = mysql.createPool({ ...cfg.options, connectionLimit: 5 });
 * ```
 */
export async function configureMysql(ctx: EngineConfigureContext, displayName: string): Promise<EngineClientConfig> {
  const { host, port } = ctx.target;
  const name = ctx.tls.servername ?? host;
  const notes: string[] = [];
  let mode = ctx.tls.mode;
  if (mode === 'preferred') {
    const offers = await serverOffersTls(host, port, ctx.timeoutMs);
    if (offers === false) {
      mode = 'disabled';
      ctx.warn(`The server's greeting offers no TLS: "preferred" configured unencrypted connections (decided once, when configure() ran).`);
    } else {
      notes.push(offers ? 'preferred: the server greeting offered TLS when configure() ran, so every connection uses TLS without validation (as "required").' : 'preferred: the server greeting could not be read when configure() ran, so every connection asks for TLS (as "required") and fails if the server has none.');
    }
  }
  const tlsMode = tlsModeFor(mode);
  const ssl = tlsMode ? mysql2SslOptions({ ...ctx.tls, mode: tlsMode }, tlsMode, name) : undefined;
  if (ssl && tlsMode === 'verify-identity') ssl.verifyIdentity = true;
  const password = parseUrlParts(ctx.url, { defaultPort: MYSQL_DEFAULT_PORT }).password;
  const options: Record<string, unknown> = {
    // With a stream factory, mysql2 uses host only for SNI and the name check.
    host: name,
    port,
    user: ctx.target.user ?? '',
    ...(password !== undefined ? { password } : {}),
    ...(ctx.target.database ? { database: ctx.target.database } : {}),
    ...(ssl ? { ssl } : {}),
    stream: () => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      // mysql2 sends no SNI for an IP address, and Node then checks the certificate against the
      // socket's `_host`, which net.connect leaves null for IP literals (so 'localhost' would be
      // checked). Naming the address here makes verify-identity check the IP, as it should.
      if (net.isIP(name) !== 0) (socket as net.Socket & { _host?: string | null })._host = name;
      return socket;
    },
    connectTimeout: ctx.timeoutMs,
  };
  notes.push(
    ssl
      ? `Every connection mysql2 opens asks for TLS right after the greeting and sends the login only inside it; ssl.rejectUnauthorized is ${ssl.rejectUnauthorized}${ssl.verifyIdentity ? ` and the certificate must name ${name}` : ''}.`
      : 'Every connection is plain TCP.',
    'Spread the options to add pool settings: mysql.createPool({ ...cfg.options, connectionLimit: 5 }).',
  );
  return {
    driver: 'mysql2',
    args: [options],
    options,
    notes,
    async open(signal) {
      const mod = (await importDriver('mysql2', displayName, () => import('mysql2'))) as unknown as Mysql2 & { default?: Mysql2 };
      const mysql: Mysql2 = typeof mod.createPool === 'function' ? mod : mod.default!;
      const pool = mysql.createPool(options);
      const close = () => new Promise<void>((resolve) => pool.end(() => resolve()));
      const onAbort = () => void close();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const connection = await new Promise<PoolConnection>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
        const rows = await new Promise<unknown>((resolve, reject) => connection.query('SELECT VERSION() AS v', (err, r) => (err ? reject(err) : resolve(r))));
        const secure = typeof (connection.stream as TLSSocket).getPeerCertificate === 'function' ? (connection.stream as TLSSocket) : null;
        connection.release();
        const serverVersion = (rows as { v?: string }[])[0]?.v ?? null;
        return { client: pool, first: { encrypted: Boolean(secure), fellBack: ctx.tls.mode === 'preferred' && !secure, tls: secure ? tlsReportFromSocket(secure) : null, serverVersion }, close };
      } catch (error) {
        await close();
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
