import { tlsHandshakeProbe, type EngineProbe } from '@dbtls/core';
import { CLIENT_SSL, peekGreeting } from './mysql-greeting.js';
import { openSocket } from './mysql-connect.js';

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_LONG_FLAG = 0x4;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_TRANSACTIONS = 0x2000;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;

/**
 * The SSLRequest packet (protocol 4.1, sequence 1): capability flags with
 * `CLIENT_SSL`, max packet size, character set, 23 zero bytes. It carries no
 * user name: the login packet would follow inside TLS.
 *
 * @example
 * ```ts
 * socket.write(sslRequestPacket());
 * ```
 */
export function sslRequestPacket(): Buffer {
  const payload = Buffer.alloc(32);
  payload.writeUInt32LE((CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH) >>> 0, 0);
  payload.writeUInt32LE(0x01000000, 4);
  payload.writeUInt8(45, 8); // utf8mb4_general_ci
  const header = Buffer.from([32, 0, 0, 1]);
  return Buffer.concat([header, payload]);
}

/**
 * `dbtls probe` for MySQL and MariaDB: reads the server greeting with the
 * engine's `peekGreeting` (sends nothing); without `CLIENT_SSL` the server
 * has no TLS and accepts plain text; with it, sends the SSLRequest and does
 * one unvalidated TLS handshake, then closes before any login packet (so no
 * user name is ever sent). Whether plain text would be refused
 * (`require_secure_transport`, `REQUIRE SSL`) is only decided at login: unknown.
 *
 * @example
 * ```ts
 * const seen = await mysqlProbe.handshake({ url, target, port: 3306, timeoutMs: 5000, signal });
 * ```
 */
export const mysqlProbe: EngineProbe = {
  async handshake(ctx) {
    const socket = await openSocket(ctx.target.host, ctx.port, ctx.signal);
    try {
      const greeting = await peekGreeting(socket, ctx.signal);
      if (greeting.kind === 'error') throw Object.assign(new Error(greeting.message), { errno: greeting.errno, code: `ER_${greeting.errno}` });
      if (greeting.kind === 'unknown') throw Object.assign(new Error(`Not a MySQL/MariaDB greeting: ${greeting.reason}.`), { code: 'PROTOCOL_INCORRECT_PACKET_SEQUENCE' });
      const serverVersion = greeting.serverVersion;
      if (!greeting.offersTls) {
        return { method: 'greeting (CLIENT_SSL)', offersTls: false, plainAccepted: true, tls: null, evidence: ['the greeting has no CLIENT_SSL flag: no TLS, plain text accepted'], connections: 1, serverVersion };
      }
      // Drop the greeting peekGreeting pushed back: TLS must start on a clean stream.
      while (socket.read() !== null);
      socket.write(sslRequestPacket());
      const seen = await tlsHandshakeProbe({ host: ctx.target.host, port: ctx.port, socket, timeoutMs: ctx.timeoutMs, signal: ctx.signal, ...(ctx.servername ? { servername: ctx.servername } : {}) });
      if (!seen.speaksTls) throw seen.error ?? new Error('The TLS handshake after the SSLRequest failed.');
      return {
        method: 'greeting CLIENT_SSL + SSLRequest',
        offersTls: true,
        plainAccepted: null,
        tls: seen.report,
        evidence: ['the greeting has the CLIENT_SSL flag; the TLS handshake after the SSLRequest completed'],
        connections: 1,
        serverVersion,
      };
    } finally {
      socket.destroy();
    }
  },
};
