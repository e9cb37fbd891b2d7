import { resolveSrv } from 'node:dns/promises';
import { isClientCertificateAlert, tlsHandshakeProbe, type EngineProbe, type ProbeHandshakeContext } from '@dbtls/core';

/** Errors that mean "the port answered, but not in TLS": it speaks plain text. */
const PLAIN_ANSWER = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);
/** Errors that mean the port broke off the ClientHello without a word. */
const BROKEN_OFF = new Set(['ECONNRESET', 'EPIPE']);

/** Options of {@link directTlsProbe}. */
export interface DirectTlsProbeOptions {
  /** Ports where the engine usually serves TLS when the given one has none. */
  tlsPorts?: (port: number) => number[];
  /** ALPN protocols to offer (etcd's gRPC: `h2`). */
  alpn?: string[];
  /** Where to connect for a target (MongoDB `+srv`: the first SRV record). */
  resolve?: (ctx: ProbeHandshakeContext) => Promise<{ host: string; port: number }>;
  /** How long to wait after the handshake for a TLS 1.3 client-certificate alert. Default 250 ms. */
  awaitAlertMs?: number;
}

/**
 * The `dbtls probe` capability of engines whose TLS starts with the first
 * byte (Redis, etcd, ClickHouse, MongoDB, Cassandra, Oracle TCPS): one
 * unvalidated handshake, no application byte, then a short wait for a TLS 1.3
 * "certificate required" alert. A port that answers the ClientHello in plain
 * text speaks plain text (no TLS on this port, plain accepted); one that never
 * answers it (within 3 s) has no TLS either; a refused connection is an error
 * for the probe to diagnose.
 *
 * @example
 * ```ts
 * probe: directTlsProbe({ tlsPorts: (port) => (port === 8123 ? [8443] : port === 9000 ? [9440] : []) })
 * ```
 */
export function directTlsProbe(options: DirectTlsProbeOptions = {}): EngineProbe {
  return {
    async handshake(ctx) {
      const where = options.resolve ? await options.resolve(ctx) : { host: ctx.target.host, port: ctx.port };
      const seen = await tlsHandshakeProbe({
        host: where.host,
        port: where.port,
        // A plain-text server (Redis) may wait for more input instead of answering the ClientHello.
        timeoutMs: Math.max(1, Math.min(3000, Math.round(ctx.timeoutMs * 0.8))),
        signal: ctx.signal,
        awaitAlertMs: options.awaitAlertMs ?? 250,
        ...(ctx.servername ? { servername: ctx.servername } : {}),
        ...(options.alpn ? { alpn: options.alpn } : {}),
      });
      const method = `direct TLS${options.alpn ? ` (ALPN ${options.alpn.join(', ')})` : ''}${where.host !== ctx.target.host ? ` to ${where.host}:${where.port}` : ''}`;
      if (seen.speaksTls) {
        const clientCertificateRequired = isClientCertificateAlert(seen.alert);
        return {
          method,
          offersTls: true,
          plainAccepted: null,
          tls: seen.report,
          evidence: [`completed a TLS handshake${seen.alpnProtocol ? ` (ALPN ${seen.alpnProtocol})` : ''}`, ...(clientCertificateRequired ? [`then refused the connection without a client certificate (${seen.alert?.code ?? seen.alert?.message})`] : [])],
          connections: 1,
          clientCertificateRequired,
        };
      }
      const code = seen.error?.code ?? '';
      const error = { code: code || null, message: seen.error?.message ?? 'no TLS handshake' };
      if (PLAIN_ANSWER.has(code) || /wrong version number|http request|packet length too long/i.test(error.message)) {
        return { method, offersTls: false, plainAccepted: true, tls: null, evidence: [`answered the TLS ClientHello in plain text (${code || error.message}): this port speaks plain text`], connections: 1, error };
      }
      if (BROKEN_OFF.has(code)) {
        return { method, offersTls: false, plainAccepted: null, tls: null, evidence: [`broke off the TLS ClientHello (${code}): no TLS on this port`], connections: 1, error };
      }
      if (code === 'ETIMEDOUT') {
        return { method, offersTls: false, plainAccepted: null, tls: null, evidence: ['accepted the TCP connection but never answered the TLS ClientHello: a plain-text port waiting for more input (Redis does this), or a server that is stuck'], connections: 1, error };
      }
      throw Object.assign(new Error(error.message), { code: code || undefined });
    },
    ...(options.tlsPorts ? { tlsPorts: options.tlsPorts } : {}),
  };
}

/**
 * Resolves a `mongodb+srv://` target to its first SRV record (other URLs as they are).
 *
 * @example
 * ```ts
 * await srvTarget(ctx); // { host: 'shard-00-00.abc.mongodb.net', port: 27017 }
 * ```
 */
export async function srvTarget(ctx: ProbeHandshakeContext): Promise<{ host: string; port: number }> {
  if (!/^mongodb\+srv:/i.test(ctx.url)) return { host: ctx.target.host, port: ctx.port };
  const records = await resolveSrv(`_mongodb._tcp.${ctx.target.host}`);
  const first = records.sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
  if (!first) throw Object.assign(new Error(`No SRV record for _mongodb._tcp.${ctx.target.host}.`), { code: 'ENOTFOUND' });
  return { host: first.name, port: first.port };
}
