/**
 * A loopback TCP proxy that records what each client connection sent before
 * and after its TLS ClientHello, so tests can count TLS handshakes per
 * physical connection and prove that no login went over in plain text. It can
 * also, from a given moment, impersonate the server's TLS (answer the client's
 * ClientHello itself with another certificate) or send new connections to
 * another upstream port.
 */
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

/** What one client connection sent. */
export interface WatchedConnection {
  /** Bytes sent by the client (capped at 256 KiB). */
  sent: Buffer;
  /**
   * TLS handshakes the client started: ClientHello records with distinct
   * client randoms (a second ClientHello after a HelloRetryRequest repeats the
   * random and belongs to the same handshake).
   */
  readonly clientHellos: number;
  /** What the client sent before its first ClientHello (everything, when it sent none). */
  readonly plainPrefix: Buffer;
  /** Whether this connection was answered by the impersonating TLS server. */
  impersonated: boolean;
}

export interface WatchProxy {
  port: number;
  readonly connections: WatchedConnection[];
  /** Forget the connections seen so far. */
  reset(): void;
  /** From now on, answer each new connection's ClientHello with this certificate (PEM files). */
  impersonate(certFile: string, keyFile: string): Promise<void>;
  /** From now on, send new connections to this port. */
  retarget(port: number): void;
  /** Ends every connection open now (as a server that restarts with a new certificate does). */
  dropAll(): void;
  close(): Promise<void>;
}

const CAP = 256 * 1024;

/**
 * Offsets of TLS records holding a ClientHello: record type 0x16, version 3.x,
 * handshake type 1, a handshake length that fills the record, and
 * legacy_version 3.x. Ciphertext cannot pass all of these by chance.
 */
export function clientHelloOffsets(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(0x16); i !== -1 && i + 10 < bytes.length; i = bytes.indexOf(0x16, i + 1)) {
    if (bytes[i + 1] !== 0x03 || bytes[i + 2]! < 0x01 || bytes[i + 2]! > 0x04 || bytes[i + 5] !== 0x01) continue;
    const recordLength = bytes.readUInt16BE(i + 3);
    if (bytes.readUIntBE(i + 6, 3) !== recordLength - 4 || bytes[i + 9] !== 0x03) continue;
    out.push(i);
    i += 4 + recordLength;
  }
  return out;
}

function watched(): WatchedConnection {
  return {
    sent: Buffer.alloc(0),
    impersonated: false,
    get clientHellos() {
      return new Set(clientHelloOffsets(this.sent).map((at) => this.sent.subarray(at + 11, at + 43).toString('hex'))).size;
    },
    get plainPrefix() {
      const first = clientHelloOffsets(this.sent)[0];
      return first === undefined ? this.sent : this.sent.subarray(0, first);
    },
  };
}

/**
 * Starts the proxy on a free loopback port in front of `targetPort`.
 *
 * @example
 * ```ts
 * const proxy = await startWatchProxy(5432);
 * // … connect through proxy.port …
 * expect(proxy.connections.every((c) => c.clientHellos === 1)).toBe(true);
 * ```
 */
export async function startWatchProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<WatchProxy> {
  let connections: WatchedConnection[] = [];
  let upstreamPort = targetPort;
  let fake: tls.Server | undefined;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    return s;
  };
  const server = net.createServer((client) => {
    track(client);
    const record = watched();
    connections.push(record);
    const fakeServer = fake;
    let upstream = track(net.connect({ host: targetHost, port: upstreamPort }));
    let switched = false;
    client.on('data', (chunk: Buffer) => {
      if (record.sent.length < CAP) record.sent = Buffer.concat([record.sent, chunk]);
      if (fakeServer && !switched && clientHelloOffsets(chunk).length > 0) {
        // Hand the rest of this connection to the impersonating TLS server.
        switched = true;
        record.impersonated = true;
        upstream.unpipe(client);
        upstream.destroy();
        const at = clientHelloOffsets(chunk)[0]!;
        upstream = track(net.connect({ host: '127.0.0.1', port: (fakeServer.address() as net.AddressInfo).port }));
        upstream.write(chunk.subarray(at));
        upstream.pipe(client);
        upstream.on('close', () => client.destroy());
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    upstream.on('close', () => {
      if (!switched) client.destroy();
    });
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    reset() {
      connections = [];
    },
    async impersonate(certFile, keyFile) {
      const next = tls.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (s) => {
        track(s);
        s.end();
      });
      next.on('tlsClientError', () => undefined);
      await new Promise<void>((resolve) => next.listen(0, '127.0.0.1', resolve));
      fake = next;
    },
    retarget(port) {
      upstreamPort = port;
    },
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        fake?.close();
        server.close(() => resolve());
      }),
  };
}
