import type * as net from 'node:net';
import { Duplex } from 'node:stream';
import { encodePackets, TdsPacketReader, TDS_PACKET, TDS_STATUS_EOM } from './mssql-prelogin.js';

/**
 * Carries a TLS handshake inside TDS PRELOGIN packets, as TDS 7.x does: while
 * `framing` is on, every flight written by the TLS layer goes out as one
 * PRELOGIN message and the payloads of the server's packets are handed back;
 * once the handshake is done, `stopFraming()` makes it a plain pass-through
 * (TLS records directly over TCP).
 *
 * @example
 * ```ts
 * const carrier = new PreloginTlsCarrier(raw);
 * const secure = tls.connect({ socket: carrier, ...options });
 * secure.once('secureConnect', () => carrier.stopFraming());
 * ```
 */
export class PreloginTlsCarrier extends Duplex {
  private framing = true;
  private pending: Buffer[] = [];
  private flushScheduled = false;
  private readonly reader = new TdsPacketReader();

  constructor(private readonly raw: net.Socket) {
    super();
    raw.on('data', (chunk: Buffer) => this.onData(chunk));
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
  }

  private onData(chunk: Buffer): void {
    if (!this.framing) {
      this.push(chunk);
      return;
    }
    let packets;
    try {
      packets = this.reader.push(chunk);
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    for (const packet of packets) this.push(packet.payload);
  }

  /** Handshake done: from now on, TLS records go directly over TCP. */
  stopFraming(): void {
    this.flush();
    this.framing = false;
    const rest = this.reader.rest();
    if (rest.length) this.push(rest);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.pending.length) return;
    const flight = Buffer.concat(this.pending);
    this.pending = [];
    this.raw.write(encodePackets(TDS_PACKET.PRELOGIN, flight));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.framing) {
      this.raw.write(chunk, callback);
      return;
    }
    // One flight (several writes in one turn of the event loop) = one PRELOGIN message.
    this.pending.push(chunk);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    callback();
  }

  override _read(): void {
    this.raw.resume();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush();
    this.raw.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}

/**
 * The socket handed to tedious after dbtls has done the PRELOGIN exchange
 * (and TLS, if any) itself. tedious runs with `encrypt: false`: its own
 * PRELOGIN is answered here, from the server's real answer with ENCRYPTION
 * rewritten to NOT_SUP, and never reaches the server; everything after it
 * (LOGIN7, batches) flows through `inner`, which is the TLS socket when the
 * session is encrypted.
 *
 * @example
 * ```ts
 * const transport = new TdsTransport(tlsSocket, raw, answerForTedious);
 * new Connection({ server, options: { encrypt: false, connector: async () => transport } });
 * ```
 */
export class TdsTransport extends Duplex {
  private prelogin: TdsPacketReader | null = new TdsPacketReader();

  constructor(
    private readonly inner: Duplex,
    private readonly raw: net.Socket,
    private readonly preloginAnswer: Buffer,
  ) {
    super();
    inner.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
    inner.on('close', () => this.destroy());
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.prelogin) {
      this.inner.write(chunk, callback);
      return;
    }
    let packets;
    try {
      packets = this.prelogin.push(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    for (let i = 0; i < packets.length; i++) {
      const packet = packets[i]!;
      if (packet.type !== TDS_PACKET.PRELOGIN) {
        callback(new Error(`unexpected TDS packet type 0x${packet.type.toString(16)} before PRELOGIN`));
        return;
      }
      if (packet.status & TDS_STATUS_EOM) {
        const rest = Buffer.concat([...packets.slice(i + 1).map((p) => p.bytes), this.prelogin.rest()]);
        this.prelogin = null;
        this.push(encodePackets(TDS_PACKET.TABULAR_RESULT, this.preloginAnswer));
        if (rest.length) {
          this.inner.write(rest, callback);
          return;
        }
        break;
      }
    }
    callback();
  }

  override _read(): void {
    this.inner.resume();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    this.raw.destroy();
    callback(error);
  }

  /** net.Socket API tedious calls; applied to the TCP socket. */
  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.raw.setKeepAlive(enable, initialDelay);
    return this;
  }

  /** net.Socket API; applied to the TCP socket. */
  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay);
    return this;
  }

  /** net.Socket API; applied to the TCP socket. */
  setTimeout(timeout: number, callback?: () => void): this {
    this.raw.setTimeout(timeout, callback);
    return this;
  }
}
