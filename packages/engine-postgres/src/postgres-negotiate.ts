import * as net from 'node:net';
import * as tls from 'node:tls';
import { Duplex } from 'node:stream';
import { AuthGuard } from './postgres-auth-guard.js';
import { DbtlsError, nodeTlsOptions, tlsReportFromSocket, verifyPeer, type TlsMaterial, type TlsReport } from '@dbtls/core';

/** The 8-byte SSLRequest message: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** The ALPN protocol PostgreSQL 17+ requires for a direct TLS handshake. */
export const POSTGRES_ALPN = 'postgresql';

/** Options of {@link negotiatePostgres}. */
export interface NegotiateOptions {
  /**
   * libpq `sslnegotiation=direct`: the TLS handshake starts right after the
   * TCP connect (no SSLRequest round trip), with ALPN `postgresql`.
   * Needs PostgreSQL 17+; allowed with `required` and the verify modes only.
   */
  direct?: boolean;
  /** `false`: skip building the TLS report (pool connections after the first). */
  report?: boolean;
}

/** The outcome of the SSLRequest exchange, before pg speaks. */
export interface NegotiatedSocket {
  socket: net.Socket;
  encrypted: boolean;
  fellBack: boolean;
  tls: TlsReport | null;
}

function abortable<T>(signal: AbortSignal, socket: net.Socket, work: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(e);
      },
    );
  });
}

/**
 * Opens one TCP connection and does PostgreSQL's TLS negotiation the way
 * libpq does: SSLRequest, then TLS on `S`; on `N`, `preferred` goes on in
 * plain text on the same connection and every other mode fails. The
 * certificate is checked against the mode before a single byte of the
 * startup message (user name, database) is sent. `report: false` skips the
 * TLS report (a pool needs it for its first connection only).
 *
 * @example
 * ```ts
 * const { socket, encrypted } = await negotiatePostgres('localhost', 5432, material, signal);
 * ```
 */
export async function negotiatePostgres(host: string, port: number, material: TlsMaterial, signal: AbortSignal, settings: NegotiateOptions = {}): Promise<NegotiatedSocket> {
  if (settings.direct && material.mode !== 'disabled') {
    if (material.mode === 'preferred') {
      throw new DbtlsError('invalid-option', 'sslnegotiation=direct cannot be used with "preferred": a server without direct TLS would let it fall back to plain text (libpq allows it only with require, verify-ca or verify-full).');
    }
    return negotiateDirect(host, port, material, signal, settings.report !== false);
  }
  const raw = net.connect({ host, port });
  raw.setNoDelay(true);
  await abortable<void>(signal, raw, (resolve, reject) => {
    raw.once('connect', () => {
      raw.off('error', reject);
      resolve();
    });
    raw.once('error', reject);
  });
  if (material.mode === 'disabled') return { socket: raw, encrypted: false, fellBack: false, tls: null };

  const answer = await abortable<string>(signal, raw, (resolve, reject) => {
    const onData = (chunk: Buffer) => {
      cleanup();
      if (chunk.length > 1) raw.unshift(chunk.subarray(1));
      raw.pause();
      resolve(String.fromCharCode(chunk[0]!));
    };
    const onError = (e: unknown) => {
      cleanup();
      reject(e);
    };
    const onEnd = () => {
      cleanup();
      reject(Object.assign(new Error('The server closed the connection in answer to the SSL request.'), { code: 'ECONNRESET' }));
    };
    const cleanup = () => {
      raw.off('data', onData);
      raw.off('error', onError);
      raw.off('end', onEnd);
    };
    raw.on('data', onData);
    raw.once('error', onError);
    raw.once('end', onEnd);
    raw.write(SSL_REQUEST);
  });

  if (answer === 'N') {
    if (material.mode === 'preferred') return { socket: raw, encrypted: false, fellBack: true, tls: null };
    raw.destroy();
    throw Object.assign(new Error('The server does not support SSL connections'), { code: 'DBTLS_PG_NO_SSL' });
  }
  if (answer !== 'S') {
    raw.destroy();
    throw new Error('There was an error establishing an SSL connection');
  }

  const options: tls.ConnectionOptions = {
    ...nodeTlsOptions(material, host),
    socket: raw,
    // Verification happens below, with the certificate in hand, before any byte is sent.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
  let secure: tls.TLSSocket;
  try {
    secure = tls.connect(options);
  } catch (error) {
    raw.destroy();
    throw error;
  }
  await abortable<void>(signal, secure, (resolve, reject) => {
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve();
    });
    secure.once('error', reject);
  });
  const problem = verifyPeer(secure, material, host);
  if (problem) {
    secure.destroy();
    throw problem;
  }
  return { socket: secure, encrypted: true, fellBack: false, tls: settings.report === false ? null : tlsReportFromSocket(secure) };
}

/**
 * PostgreSQL 17+ direct TLS: TLS from the first byte, ALPN `postgresql`
 * (the server refuses a direct handshake without it, and libpq refuses a
 * server that does not select it). No fallback of any kind: a server that
 * does not speak direct TLS fails the handshake.
 */
async function negotiateDirect(host: string, port: number, material: TlsMaterial, signal: AbortSignal, report: boolean): Promise<NegotiatedSocket> {
  const raw = net.connect({ host, port });
  raw.setNoDelay(true);
  await abortable<void>(signal, raw, (resolve, reject) => {
    raw.once('connect', () => {
      raw.off('error', reject);
      resolve();
    });
    raw.once('error', reject);
  });
  const options: tls.ConnectionOptions = {
    ...nodeTlsOptions(material, host),
    socket: raw,
    ALPNProtocols: [POSTGRES_ALPN],
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
  let secure: tls.TLSSocket;
  try {
    secure = tls.connect(options);
  } catch (error) {
    raw.destroy();
    throw error;
  }
  try {
    await abortable<void>(signal, secure, (resolve, reject) => {
      const onEnd = () => reject(Object.assign(new Error('The server closed the connection during the direct TLS handshake.'), { code: 'ECONNRESET' }));
      secure.once('secureConnect', () => {
        secure.off('error', reject);
        secure.off('end', onEnd);
        resolve();
      });
      secure.once('error', reject);
      secure.once('end', onEnd);
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const e = error as Error & { code?: string };
    throw Object.assign(new Error(`The server did not complete a direct TLS handshake (sslnegotiation=direct needs PostgreSQL 17 or later): ${e?.message ?? String(error)}`), {
      code: 'DBTLS_PG_NO_DIRECT_SSL',
      cause: error,
    });
  }
  if (secure.alpnProtocol !== POSTGRES_ALPN) {
    secure.destroy();
    throw Object.assign(new Error(`The server did not select the ALPN protocol "${POSTGRES_ALPN}" in the direct TLS handshake (it answered ${secure.alpnProtocol ? `"${secure.alpnProtocol}"` : 'none'}); libpq refuses such a server.`), { code: 'DBTLS_PG_NO_DIRECT_SSL' });
  }
  const problem = verifyPeer(secure, material, host);
  if (problem) {
    secure.destroy();
    throw problem;
  }
  return { socket: secure, encrypted: true, fellBack: false, tls: report ? tlsReportFromSocket(secure) : null };
}

/**
 * Wraps a negotiated socket so that node-postgres can take it as its
 * `stream`. Given a socket, `connect()` only reports that it is open. Given a
 * `negotiate` function instead, `connect(port, host)` runs it (SSLRequest,
 * TLS, certificate check) and emits `connect` only once it succeeded, so pg
 * sends its startup message on nothing but a negotiated connection; a failure
 * is emitted as the stream's `error`.
 *
 * @example
 * ```ts
 * new pg.Pool({ ssl: false, stream: () => new NegotiatedStream((port, host, signal) => negotiatePostgres(host, port, material, signal).then((n) => n.socket)) });
 * ```
 */
export class NegotiatedStream extends Duplex {
  private inner: net.Socket | undefined;
  private pendingWrite: (() => void) | undefined;
  private readonly controller = new AbortController();
  private readonly allowCleartextPassword: boolean;
  private noDelay: boolean | undefined;

  /**
   * `allowCleartextPassword` (libpq `require_auth=password`): let pg answer
   * AuthenticationCleartextPassword on an unencrypted connection. By default
   * the request ends the connection before pg sees it.
   */
  constructor(source: net.Socket | ((port: number, host: string, signal: AbortSignal) => Promise<net.Socket>), options: { allowCleartextPassword?: boolean } = {}) {
    super();
    this.allowCleartextPassword = options.allowCleartextPassword === true;
    if (typeof source === 'function') this.negotiate = source;
    else this.attach(source);
  }

  private negotiate: ((port: number, host: string, signal: AbortSignal) => Promise<net.Socket>) | undefined;

  private attach(inner: net.Socket): void {
    this.inner = inner;
    if (this.noDelay !== undefined) inner.setNoDelay(this.noDelay);
    // Over TLS the password is encrypted; on a plain socket a clear-text request is refused before pg reads it.
    const guard = (inner as tls.TLSSocket).encrypted || this.allowCleartextPassword ? undefined : new AuthGuard();
    inner.on('data', (chunk: Buffer) => {
      if (this.destroyed) return;
      let data = chunk;
      if (guard && !guard.done) {
        const step = guard.feed(chunk);
        if ('refuse' in step) {
          inner.destroy();
          this.destroy(step.refuse);
          return;
        }
        data = step.forward;
        if (!data.length) return;
      }
      if (!this.push(data)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
    inner.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
    const pending = this.pendingWrite;
    this.pendingWrite = undefined;
    pending?.();
  }

  connect(port?: number, host?: string): this {
    const negotiate = this.negotiate;
    if (!negotiate) {
      process.nextTick(() => this.emit('connect'));
      return this;
    }
    this.negotiate = undefined;
    negotiate(Number(port), String(host), this.controller.signal).then(
      (socket) => {
        if (this.destroyed) return void socket.destroy();
        this.attach(socket);
        this.emit('connect');
      },
      (error: unknown) => this.destroy(error as Error),
    );
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    // pg calls this before connect(), when there is no socket yet: kept and applied on attach
    // (without it every pooled connection ran with Nagle's algorithm, 1.7x slower per query).
    this.noDelay = noDelay;
    this.inner?.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.inner?.setKeepAlive(enable, delay);
    return this;
  }

  ref(): this {
    this.inner?.ref();
    return this;
  }

  unref(): this {
    this.inner?.unref();
    return this;
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.inner) this.inner.write(chunk, encoding, callback);
    else this.pendingWrite = () => this.inner!.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.inner) return callback();
    this.inner.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.controller.abort(error ?? new Error('The stream was closed.'));
    this.inner?.destroy();
    callback(error);
  }
}
