/**
 * A protocol-faithful Cassandra STUB (not Cassandra): native protocol v4
 * frames, enough for `cassandra-driver` to connect and run one query:
 * - a frame of another version (the driver starts with DSE v2, 0x42) gets a
 *   protocol ERROR (0x000A) "Invalid or unsupported protocol version" in a v4
 *   frame, as Cassandra 3.11 answers, and the driver downgrades to v4;
 * - OPTIONS -> SUPPORTED (CQL_VERSION 3.4.5, no compression);
 * - STARTUP -> READY (no authentication); REGISTER -> READY;
 * - QUERY on system.local -> RESULT Rows with one row (release_version
 *   3.11.16-dbtls-stub, data_center datacenter1, Murmur3Partitioner, one token);
 *   on system.peers -> RESULT Rows with no row; other queries -> ERROR Invalid
 *   (0x2200). No prepared statements, paging, compression or events.
 * A TLS ClientHello on a plain port is read as a frame of version 0x16 and
 * answered with the same plain-text protocol ERROR, as Cassandra does.
 * Transport: plain, TLS, both on one port (client_encryption_options.optional),
 * optionally requiring a client certificate (require_client_auth).
 */
import type net from 'node:net';
import { startStubListener, type StubListener, type StubListenerOptions } from './stub-listener.js';

const OP = { ERROR: 0x00, STARTUP: 0x01, READY: 0x02, OPTIONS: 0x05, SUPPORTED: 0x06, QUERY: 0x07, RESULT: 0x08, REGISTER: 0x0b } as const;
const TYPE = { varchar: 0x000d, uuid: 0x000c, inet: 0x0010, set: 0x0022 } as const;

export interface CassandraStub extends StubListener {
  /** Requests received: opcode name (and the query text for QUERY). */
  requests: { op: string; query?: string; encrypted: boolean }[];
}

const str = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
};
const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const short = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const bytes = (b: Buffer | null) => (b === null ? int(-1) : Buffer.concat([int(b.length), b]));

function frame(version: number, stream: number, opcode: number, body: Buffer): Buffer {
  const h = Buffer.alloc(9);
  h[0] = 0x80 | version;
  h[1] = 0;
  h.writeInt16BE(stream, 2);
  h[4] = opcode;
  h.writeInt32BE(body.length, 5);
  return Buffer.concat([h, body]);
}

const error = (code: number, message: string) => Buffer.concat([int(code), str(message)]);

type Column = { name: string; type: number; sub?: number; value: Buffer | null | Buffer[] };

const uuid = (hex: string) => Buffer.from(hex.replace(/-/g, ''), 'hex');
const inet = (ip: string) => Buffer.from(ip.split('.').map(Number));

function rows(table: string, columns: Column[], rowCount: 0 | 1): Buffer {
  const parts: Buffer[] = [int(0x0002), int(0x0001), int(columns.length), str('system'), str(table)];
  for (const c of columns) {
    parts.push(str(c.name), short(c.type));
    if (c.sub !== undefined) parts.push(short(c.sub));
  }
  parts.push(int(rowCount));
  if (rowCount === 1) {
    for (const c of columns) {
      if (Array.isArray(c.value)) parts.push(bytes(Buffer.concat([int(c.value.length), ...c.value.map((v) => bytes(v))])));
      else parts.push(bytes(c.value));
    }
  }
  return Buffer.concat(parts);
}

function localColumns(address: string): Column[] {
  const v = (s: string) => Buffer.from(s, 'utf8');
  return [
    { name: 'key', type: TYPE.varchar, value: v('local') },
    { name: 'bootstrapped', type: TYPE.varchar, value: v('COMPLETED') },
    { name: 'broadcast_address', type: TYPE.inet, value: inet(address) },
    { name: 'cluster_name', type: TYPE.varchar, value: v('dbtls stub cluster') },
    { name: 'cql_version', type: TYPE.varchar, value: v('3.4.5') },
    { name: 'data_center', type: TYPE.varchar, value: v('datacenter1') },
    { name: 'host_id', type: TYPE.uuid, value: uuid('0b5c5d1e-7a1b-4c5e-9f00-000000000001') },
    { name: 'listen_address', type: TYPE.inet, value: inet(address) },
    { name: 'native_protocol_version', type: TYPE.varchar, value: v('4') },
    { name: 'partitioner', type: TYPE.varchar, value: v('org.apache.cassandra.dht.Murmur3Partitioner') },
    { name: 'rack', type: TYPE.varchar, value: v('rack1') },
    { name: 'release_version', type: TYPE.varchar, value: v('3.11.16-dbtls-stub') },
    { name: 'rpc_address', type: TYPE.inet, value: inet(address) },
    { name: 'schema_version', type: TYPE.uuid, value: uuid('0b5c5d1e-7a1b-4c5e-9f00-0000000000aa') },
    { name: 'tokens', type: TYPE.set, sub: TYPE.varchar, value: [v('0')] },
  ];
}

const PEER_COLUMNS: Column[] = [
  { name: 'peer', type: TYPE.inet, value: null },
  { name: 'data_center', type: TYPE.varchar, value: null },
  { name: 'host_id', type: TYPE.uuid, value: null },
  { name: 'preferred_ip', type: TYPE.inet, value: null },
  { name: 'rack', type: TYPE.varchar, value: null },
  { name: 'release_version', type: TYPE.varchar, value: null },
  { name: 'rpc_address', type: TYPE.inet, value: null },
  { name: 'schema_version', type: TYPE.uuid, value: null },
  { name: 'tokens', type: TYPE.set, sub: TYPE.varchar, value: null },
];

function serve(socket: net.Socket, encrypted: boolean, requests: CassandraStub['requests']): void {
  let buffer = Buffer.alloc(0);
  const address = '127.0.0.1';
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 9) {
      const version = buffer[0]! & 0x7f;
      const stream = buffer.readInt16BE(2);
      const opcode = buffer[4]!;
      if (version !== 4) {
        // Cassandra answers any other version (including 0x16, a TLS record) with a v4 protocol error.
        requests.push({ op: `version-0x${version.toString(16)}`, encrypted });
        socket.write(frame(4, version === 0x16 ? 0 : stream, OP.ERROR, error(0x000a, `Invalid or unsupported protocol version (${version}); the lowest supported version is 3 and the greatest is 4`)));
        if (version === 0x16) socket.end();
        buffer = Buffer.alloc(0);
        return;
      }
      const length = buffer.readInt32BE(5);
      if (buffer.length < 9 + length) return;
      const body = buffer.subarray(9, 9 + length);
      buffer = buffer.subarray(9 + length);
      switch (opcode) {
        case OP.OPTIONS:
          requests.push({ op: 'OPTIONS', encrypted });
          socket.write(frame(4, stream, OP.SUPPORTED, Buffer.concat([short(2), str('CQL_VERSION'), short(1), str('3.4.5'), str('COMPRESSION'), short(0)])));
          break;
        case OP.STARTUP:
          requests.push({ op: 'STARTUP', encrypted });
          socket.write(frame(4, stream, OP.READY, Buffer.alloc(0)));
          break;
        case OP.REGISTER:
          requests.push({ op: 'REGISTER', encrypted });
          socket.write(frame(4, stream, OP.READY, Buffer.alloc(0)));
          break;
        case OP.QUERY: {
          const query = body.subarray(4, 4 + body.readInt32BE(0)).toString('utf8');
          requests.push({ op: 'QUERY', query, encrypted });
          if (/from\s+system\.local/i.test(query)) socket.write(frame(4, stream, OP.RESULT, rows('local', localColumns(address), 1)));
          else if (/from\s+system\.peers\b/i.test(query)) socket.write(frame(4, stream, OP.RESULT, rows('peers', PEER_COLUMNS, 0)));
          else socket.write(frame(4, stream, OP.ERROR, error(0x2200, `unconfigured table (stub): ${query.slice(0, 80)}`)));
          break;
        }
        default:
          requests.push({ op: `opcode-0x${opcode.toString(16)}`, encrypted });
          socket.write(frame(4, stream, OP.ERROR, error(0x000a, `Unsupported opcode ${opcode} (stub)`)));
      }
    }
  });
}

/** Starts a Cassandra stub on an ephemeral loopback port. */
export async function startCassandraStub(options: Omit<StubListenerOptions, 'onConnection'>): Promise<CassandraStub> {
  const requests: CassandraStub['requests'] = [];
  const listener = await startStubListener({ ...options, onConnection: (socket, info) => serve(socket, info.encrypted, requests) });
  return Object.assign(listener, { requests });
}
