/**
 * A protocol-faithful MongoDB STUB (not a MongoDB server): it answers the
 * wire protocol the `mongodb` driver speaks during connect and one round
 * trip, with real BSON:
 * - OP_QUERY (2004) `hello`/`isMaster` on `admin.$cmd` -> OP_REPLY (1), the legacy
 *   initial handshake the driver uses;
 * - OP_MSG (2013), section kind 0 (and kind 1 document sequences, skipped) ->
 *   OP_MSG: `hello`/`isMaster`, `ping`, `buildInfo`, `endSessions`; any other
 *   command gets `CommandNotFound` (code 59), as mongod does.
 * It reports itself as a standalone MongoDB 7.0 (maxWireVersion 21) without
 * `topologyVersion`, so the driver uses polling monitoring. No
 * authentication, no compression, no cursors. Transport: plain, TLS, both on
 * one port (as mongod's allowTLS), optionally requiring a client certificate.
 */
import type net from 'node:net';
import { BSON } from 'bson';
import { startStubListener, type StubListener, type StubListenerOptions } from './stub-listener.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

export interface MongodbStub extends StubListener {
  /** Commands received, in order (command name and whether the connection was encrypted). */
  commands: { name: string; encrypted: boolean }[];
}

function helloReply(connectionId: number): Record<string, unknown> {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function answer(command: Record<string, unknown>, connectionId: number): Record<string, unknown> {
  const name = Object.keys(command)[0] ?? '';
  switch (name.toLowerCase()) {
    case 'hello':
    case 'ismaster':
      return helloReply(connectionId);
    case 'ping':
    case 'endsessions':
      return { ok: 1 };
    case 'buildinfo':
      return { version: '7.0.0-dbtls-stub', gitVersion: 'stub', versionArray: [7, 0, 0, 0], bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 };
    default:
      return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
  }
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(requestId, 4);
  b.writeInt32LE(responseTo, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

let nextRequestId = 1;
let nextConnectionId = 1;

function serve(socket: net.Socket, encrypted: boolean, commands: MongodbStub['commands']): void {
  const connectionId = nextConnectionId++;
  let buffer = Buffer.alloc(0);
  let first = true;
  socket.on('data', (chunk: Buffer) => {
    // Like mongod started without TLS ("SSL handshake received but server is started
    // without SSL support"): a TLS record on a plain connection ends it.
    if (first && !encrypted && chunk[0] === 0x16 && chunk[1] === 0x03) {
      socket.destroy();
      return;
    }
    first = false;
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4) {
      const length = buffer.readInt32LE(0);
      // Like mongod: a message with an impossible size (e.g. a TLS ClientHello read as a header) ends the connection.
      if (length < 16 || length > 48_000_000) {
        socket.destroy();
        return;
      }
      if (buffer.length < length) return;
      const message = buffer.subarray(0, length);
      buffer = buffer.subarray(length);
      const requestId = message.readInt32LE(4);
      const opCode = message.readInt32LE(12);
      if (opCode === OP_QUERY) {
        let offset = 20;
        const end = message.indexOf(0, offset);
        offset = end + 1 + 8; // cstring collection, numberToSkip, numberToReturn
        const size = message.readInt32LE(offset);
        const query = BSON.deserialize(message.subarray(offset, offset + size));
        const command = (query.$query as Record<string, unknown>) ?? query;
        commands.push({ name: Object.keys(command)[0] ?? '', encrypted });
        const doc = BSON.serialize(answer(command, connectionId));
        const body = Buffer.alloc(20);
        body.writeInt32LE(0, 0); // responseFlags
        body.writeBigInt64LE(0n, 4); // cursorID
        body.writeInt32LE(0, 12); // startingFrom
        body.writeInt32LE(1, 16); // numberReturned
        const total = 16 + body.length + doc.length;
        socket.write(Buffer.concat([header(total, nextRequestId++, requestId, OP_REPLY), body, doc]));
      } else if (opCode === OP_MSG) {
        const flags = message.readUInt32LE(16);
        const end = flags & 1 ? length - 4 : length;
        let offset = 20;
        let command: Record<string, unknown> | undefined;
        while (offset < end) {
          const kind = message[offset]!;
          offset += 1;
          const size = message.readInt32LE(offset);
          if (kind === 0) command = BSON.deserialize(message.subarray(offset, offset + size));
          offset += size;
        }
        if (!command) {
          socket.destroy();
          return;
        }
        commands.push({ name: Object.keys(command)[0] ?? '', encrypted });
        const doc = BSON.serialize(answer(command, connectionId));
        const body = Buffer.alloc(5);
        body.writeUInt32LE(0, 0);
        body[4] = 0;
        const total = 16 + body.length + doc.length;
        socket.write(Buffer.concat([header(total, nextRequestId++, requestId, OP_MSG), body, doc]));
      } else {
        socket.destroy();
        return;
      }
    }
  });
}

/** Starts a MongoDB stub on an ephemeral loopback port. */
export async function startMongodbStub(options: Omit<StubListenerOptions, 'onConnection'>): Promise<MongodbStub> {
  const commands: MongodbStub['commands'] = [];
  const listener = await startStubListener({ ...options, onConnection: (socket, info) => serve(socket, info.encrypted, commands) });
  return Object.assign(listener, { commands });
}

