import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { AbstractConnector } from 'ioredis';
import { TLS_NO_ANSWER_CODE } from './redis-patterns.js';

/** What the connector saw of its socket, for diagnosis and the TLS report. */
export interface RedisSocketWatch {
  socket: net.Socket | TLSSocket | null;
  tcpConnected: boolean;
  secured: boolean;
}

/** What {@link redisConnectorClass} needs. */
export interface RedisConnectorPlan {
  host: string;
  port: number;
  /** Node TLS options (ioredis `tls`), or undefined for plain TCP. */
  tls: ConnectionOptions | undefined;
  /** Epoch milliseconds by which the socket must be ready. */
  deadline: number;
  watch: RedisSocketWatch;
}

type AbstractConnectorClass = typeof AbstractConnector;

/** Longest wait for the server's first TLS 1.3 post-handshake message. */
const POST_HANDSHAKE_WAIT_MS = 1000;

/**
 * Builds an ioredis `Connector` (a supported ioredis option) that opens the
 * socket exactly as ioredis's standalone connector does (`tls.connect` with
 * the `tls` options, or `net.createConnection`), but hands it over only once
 * the TLS handshake is complete, and rejects with the real error: ioredis
 * itself rejects `connect()` with a bare "Connection is closed." A port that
 * accepts TCP but never answers the ClientHello (a plain Redis port) is
 * reported as such when the deadline passes.
 *
 * @example
 * ```ts
 * const Connector = redisConnectorClass(AbstractConnector, { host, port, tls: undefined, deadline: Date.now() + 5000, watch });
 * new Redis({ host, port, Connector, lazyConnect: true });
 * ```
 */
export function redisConnectorClass(Base: AbstractConnectorClass, plan: RedisConnectorPlan): new (options: unknown) => AbstractConnector {
  class DbtlsRedisConnector extends Base {
    constructor(_options: unknown) {
      super(1000);
    }

    connect(): Promise<net.Socket> {
      this.connecting = true;
      const { host, port, watch } = plan;
      return new Promise((resolve, reject) => {
        const socket = plan.tls ? tls.connect({ host, port, ...plan.tls }) : net.createConnection({ host, port });
        watch.socket = socket;
        this.stream = socket as never;
        let settled = false;
        const settle = (error: Error | undefined) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (error) {
            this.firstError = error;
            socket.destroy();
            reject(error);
          } else resolve(socket);
        };
        const timer = setTimeout(() => {
          const error =
            plan.tls && watch.tcpConnected
              ? Object.assign(new Error(`${host}:${port} accepted the TCP connection but never answered the TLS handshake.`), { code: TLS_NO_ANSWER_CODE })
              : Object.assign(new Error(`connect ETIMEDOUT ${host}:${port}`), { code: 'ETIMEDOUT' });
          settle(error);
        }, Math.max(1, plan.deadline - Date.now()));
        socket.once('connect', () => {
          watch.tcpConnected = true;
          if (!plan.tls) settle(undefined);
        });
        socket.once('secureConnect', () => {
          watch.secured = true;
          const tlsSocket = socket as TLSSocket;
          if (tlsSocket.getProtocol?.() !== 'TLSv1.3') return settle(undefined);
          // In TLS 1.3 the server judges the client certificate after the client's
          // handshake is done: a refusal arrives as an alert, a success as session
          // tickets. Waiting for either (briefly) keeps the alert from being lost
          // to a reset when ioredis writes its first command into a closing
          // connection; servers that send no tickets just cost the short wait.
          const grace = setTimeout(() => settle(undefined), Math.max(1, Math.min(POST_HANDSHAKE_WAIT_MS, (plan.deadline - Date.now()) / 4)));
          tlsSocket.once('session', () => {
            clearTimeout(grace);
            // 'session' is emitted from inside OpenSSL's ticket callback: writing
            // there (ioredis sends HELLO at once) breaks the record layer.
            setImmediate(() => settle(undefined));
          });
          socket.once('close', () => clearTimeout(grace));
        });
        socket.once('error', (error) => settle(error));
        socket.once('close', () => settle(Object.assign(new Error(`${host}:${port} closed the connection before it was ready.`), { code: 'ECONNRESET' })));
      });
    }
  }
  return DbtlsRedisConnector as unknown as new (options: unknown) => AbstractConnector;
}
