import * as net from 'node:net';
import { errorChain } from '@dbtls/core';

/** Code of the error dbtls raises when a port that did not complete a TLS handshake answered its plain-text protocol. */
export const SERVER_LACKS_TLS_CODE = 'DBTLS_SERVER_LACKS_TLS';

/**
 * A question a server answers in its plain-text protocol without any
 * credential, and how to recognise the answer. Silence, a reset or bytes
 * that are not the protocol are no answer: only a recognised reply is proof
 * that the port speaks plain text (and so lacks TLS).
 */
export interface PlainQuestion {
  /** What the protocol is called in messages (`RESP`, `HTTP`, `MongoDB wire protocol`, `TNS`). */
  protocol: string;
  request(host: string, port: number): Buffer;
  /** A short description of the answer when `reply` is one, else null (read more). */
  recognise(reply: Buffer): string | null;
}

/** Redis: `PING` (answered `+PONG`, or `-NOAUTH …` when a password is set). */
export const RESP_QUESTION: PlainQuestion = {
  protocol: 'RESP (Redis)',
  request: () => Buffer.from('PING\r\n'),
  recognise: (reply) => {
    const text = reply.toString('latin1');
    const line = /^([+\-])([^\r\n]*)\r\n/.exec(text);
    return line ? `${line[1]}${line[2]!.slice(0, 40)}` : null;
  },
};

/** HTTP servers (ClickHouse http_port, etcd's plain client URL): `GET /` answered with a status line. */
export const HTTP_QUESTION: PlainQuestion = {
  protocol: 'HTTP',
  request: (host) => Buffer.from(`GET / HTTP/1.0\r\nHost: ${host.includes(':') ? `[${host}]` : host}\r\n\r\n`),
  recognise: (reply) => /^HTTP\/\d(?:\.\d)? \d{3}[^\r\n]*/.exec(reply.toString('latin1'))?.[0].slice(0, 60) ?? null,
};

function bsonHello(): Buffer {
  const el1 = Buffer.concat([Buffer.from([0x10]), Buffer.from('hello\0'), Buffer.from([1, 0, 0, 0])]);
  const db = Buffer.from('admin\0');
  const len = Buffer.alloc(4);
  len.writeInt32LE(db.length);
  const el2 = Buffer.concat([Buffer.from([0x02]), Buffer.from('$db\0'), len, db]);
  const size = 4 + el1.length + el2.length + 1;
  const head = Buffer.alloc(4);
  head.writeInt32LE(size);
  return Buffer.concat([head, el1, el2, Buffer.from([0])]);
}

/** MongoDB: an OP_MSG `hello` (no authentication), answered with an OP_MSG or OP_REPLY. */
export const MONGODB_QUESTION: PlainQuestion = {
  protocol: 'MongoDB wire protocol',
  request: () => {
    const doc = bsonHello();
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + doc.length, 0);
    header.writeInt32LE(0x64627473, 4); // requestID
    header.writeInt32LE(0, 8);
    header.writeInt32LE(2013, 12); // OP_MSG
    header.writeUInt32LE(0, 16); // flagBits
    header[20] = 0; // section kind 0: body
    return Buffer.concat([header, doc]);
  },
  recognise: (reply) => {
    if (reply.length < 16) return null;
    const opCode = reply.readInt32LE(12);
    return opCode === 2013 || opCode === 1 ? `opCode ${opCode} reply` : null;
  },
};

/** TNS packet types a listener answers a CONNECT with. */
const TNS_ANSWERS: Record<number, string> = { 2: 'ACCEPT', 4: 'REFUSE', 5: 'REDIRECT', 11: 'RESEND' };

/** Oracle: a TNS CONNECT for a service no listener has, answered with REFUSE (or ACCEPT/REDIRECT/RESEND). */
export const TNS_QUESTION: PlainQuestion = {
  protocol: 'TNS (Oracle Net)',
  request: (host, port) => {
    const data = Buffer.from(`(DESCRIPTION=(CONNECT_DATA=(SERVICE_NAME=dbtls-probe))(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port})))`);
    const offset = 58;
    const packet = Buffer.alloc(offset + data.length);
    packet.writeUInt16BE(packet.length, 0);
    packet[4] = 1; // CONNECT
    packet.writeUInt16BE(316, 8); // version
    packet.writeUInt16BE(300, 10); // lowest compatible version
    packet.writeUInt16BE(0x0c41, 12); // service options
    packet.writeUInt16BE(0x2000, 14); // SDU
    packet.writeUInt16BE(0x7fff, 16); // TDU
    packet.writeUInt16BE(0x7f08, 18); // NT protocol characteristics
    packet.writeUInt16BE(0, 20); // line turnaround
    packet.writeUInt16BE(0x0100, 22); // value of 1 in hardware
    packet.writeUInt16BE(data.length, 24);
    packet.writeUInt16BE(offset, 26);
    packet.writeUInt32BE(0, 28); // max receivable connect data
    packet[32] = 0x41;
    packet[33] = 0x41;
    data.copy(packet, offset);
    return packet;
  },
  recognise: (reply) => {
    if (reply.length < 8) return null;
    const type = TNS_ANSWERS[reply[4]!];
    return type ? `TNS ${type}` : null;
  },
};

/**
 * Asks the question on a new TCP connection and waits (at most `timeoutMs`)
 * for a reply it recognises. Returns the answer's description, or null when
 * the port stayed silent, closed, reset or answered something else. Sends no
 * credential and no user name.
 *
 * @example
 * ```ts
 * await askPlain('localhost', 6379, RESP_QUESTION, { timeoutMs: 500 }); // '+PONG'
 * ```
 */
export function askPlain(host: string, port: number, question: PlainQuestion, options: { timeoutMs: number; signal?: AbortSignal }): Promise<string | null> {
  return new Promise((resolve) => {
    if (options.signal?.aborted || options.timeoutMs < 1) return resolve(null);
    const socket = net.connect({ host, port });
    let reply = Buffer.alloc(0);
    const finish = (answer: string | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answer);
    };
    const onAbort = () => finish(null);
    const timer = setTimeout(() => finish(null), options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write(question.request(host, port)));
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]).subarray(0, 4096);
      const answer = question.recognise(reply);
      if (answer !== null || reply.length >= 4096) finish(answer);
    });
    socket.once('error', () => finish(null));
    socket.once('close', () => finish(question.recognise(reply)));
  });
}

/** Node codes of a TLS handshake the server answered with bytes that are not TLS: a definite "this port is plain". */
export const NOT_TLS_ANSWER_CODES = ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST'];

/** True when the error chain holds a handshake answered with non-TLS bytes. */
export function answeredInPlainText(error: unknown): boolean {
  return errorChain(error).some((e) => {
    const x = (e ?? {}) as { code?: unknown; message?: unknown };
    return NOT_TLS_ANSWER_CODES.includes(String(x.code)) || (typeof x.message === 'string' && /wrong version number|packet length too long|http request/i.test(x.message));
  });
}

/**
 * After a TLS connection got no answer or was cut off before its handshake
 * completed: only when the port answers the protocol's plain-text question is
 * the returned error `DBTLS_SERVER_LACKS_TLS` (the port is plain, and
 * `server-lacks-tls` may recommend a plain mode). Otherwise the driver's error
 * comes back unchanged, to be diagnosed as the timeout or reset it is: silence
 * or a reset is never evidence that a server lacks TLS.
 *
 * @example
 * ```ts
 * throw await lacksTlsOnlyIfAnswered(error, 'localhost', 6379, RESP_QUESTION, { timeoutMs: 400 });
 * ```
 */
export async function lacksTlsOnlyIfAnswered(error: unknown, host: string, port: number, question: PlainQuestion, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  const answer = await askPlain(host, port, question, options);
  if (answer === null) return error;
  return Object.assign(new Error(`${host}:${port} did not complete a TLS handshake and answers plain-text ${question.protocol} (${answer}): the port has no TLS.`, { cause: error }), {
    code: SERVER_LACKS_TLS_CODE,
  });
}
