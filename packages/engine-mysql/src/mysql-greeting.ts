import type { Socket } from 'node:net';

/**
 * `CLIENT_SSL` in the server greeting's capability flags: the server can switch to TLS.
 *
 * @example
 * ```ts
 * const offersTls = (capabilities & CLIENT_SSL) !== 0;
 * ```
 */
export const CLIENT_SSL = 0x0800;

/**
 * What the first packet of a MySQL/MariaDB connection says, read before any
 * byte is sent by the client.
 *
 * @example
 * ```ts
 * { kind: 'handshake', protocolVersion: 10, serverVersion: '10.11.19-MariaDB', capabilities: 0xf7fe, offersTls: true }
 * ```
 */
export type ServerGreeting =
  | { kind: 'handshake'; protocolVersion: number; serverVersion: string; capabilities: number; offersTls: boolean; mariadb: boolean }
  /** The server refused before the handshake (too many connections, host blocked...). */
  | { kind: 'error'; errno: number; message: string }
  /** Something that is not a MySQL protocol v10 greeting. */
  | { kind: 'unknown'; reason: string };

/**
 * Parses the payload of the first packet (without its 4-byte header).
 *
 * @example
 * ```ts
 * parseGreeting(payload).kind; // 'handshake'
 * ```
 */
export function parseGreeting(payload: Buffer): ServerGreeting {
  if (payload.length === 0) return { kind: 'unknown', reason: 'empty packet' };
  const first = payload[0]!;
  if (first === 0xff) {
    const errno = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
    let text = payload.subarray(3).toString('utf8');
    if (text.startsWith('#')) text = text.slice(6);
    return { kind: 'error', errno, message: text };
  }
  if (first !== 10) return { kind: 'unknown', reason: `protocol version ${first} (expected 10)` };
  const nul = payload.indexOf(0, 1);
  if (nul < 0) return { kind: 'unknown', reason: 'truncated server version' };
  const rawVersion = payload.subarray(1, nul).toString('latin1');
  // connection id (4), auth data part 1 (8), filler (1), then the lower capability flags (2).
  const capsAt = nul + 1 + 4 + 8 + 1;
  if (payload.length < capsAt + 2) return { kind: 'unknown', reason: 'truncated greeting' };
  let capabilities = payload.readUInt16LE(capsAt);
  // charset (1), status (2), upper capability flags (2), when present.
  if (payload.length >= capsAt + 2 + 3 + 2) capabilities |= payload.readUInt16LE(capsAt + 5) << 16;
  const mariadb = /mariadb/i.test(rawVersion);
  return {
    kind: 'handshake',
    protocolVersion: first,
    // MariaDB prefixes "5.5.5-" so that old replication clients accept it.
    serverVersion: mariadb ? rawVersion.replace(/^5\.5\.5-/, '') : rawVersion,
    capabilities: capabilities >>> 0,
    offersTls: (capabilities & CLIENT_SSL) !== 0,
    mariadb,
  };
}

/**
 * Reads the server's first packet from a freshly connected socket without
 * consuming it: the bytes are pushed back (`unshift`) and the socket is left
 * paused, so a driver given the same socket reads the greeting itself. Sends
 * nothing.
 *
 * @example
 * ```ts
 * const greeting = await peekGreeting(socket, signal);
 * if (greeting.kind === 'handshake' && !greeting.offersTls) console.log('no TLS here');
 * ```
 */
export function peekGreeting(socket: Socket, signal?: AbortSignal): Promise<ServerGreeting> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const all = Buffer.concat(chunks, size);
      if (all.length < 4) return;
      const length = all.readUIntLE(0, 3);
      if (all.length < 4 + length) return;
      cleanup();
      socket.pause();
      socket.unshift(all);
      resolve(parseGreeting(all.subarray(4, 4 + length)));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('Connection lost: the server closed the connection before sending its greeting.'), { code: 'PROTOCOL_CONNECTION_LOST' }));
    };
    const onAbort = () => {
      cleanup();
      reject(signal!.reason);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}
