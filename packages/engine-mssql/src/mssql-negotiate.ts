import * as net from 'node:net';
import * as tls from 'node:tls';
import { nodeTlsOptions, tlsReportFromSocket, type SslMode, type TlsMaterial, type TlsReport } from '@dbtls/core';
import { buildPrelogin, encodePackets, ENCRYPT, encryptName, parsePrelogin, TdsPacketReader, TDS_PACKET, TDS_STATUS_EOM, withEncryption, type EncryptName, type PreloginPayload } from './mssql-prelogin.js';
import { PreloginTlsCarrier, TdsTransport } from './mssql-transport.js';

/**
 * What dbtls decides from the server's PRELOGIN answer, per mode.
 * `tls`: handshake now; `plain`: go on unencrypted; `fail-*`: stop before LOGIN7.
 */
export type TdsDecision = 'tls' | 'plain' | 'plain-fallback' | 'fail-requires-tls' | 'fail-lacks-tls' | 'fail-login-only';

/**
 * The ENCRYPTION value dbtls sends for a mode: NOT_SUP for `disabled` (no
 * TLS at all, as tedious's `encrypt: false`), ON for every other mode. dbtls
 * never sends OFF, so it never asks for login-only encryption.
 *
 * @example
 * ```ts
 * requestedEncryption('preferred'); // 1 (ENCRYPT_ON)
 * ```
 */
export function requestedEncryption(mode: SslMode): number {
  return mode === 'disabled' ? ENCRYPT.NOT_SUP : ENCRYPT.ON;
}

/**
 * Pure decision table: mode × the server's ENCRYPTION answer (MS-TDS 2.2.6.5).
 * - ON / REQ: TLS, except `disabled`, which fails (the server forces encryption);
 * - NOT_SUP: plain for `disabled`, plain with `fellBack` for `preferred`, failure otherwise;
 * - OFF (login-only encryption; a conforming server never answers it to ON): plain for
 *   `disabled`, failure otherwise (MS-TDS: the client terminates).
 *
 * @example
 * ```ts
 * decideTds('preferred', ENCRYPT.NOT_SUP); // 'plain-fallback'
 * ```
 */
export function decideTds(mode: SslMode, answer: number): TdsDecision {
  const name = encryptName(answer);
  if (mode === 'disabled') return name === 'ON' || name === 'REQ' ? 'fail-requires-tls' : 'plain';
  if (name === 'ON' || name === 'REQ') return 'tls';
  if (name === 'NOT_SUP') return mode === 'preferred' ? 'plain-fallback' : 'fail-lacks-tls';
  return 'fail-login-only';
}

/** An error from the PRELOGIN exchange, shaped like tedious's (`code` EENCRYPT). */
export interface TdsNegotiationError extends Error {
  code: 'EENCRYPT' | 'EPRELOGIN';
  /** The server's ENCRYPTION answer. */
  serverEncryption?: EncryptName;
}

function negotiationError(decision: TdsDecision, answer: EncryptName, mode: SslMode): TdsNegotiationError {
  const messages: Record<string, string> = {
    'fail-requires-tls': `Server requires encryption: it answered ENCRYPT_${answer} to a PRELOGIN without encryption, and the mode "disabled" never encrypts.`,
    'fail-lacks-tls': `Server did not negotiate encryption: it answered ENCRYPT_NOT_SUP (the server does not support encryption), and the mode "${mode}" never sends a byte in plain text.`,
    'fail-login-only': `Server did not negotiate encryption: it answered ENCRYPT_OFF (encrypt the login packet only) to a request for encryption; MS-TDS says the client then ends the connection, and the mode "${mode}" needs the whole session encrypted.`,
  };
  return Object.assign(new Error(messages[decision] ?? 'PRELOGIN failed'), { code: 'EENCRYPT' as const, serverEncryption: answer });
}

/** The outcome of dbtls's PRELOGIN exchange, ready for tedious. */
export interface NegotiatedTds {
  /** The socket to give tedious (`encrypt: false`, `connector: () => transport`). */
  transport: TdsTransport;
  encrypted: boolean;
  fellBack: boolean;
  tls: TlsReport | null;
  /** The ENCRYPTION value dbtls sent. */
  requested: EncryptName;
  /** The server's ENCRYPTION answer. */
  answer: EncryptName;
  /** The version in the server's PRELOGIN answer. */
  serverVersion: string | null;
  /** TDS 8 only: the ALPN protocol the server selected (`tds/8.0`), or null if it selected none. */
  alpn?: string | null;
}

function whenAborted(signal: AbortSignal, cleanup: () => void): { promise: Promise<never>; dispose: () => void } {
  let dispose = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  promise.catch(() => undefined);
  return { promise, dispose };
}

function readPreloginAnswer(raw: net.Socket | tls.TLSSocket): Promise<{ payload: PreloginPayload; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const reader = new TdsPacketReader();
    const parts: Buffer[] = [];
    const done = (error: Error | null, value?: { payload: PreloginPayload; rest: Buffer }) => {
      raw.off('data', onData);
      raw.off('error', onError);
      raw.off('end', onEnd);
      if (error) reject(error);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      try {
        for (const packet of reader.push(chunk)) {
          if (packet.type !== TDS_PACKET.TABULAR_RESULT) throw Object.assign(new Error(`The server answered PRELOGIN with TDS packet type 0x${packet.type.toString(16)}: this is not a SQL Server (TDS) endpoint.`), { code: 'EPRELOGIN' });
          parts.push(packet.payload);
          if (packet.status & TDS_STATUS_EOM) {
            raw.pause();
            return done(null, { payload: parsePrelogin(Buffer.concat(parts)), rest: reader.rest() });
          }
        }
      } catch (error) {
        done(Object.assign(error as Error, { code: (error as { code?: string }).code ?? 'EPRELOGIN' }));
      }
    };
    const onError = (error: Error) => done(error);
    const onEnd = () => done(Object.assign(new Error('The server closed the connection during PRELOGIN (socket hang up).'), { code: 'ECONNRESET' }));
    raw.on('data', onData);
    raw.once('error', onError);
    raw.once('end', onEnd);
  });
}

/**
 * Opens one TCP connection and does TDS 7.x's encryption negotiation itself:
 * PRELOGIN with ENCRYPTION ON (NOT_SUP for `disabled`), then, on the
 * server's ON/REQ answer, the TLS handshake carried in PRELOGIN packets with
 * Node's options for the mode (chain and name checks exactly as the mode
 * says), all before LOGIN7 (user name, obfuscated password) is sent. A
 * NOT_SUP answer lets `preferred` go on in plain text on the same
 * connection; every other mismatch fails. With `{ probe: true }` (for
 * `dbtls probe`) it sends ENCRYPTION OFF instead and does the handshake on any
 * answer but NOT_SUP, so the answer shows whether the server forces encryption.
 *
 * @example
 * ```ts
 * const negotiated = await negotiateTds('localhost', 1433, material, signal);
 * ```
 */
export async function negotiateTds(host: string, port: number, material: TlsMaterial, signal: AbortSignal, options: { probe?: boolean } = {}): Promise<NegotiatedTds> {
  const mode = material.mode;
  const probing = options.probe === true;
  const raw = net.connect({ host, port });
  raw.setNoDelay(true);
  const aborted = whenAborted(signal, () => raw.destroy());
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        raw.once('connect', () => {
          raw.off('error', reject);
          resolve();
        });
        raw.once('error', reject);
      }),
      aborted.promise,
    ]);
    // A probe sends OFF, so that the answer tells REQ (encryption forced) from OFF (plain text allowed).
    const sent = probing ? ENCRYPT.OFF : requestedEncryption(mode);
    raw.write(encodePackets(TDS_PACKET.PRELOGIN, buildPrelogin(sent)));
    const { payload, rest } = await Promise.race([readPreloginAnswer(raw), aborted.promise]);
    if (payload.encryption === null) throw Object.assign(new Error('The server\'s PRELOGIN answer has no ENCRYPTION option.'), { code: 'EPRELOGIN' });
    const answer = encryptName(payload.encryption);
    const decision: TdsDecision = probing ? (answer === 'NOT_SUP' ? 'fail-lacks-tls' : 'tls') : decideTds(mode, payload.encryption);
    if (decision.startsWith('fail')) throw negotiationError(decision, answer, mode);
    // tedious runs with encrypt: false and must see "no encryption" to go straight to LOGIN7.
    const forTedious = withEncryption(payload, ENCRYPT.NOT_SUP);
    const base = { requested: encryptName(sent), answer, serverVersion: payload.version };
    if (decision !== 'tls') {
      if (rest.length) raw.unshift(rest);
      const transport = new TdsTransport(raw, raw, forTedious);
      raw.resume();
      return { ...base, transport, encrypted: false, fellBack: decision === 'plain-fallback', tls: null };
    }
    const carrier = new PreloginTlsCarrier(raw);
    if (rest.length) carrier.push(rest);
    raw.resume();
    // TDS 7.x carries TLS 1.2 at most (TLS 1.3 only with TDS 8 strict), as tedious and SQL Server do.
    const options = { ...nodeTlsOptions(material, host), maxVersion: 'TLSv1.2' as const };
    if (material.minVersion === 'TLSv1.3') {
      throw Object.assign(new Error('A minimum of TLS 1.3 cannot be met: TDS 7.x carries TLS 1.2 at most (TLS 1.3 needs TDS 8 strict encryption).'), { code: 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' });
    }
    const secure = tls.connect({ socket: carrier as unknown as net.Socket, ...options });
    const onAbort = whenAborted(signal, () => secure.destroy());
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          secure.once('secureConnect', () => {
            secure.off('error', reject);
            resolve();
          });
          secure.once('error', reject);
        }),
        onAbort.promise,
      ]);
    } catch (error) {
      secure.destroy();
      throw error;
    } finally {
      onAbort.dispose();
    }
    carrier.stopFraming();
    return { ...base, transport: new TdsTransport(secure, raw, forTedious), encrypted: true, fellBack: false, tls: tlsReportFromSocket(secure) };
  } catch (error) {
    raw.destroy();
    throw error;
  } finally {
    aborted.dispose();
  }
}

/** ALPN protocol id of TDS 8 (MS-TDS 2.1: TLS first, then PRELOGIN inside TLS). */
export const TDS8_ALPN = 'tds/8.0';

/**
 * TDS 8 "strict" encryption (SqlClient `Encrypt=Strict`, JDBC and
 * go-mssqldb `encrypt=strict`, tedious `encrypt: 'strict'`): the TLS
 * handshake is the first thing on the TCP connection, with ALPN `tds/8.0`
 * and Node's checks for the mode (TLS 1.3 allowed); PRELOGIN, LOGIN7 and
 * everything after travel inside TLS. There is no plain fallback: a server
 * without TDS 8 fails the handshake.
 *
 * @example
 * ```ts
 * const negotiated = await negotiateTdsStrict('db.example.com', 1433, material, signal);
 * negotiated.alpn; // 'tds/8.0'
 * ```
 */
export async function negotiateTdsStrict(host: string, port: number, material: TlsMaterial, signal: AbortSignal): Promise<NegotiatedTds> {
  const raw = net.connect({ host, port });
  raw.setNoDelay(true);
  const aborted = whenAborted(signal, () => raw.destroy());
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        raw.once('connect', () => {
          raw.off('error', reject);
          resolve();
        });
        raw.once('error', reject);
      }),
      aborted.promise,
    ]);
    const secure = tls.connect({ socket: raw, ...nodeTlsOptions(material, host), ALPNProtocols: [TDS8_ALPN] });
    const onAbort = whenAborted(signal, () => secure.destroy());
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          secure.once('secureConnect', () => {
            secure.off('error', reject);
            resolve();
          });
          secure.once('error', reject);
        }),
        onAbort.promise,
      ]);
      // In TDS 8 the ENCRYPTION option of PRELOGIN no longer negotiates anything: the session is already TLS.
      secure.write(encodePackets(TDS_PACKET.PRELOGIN, buildPrelogin(ENCRYPT.NOT_SUP)));
      const { payload, rest } = await Promise.race([readPreloginAnswer(secure), onAbort.promise]);
      if (rest.length) secure.unshift(rest);
      const transport = new TdsTransport(secure, raw, withEncryption(payload, ENCRYPT.NOT_SUP));
      secure.resume();
      const answer = payload.encryption === null ? 'NOT_SUP' : encryptName(payload.encryption);
      return { transport, encrypted: true, fellBack: false, tls: tlsReportFromSocket(secure), requested: 'NOT_SUP', answer, serverVersion: payload.version, alpn: secure.alpnProtocol || null };
    } catch (error) {
      secure.destroy();
      throw error;
    } finally {
      onAbort.dispose();
    }
  } catch (error) {
    raw.destroy();
    throw error;
  } finally {
    aborted.dispose();
  }
}
