/**
 * A protocol-faithful TDS 7.4 STUB server (not SQL Server), so that the real
 * tedious driver (and dbtls) go through their whole handshake:
 *
 * 1. PRELOGIN: the stub answers with an ENCRYPTION value computed from its
 *    setting and the client's request, per the table of MS-TDS 2.2.6.5:
 *
 *    | client sends →  | OFF  | ON | NOT_SUP            | REQ |
 *    |-----------------|------|----|--------------------|-----|
 *    | setting NOT_SUP | NOT_SUP | NOT_SUP | NOT_SUP     | NOT_SUP |
 *    | setting OFF     | OFF (login-only) | ON | NOT_SUP | ON |
 *    | setting ON      | ON | ON | NOT_SUP             | ON |
 *    | setting REQ     | REQ | ON | REQ (then refuses) | ON |
 *
 *    `OFF` is SQL Server's default (certificate present, Force Encryption off),
 *    `REQ` is Force Encryption (MS-TDS calls that server state "ON"), `ON` is
 *    a server that encrypts whenever the client can but forces nobody (not a
 *    state of the MS-TDS table; it answers ON even to an OFF client).
 *    With `literalAnswer: true` the setting is sent verbatim, whatever the client asked.
 * 2. TLS (1.2, as TDS 7.x): the handshake travels inside PRELOGIN (0x12)
 *    packets, one message per flight; afterwards TLS records go directly over TCP.
 * 3. LOGIN7 (user name, obfuscated password) answered with LOGINACK +
 *    ENVCHANGE (database, packet size) + DONE, or ERROR 18456 + DONE.
 * 5. TDS 8 ("strict", `tds8` option): the client's first bytes are a TLS
 *    ClientHello (no PRELOGIN before it); the stub completes TLS (1.2 or 1.3)
 *    with ALPN `tds/8.0`, then expects PRELOGIN, LOGIN7 and batches inside
 *    TLS. `tds8: 'require'` refuses a TDS 7.x PRELOGIN in plain text, as a
 *    SQL Server 2022 with "Force Strict Encryption" does.
 * 4. SQL batches: `SELECT 1` → one INT row, `SELECT @@VERSION` → one
 *    NVARCHAR row, anything else (tedious's initial SET options) → DONE.
 *
 * Everything the stub saw is recorded per connection in `connections`, so
 * tests can assert what was encrypted (e.g. whether LOGIN7 travelled in plain text).
 */
import net from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';

export const STUB_SETTINGS = ['NOT_SUP', 'OFF', 'ON', 'REQ'] as const;
export type StubEncryption = (typeof STUB_SETTINGS)[number];
const CODE: Record<StubEncryption, number> = { OFF: 0, ON: 1, NOT_SUP: 2, REQ: 3 };
const NAME = ['OFF', 'ON', 'NOT_SUP', 'REQ'] as const;

export const STUB_USER = 'lab';
export const STUB_PASSWORD = 'lab-secret-pw';
export const STUB_VERSION = 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) [dbtls TDS stub]';

export interface TdsStubOptions {
  /** The server's encryption setting (see the table above). */
  encryption: StubEncryption;
  /** Answer the setting verbatim instead of applying the MS-TDS table. */
  literalAnswer?: boolean;
  /** PEM certificate and key (needed unless the setting is NOT_SUP). */
  cert?: string;
  key?: string;
  /** TDS 8 strict encryption: `accept` also takes TLS-first clients, `require` takes only them. */
  tds8?: 'accept' | 'require';
  /** Accepted logins; default `{ lab: 'lab-secret-pw' }`. */
  users?: Record<string, string>;
}

/** What one client connection did. */
export interface StubConnectionRecord {
  clientEncryption: string | null;
  answer: string | null;
  tlsProtocol: string | null;
  /** SNI the client sent, if any. */
  servername: string | null;
  /** True when the client began with TLS (TDS 8 strict), not PRELOGIN. */
  tlsFirst: boolean;
  /** The ALPN protocol agreed (TDS 8: `tds/8.0`), if any. */
  alpn: string | null;
  login7: { encrypted: boolean; user: string; passwordOk: boolean; database: string } | null;
  /** Why the stub hung up, if it did. */
  refused: string | null;
  batches: string[];
}

export interface TdsStub {
  port: number;
  connections: StubConnectionRecord[];
  close(): Promise<void>;
}

interface Packet {
  type: number;
  status: number;
  payload: Buffer;
}

function packet(type: number, payload: Buffer, maxPayload = 4088): Buffer {
  const out: Buffer[] = [];
  let offset = 0;
  let id = 1;
  do {
    const chunk = payload.subarray(offset, offset + maxPayload);
    offset += chunk.length;
    const header = Buffer.alloc(8);
    header[0] = type;
    header[1] = offset >= payload.length ? 1 : 0;
    header.writeUInt16BE(8 + chunk.length, 2);
    header[6] = id++ & 0xff;
    out.push(header, chunk);
  } while (offset < payload.length);
  return Buffer.concat(out);
}

/** Buffers bytes and splits whole TDS packets off the front. */
class Packets {
  buf = Buffer.alloc(0);
  feed(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
  }
  take(): Packet | null {
    if (this.buf.length < 8) return null;
    const length = this.buf.readUInt16BE(2);
    if (length < 8) throw new Error('bad TDS packet length');
    if (this.buf.length < length) return null;
    const p = { type: this.buf[0]!, status: this.buf[1]!, payload: this.buf.subarray(8, length) };
    this.buf = this.buf.subarray(length);
    return p;
  }
}

/** TDS 8: TLS records directly over TCP, starting with bytes the stub already read. */
class PassThroughCarrier extends Duplex {
  constructor(private readonly raw: net.Socket, first: Buffer) {
    super();
    this.push(first);
    raw.on('data', (c: Buffer) => this.push(c));
    raw.on('end', () => this.push(null));
    raw.on('error', (e) => this.destroy(e));
  }
  override _write(chunk: Buffer, _e: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.raw.write(chunk, cb);
  }
  override _read(): void {
    this.raw.resume();
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.raw.end(cb);
  }
  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    this.raw.destroy();
    cb(e);
  }
}

/** Server side of "TLS inside PRELOGIN packets, then directly over TCP". */
class ServerCarrier extends Duplex {
  private inFraming = true;
  private pending: Buffer[] = [];
  private scheduled = false;
  handshakeDone = false;
  private readonly packets = new Packets();

  constructor(private readonly raw: net.Socket, leftover: Buffer) {
    super();
    raw.on('data', (c: Buffer) => this.onData(c));
    raw.on('end', () => this.push(null));
    raw.on('error', (e) => this.destroy(e));
    if (leftover.length) this.onData(leftover);
  }

  private onData(chunk: Buffer): void {
    if (!this.inFraming) return void this.push(chunk);
    this.packets.feed(chunk);
    for (;;) {
      // At a packet boundary, a TLS record type (0x14-0x17) means the client has left PRELOGIN framing.
      const first = this.packets.buf[0];
      if (first !== undefined && first >= 0x14 && first <= 0x17) {
        this.inFraming = false;
        const rest = this.packets.buf;
        this.packets.buf = Buffer.alloc(0);
        this.push(rest);
        return;
      }
      const p = this.packets.take();
      if (!p) return;
      this.push(p.payload);
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const flight = Buffer.concat(this.pending);
    this.pending = [];
    this.raw.write(packet(0x12, flight));
  }

  override _write(chunk: Buffer, _e: BufferEncoding, cb: (e?: Error | null) => void): void {
    // Handshake records (0x14 ChangeCipherSpec, 0x16 Handshake, also the Finished) are framed;
    // after the handshake, application data and alerts go directly over TCP.
    const handshakeRecord = chunk[0] === 0x14 || chunk[0] === 0x16;
    if (this.handshakeDone && !handshakeRecord) {
      this.flush();
      this.raw.write(chunk, cb);
      return;
    }
    this.pending.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    cb();
  }

  override _read(): void {
    this.raw.resume();
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.flush();
    this.raw.end(cb);
  }

  override _destroy(e: Error | null, cb: (e?: Error | null) => void): void {
    this.raw.destroy();
    cb(e);
  }
}

function bVarchar(s: string): Buffer {
  const text = Buffer.from(s, 'utf16le');
  return Buffer.concat([Buffer.from([s.length]), text]);
}

function usVarchar(s: string): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(s.length);
  return Buffer.concat([len, Buffer.from(s, 'utf16le')]);
}

function token(type: number, body: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(body.length);
  return Buffer.concat([Buffer.from([type]), len, body]);
}

function done(status: number, rowCount = 0): Buffer {
  const b = Buffer.alloc(13);
  b[0] = 0xfd;
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(0xc1, 3);
  b.writeBigUInt64LE(BigInt(rowCount), 5);
  return b;
}

function envchange(type: number, next: string, previous: string): Buffer {
  return token(0xe3, Buffer.concat([Buffer.from([type]), bVarchar(next), bVarchar(previous)]));
}

function loginAck(): Buffer {
  const version = Buffer.from([0x74, 0x00, 0x00, 0x04]); // TDS 7.4, big-endian as sent
  return token(0xad, Buffer.concat([Buffer.from([1]), version, bVarchar('Microsoft SQL Server'), Buffer.from([16, 0, 0x03, 0xe8])]));
}

function errorToken(number: number, state: number, cls: number, message: string): Buffer {
  const n = Buffer.alloc(4);
  n.writeInt32LE(number);
  const line = Buffer.alloc(4);
  line.writeInt32LE(1);
  return token(0xaa, Buffer.concat([n, Buffer.from([state, cls]), usVarchar(message), bVarchar('tds-stub'), bVarchar(''), line]));
}

function resultInt(name: string, value: number): Buffer {
  const meta = Buffer.concat([Buffer.from([0x81, 1, 0]), Buffer.from([0, 0, 0, 0, 0x01, 0x00, 0x38]), bVarchar(name)]);
  const row = Buffer.alloc(5);
  row[0] = 0xd1;
  row.writeInt32LE(value, 1);
  return Buffer.concat([meta, row, done(0x10, 1)]);
}

function resultNVarchar(name: string, value: string): Buffer {
  const collation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);
  const maxLen = Buffer.alloc(2);
  maxLen.writeUInt16LE(600);
  const meta = Buffer.concat([Buffer.from([0x81, 1, 0]), Buffer.from([0, 0, 0, 0, 0x01, 0x00, 0xe7]), maxLen, collation, bVarchar(name)]);
  const data = Buffer.from(value, 'utf16le');
  const len = Buffer.alloc(2);
  len.writeUInt16LE(data.length);
  return Buffer.concat([meta, Buffer.from([0xd1]), len, data, done(0x10, 1)]);
}

function parsePreloginEncryption(payload: Buffer): { value: number | null; options: Map<number, Buffer> } {
  const options = new Map<number, Buffer>();
  let at = 0;
  while (at < payload.length && payload[at] !== 0xff) {
    const off = payload.readUInt16BE(at + 1);
    const len = payload.readUInt16BE(at + 3);
    options.set(payload[at]!, payload.subarray(off, off + len));
    at += 5;
  }
  const enc = options.get(0x01);
  return { value: enc && enc.length ? enc[0]! : null, options };
}

function preloginAnswer(encryption: number): Buffer {
  const opts: [number, Buffer][] = [
    [0x00, Buffer.from([16, 0, 0x03, 0xe8, 0, 0])],
    [0x01, Buffer.from([encryption])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(0)],
    [0x04, Buffer.from([0])],
  ];
  const table = opts.length * 5 + 1;
  const out = Buffer.alloc(table + opts.reduce((n, [, d]) => n + d.length, 0));
  let t = 0;
  let at = table;
  for (const [tok, d] of opts) {
    out[t] = tok;
    out.writeUInt16BE(at, t + 1);
    out.writeUInt16BE(d.length, t + 3);
    d.copy(out, at);
    t += 5;
    at += d.length;
  }
  out[t] = 0xff;
  return out;
}

/** The MS-TDS 2.2.6.5 answer for a server setting and the client's request. */
export function stubAnswer(setting: StubEncryption, client: number): number {
  const c = NAME[client & 3]!;
  switch (setting) {
    case 'NOT_SUP':
      return CODE.NOT_SUP;
    case 'OFF':
      return c === 'OFF' ? CODE.OFF : c === 'NOT_SUP' ? CODE.NOT_SUP : CODE.ON;
    case 'ON':
      return c === 'NOT_SUP' ? CODE.NOT_SUP : CODE.ON;
    case 'REQ':
      return c === 'ON' || c === 'REQ' ? CODE.ON : CODE.REQ;
  }
}

function readLogin7(payload: Buffer): { user: string; password: string; database: string } {
  const str = (offsetAt: number, deobfuscate = false) => {
    const off = payload.readUInt16LE(offsetAt);
    const cch = payload.readUInt16LE(offsetAt + 2);
    const bytes = Buffer.from(payload.subarray(off, off + cch * 2));
    if (deobfuscate) for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]! ^ 0xa5;
      bytes[i] = ((b & 0x0f) << 4) | (b >> 4);
    }
    return bytes.toString('utf16le');
  };
  return { user: str(40), password: str(44, true), database: str(68) };
}

function sqlText(payload: Buffer): string {
  const headers = payload.length >= 4 ? payload.readUInt32LE(0) : 0;
  return payload.subarray(headers < payload.length ? headers : 0).toString('utf16le');
}

/** Starts a TDS stub on 127.0.0.1 (ephemeral port unless given). */
export async function startTdsStub(options: TdsStubOptions, port = 0): Promise<TdsStub> {
  const users = options.users ?? { [STUB_USER]: STUB_PASSWORD };
  const context = options.cert && options.key ? tls.createSecureContext({ cert: options.cert, key: options.key, maxVersion: 'TLSv1.2' }) : null;
  // TDS 8 is plain TLS over TCP: TLS 1.3 is allowed.
  const context8 = options.cert && options.key ? tls.createSecureContext({ cert: options.cert, key: options.key }) : null;
  const connections: StubConnectionRecord[] = [];
  const sockets = new Set<net.Socket>();

  const handle = (raw: net.Socket) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    const record: StubConnectionRecord = { clientEncryption: null, answer: null, tlsProtocol: null, servername: null, tlsFirst: false, alpn: null, login7: null, refused: null, batches: [] };
    connections.push(record);
    const packets = new Packets();
    let stage: 'prelogin' | 'after-prelogin' | 'session' = 'prelogin';
    let answer = -1;
    let session: Duplex = raw;
    let sessionEncrypted = false;
    let message: Buffer[] = [];

    const refuse = (why: string) => {
      record.refused = why;
      raw.destroy();
    };
    const send = (type: number, payload: Buffer) => session.write(packet(type, payload));

    const onSessionMessage = (type: number, payload: Buffer) => {
      if (type === 0x10) {
        const login = readLogin7(payload);
        const ok = users[login.user] !== undefined && users[login.user] === login.password;
        record.login7 = { encrypted: sessionEncrypted, user: login.user, passwordOk: ok, database: login.database };
        if (!sessionEncrypted && (options.encryption === 'REQ' || answer === CODE.REQ)) return refuse('plain LOGIN7 on a server that forces encryption');
        if (!ok) {
          send(0x04, Buffer.concat([errorToken(18456, 1, 14, `Login failed for user '${login.user}'.`), done(0x02)]));
          return;
        }
        const db = login.database || 'master';
        send(0x04, Buffer.concat([envchange(1, db, 'master'), loginAck(), envchange(4, '4096', '4096'), done(0)]));
      } else if (type === 0x01) {
        const text = sqlText(payload);
        record.batches.push(text);
        if (/@@version/i.test(text)) send(0x04, resultNVarchar('', STUB_VERSION));
        else if (/^\s*select\s+1\s*;?\s*$/i.test(text)) send(0x04, resultInt('', 1));
        else send(0x04, done(0));
      } else if (type === 0x03) {
        // RPC (sp_executesql, as tedious's execSql sends): same answers, closed by DONEPROC.
        const text = payload.toString('utf16le');
        record.batches.push(`rpc: ${/@@version/i.test(text) ? 'SELECT @@VERSION' : text.replace(/[^\x20-\x7e]/g, '')}`);
        const body = /@@version/i.test(text) ? resultNVarchar('', STUB_VERSION) : done(0x10, 0);
        const doneProc = done(0);
        doneProc[0] = 0xfe;
        send(0x04, Buffer.concat([body.subarray(0, body.length - 13), doneProc]));
      } else if (type === 0x06) {
        send(0x04, done(0x20));
      }
    };

    const sessionPackets = new Packets();
    const onSessionData = (chunk: Buffer) => {
      sessionPackets.feed(chunk);
      for (let p = sessionPackets.take(); p; p = sessionPackets.take()) {
        message.push(p.payload);
        if (p.status & 1) {
          const whole = Buffer.concat(message);
          message = [];
          onSessionMessage(p.type, whole);
        }
      }
    };

    const startTls = (leftover: Buffer) => {
      if (!context) return refuse('TLS handshake attempted on a server without a certificate');
      raw.removeListener('data', onRawData);
      const carrier = new ServerCarrier(raw, leftover);
      const secure = new tls.TLSSocket(carrier as unknown as net.Socket, { isServer: true, secureContext: context });
      secure.on('error', () => raw.destroy());
      secure.once('secure', () => {
        carrier.handshakeDone = true;
        record.tlsProtocol = secure.getProtocol() ?? null;
        record.servername = (secure as unknown as { servername?: string | false }).servername || null;
      });
      session = secure;
      sessionEncrypted = true;
      stage = 'session';
      secure.on('data', onSessionData);
    };

    const startTds8 = (first: Buffer) => {
      if (!context8) return refuse('TLS-first (TDS 8) on a server without a certificate');
      record.tlsFirst = true;
      raw.removeListener('data', onRawData);
      const carrier = new PassThroughCarrier(raw, first);
      const secure = new tls.TLSSocket(carrier as unknown as net.Socket, { isServer: true, secureContext: context8, ALPNProtocols: ['tds/8.0'] });
      secure.on('error', () => raw.destroy());
      secure.once('secure', () => {
        record.tlsProtocol = secure.getProtocol() ?? null;
        record.servername = (secure as unknown as { servername?: string | false }).servername || null;
        record.alpn = secure.alpnProtocol || null;
      });
      session = secure;
      sessionEncrypted = true;
      const inner = new Packets();
      let preloginDone = false;
      secure.on('data', (chunk: Buffer) => {
        if (preloginDone) return onSessionData(chunk);
        try {
          inner.feed(chunk);
          for (let p = inner.take(); p; p = inner.take()) {
            if (p.type !== 0x12) return refuse(`expected PRELOGIN inside TLS, got packet type 0x${p.type.toString(16)}`);
            message.push(p.payload);
            if (!(p.status & 1)) continue;
            const { value } = parsePreloginEncryption(Buffer.concat(message));
            message = [];
            record.clientEncryption = value === null ? null : NAME[value & 3]!;
            // Inside TDS 8 the ENCRYPTION option negotiates nothing; echo NOT_SUP (the session is TLS already).
            answer = CODE.NOT_SUP;
            record.answer = 'NOT_SUP';
            send(0x04, preloginAnswer(answer));
            preloginDone = true;
            stage = 'session';
            const rest = takeAll(inner);
            if (rest.length) onSessionData(rest);
            return;
          }
        } catch (error) {
          refuse(`protocol error: ${(error as Error).message}`);
        }
      });
    };

    const onRawData = (chunk: Buffer) => {
      try {
        if (stage === 'prelogin' && packets.buf.length === 0 && chunk[0] === 0x16) {
          if (!options.tds8) return refuse('TLS ClientHello before PRELOGIN (TDS 8) on a TDS 7.x server');
          return startTds8(chunk);
        }
        if (stage === 'prelogin' && options.tds8 === 'require' && packets.buf.length === 0) return refuse('TDS 7.x PRELOGIN in plain text on a server that requires TDS 8 strict encryption');
        if (stage === 'session') return onSessionData(chunk);
        packets.feed(chunk);
        if (stage === 'after-prelogin') {
          const first = packets.buf[0];
          if (first === undefined) return;
          if (first === 0x12) return startTls(takeAll(packets));
          stage = 'session';
          return onSessionData(takeAll(packets));
        }
        for (let p = packets.take(); p; p = packets.take()) {
          if (p.type !== 0x12) return refuse(`expected PRELOGIN, got packet type 0x${p.type.toString(16)}`);
          message.push(p.payload);
          if (!(p.status & 1)) continue;
          const { value } = parsePreloginEncryption(Buffer.concat(message));
          message = [];
          record.clientEncryption = value === null ? null : NAME[value & 3]!;
          answer = options.literalAnswer ? CODE[options.encryption] : stubAnswer(options.encryption, value ?? CODE.NOT_SUP);
          record.answer = NAME[answer]!;
          raw.write(packet(0x04, preloginAnswer(answer)));
          stage = 'after-prelogin';
          if (packets.buf.length) return onRawData(Buffer.alloc(0));
          return;
        }
      } catch (error) {
        refuse(`protocol error: ${(error as Error).message}`);
      }
    };
    raw.on('data', onRawData);
  };

  const takeAll = (p: Packets) => {
    const b = p.buf;
    p.buf = Buffer.alloc(0);
    return b;
  };

  const server = net.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
