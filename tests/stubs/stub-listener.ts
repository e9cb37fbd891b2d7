/**
 * The TCP/TLS layer shared by the protocol stubs: one loopback listener on an
 * ephemeral port that serves plain TCP, TLS only, or both on the same port
 * (detected from the first byte, 0x16 = TLS handshake record), with the
 * generated certificates, optionally requiring a client certificate.
 */
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

export type StubTransport = 'plain' | 'tls' | 'optional';

export interface StubListenerOptions {
  transport: StubTransport;
  /** Server certificate and key files (TLS transports). */
  certFile?: string;
  keyFile?: string;
  /** CA file used to check client certificates; with `requireClientCert`. */
  clientCaFile?: string;
  requireClientCert?: boolean;
  /** Called for every connection, TLS already established when `encrypted`. */
  onConnection(socket: net.Socket, info: { encrypted: boolean }): void;
}

export interface StubListener {
  port: number;
  /** Connections seen: plain or TLS, and what the first bytes were. */
  connections: { encrypted: boolean; servername: string | null }[];
  /** TLS errors seen on the server side (e.g. missing client certificate). */
  tlsErrors: string[];
  close(): Promise<void>;
}

export async function startStubListener(options: StubListenerOptions): Promise<StubListener> {
  const sockets = new Set<net.Socket>();
  const connections: StubListener['connections'] = [];
  const tlsErrors: string[] = [];
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  let tlsServer: tls.Server | undefined;
  if (options.transport !== 'plain') {
    tlsServer = tls.createServer({
      cert: readFileSync(options.certFile!),
      key: readFileSync(options.keyFile!),
      ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(options.clientCaFile!) } : {}),
    });
    tlsServer.on('secureConnection', (socket: tls.TLSSocket) => {
      track(socket);
      connections.push({ encrypted: true, servername: (socket as unknown as { servername?: string | false }).servername || null });
      options.onConnection(socket, { encrypted: true });
    });
    tlsServer.on('tlsClientError', (error, socket) => {
      tlsErrors.push((error as Error & { code?: string }).code ?? error.message);
      socket.destroy();
    });
  }
  const server = net.createServer((socket) => {
    track(socket);
    if (options.transport === 'tls') {
      tlsServer!.emit('connection', socket);
      return;
    }
    if (options.transport === 'plain') {
      connections.push({ encrypted: false, servername: null });
      options.onConnection(socket, { encrypted: false });
      return;
    }
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x16) tlsServer!.emit('connection', socket);
      else {
        connections.push({ encrypted: false, servername: null });
        options.onConnection(socket, { encrypted: false });
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections,
    tlsErrors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
