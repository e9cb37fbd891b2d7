import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { tlsReportFromSocket, type TlsReport } from './tls-report.js';

/**
 * Options of {@link tlsHandshakeProbe}.
 *
 * @example
 * ```ts
 * { host: 'localhost', port: 5432, servername: 'localhost', alpn: ['postgresql'], timeoutMs: 2000 }
 * ```
 */
export interface TlsHandshakeProbeOptions {
  host: string;
  port: number;
  /** SNI; omit for IP addresses. */
  servername?: string;
  /** ALPN protocols to offer, e.g. `['postgresql']` or `['tds/8.0']`. */
  alpn?: string[];
  /** Trust anchors for the handshake's own `authorized` flag (informational). */
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Run the handshake over this stream (after a protocol's own upgrade) instead of a new TCP connection. */
  socket?: Duplex;
  timeoutMs: number;
  signal?: AbortSignal;
  /** After the handshake, wait this long for an alert (a TLS 1.3 server refusing a missing client certificate). */
  awaitAlertMs?: number;
  /** Called with the live socket right after the handshake, before the report is read; `false` skips the alert wait. */
  onSecure?(socket: TLSSocket): boolean | void;
}

/** What {@link tlsHandshakeProbe} saw. */
export interface TlsHandshakeProbeResult {
  /** The server completed a TLS handshake. */
  speaksTls: boolean;
  report: TlsReport | null;
  /** The ALPN protocol the server selected, or null. */
  alpnProtocol: string | null;
  /** Why the handshake did not complete. */
  error?: Error & { code?: string };
  /** An alert the server sent after the handshake (with `awaitAlertMs`). */
  alert?: Error & { code?: string };
}

/**
 * One TLS handshake that validates nothing and sends no application byte:
 * reads what the server presents (the chain is kept on the report, see
 * `peerChainOf`) and closes. Resolves (never rejects) within `timeoutMs`.
 *
 * @example
 * ```ts
 * const seen = await tlsHandshakeProbe({ host: 'localhost', port: 6380, servername: 'localhost', timeoutMs: 2000 });
 * if (seen.speaksTls) console.log(seen.report?.protocol);
 * ```
 */
export function tlsHandshakeProbe(options: TlsHandshakeProbeOptions): Promise<TlsHandshakeProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    const socket = tls.connect({
      ...(options.socket ? { socket: options.socket as never } : { host: options.host, port: options.port }),
      ...(options.servername ? { servername: options.servername } : {}),
      ...(options.alpn ? { ALPNProtocols: options.alpn } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert && options.key ? { cert: options.cert, key: options.key, ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}) } : {}),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    let secured: TlsHandshakeProbeResult | undefined;
    const finish = (result: TlsHandshakeProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      options.socket?.destroy();
      resolve(result);
    };
    const failure = (error: Error & { code?: string }): TlsHandshakeProbeResult => ({ speaksTls: false, report: null, alpnProtocol: null, error });
    const onAbort = () => finish(secured ?? failure(Object.assign(new Error('probe aborted'), { code: 'DBTLS_PROBE_ABORTED' })));
    const timer = setTimeout(() => finish(secured ?? failure(Object.assign(new Error('no TLS answer in time'), { code: 'ETIMEDOUT' }))), Math.max(1, options.timeoutMs));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const wait = options.onSecure?.(socket) !== false;
      secured = { speaksTls: true, report: tlsReportFromSocket(socket), alpnProtocol: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null };
      if (!options.awaitAlertMs || !wait) return finish(secured);
      socket.resume();
      setTimeout(() => finish(secured!), options.awaitAlertMs);
    });
    socket.on('error', (error: Error & { code?: string }) => finish(secured ? { ...secured, alert: error } : failure(error)));
    socket.once('close', () => finish(secured ?? failure(Object.assign(new Error('closed before the TLS handshake completed'), { code: 'ECONNRESET' }))));
  });
}

/** Node/OpenSSL codes of a TLS 1.3 server's alert refusing a missing client certificate. */
export const CLIENT_CERT_ALERTS = ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'] as const;

/**
 * True when an alert after the handshake means "client certificate required".
 *
 * @example
 * ```ts
 * isClientCertificateAlert(seen.alert); // true for ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED
 * ```
 */
export function isClientCertificateAlert(alert: { code?: string; message?: string } | undefined): boolean {
  return Boolean(alert && ((alert.code && (CLIENT_CERT_ALERTS as readonly string[]).includes(alert.code)) || /certificate required/i.test(alert.message ?? '')));
}
