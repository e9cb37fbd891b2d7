/**
 * An Oracle listener STUB (not Oracle Database). How far it goes, exactly:
 * - the TLS layer of a TCPS listener with the generated certificates
 *   (plain, TLS, both on one port, optionally requiring a client certificate);
 * - TNS packet framing: it reads the thin driver's CONNECT packet (type 1,
 *   2-byte length header) and records its connect data, then answers with a
 *   REFUSE packet (type 4) carrying `(DESCRIPTION=(ERR=12514)…)`, as a listener
 *   that has no such service registered does. The thin driver reports it as
 *   `NJS-518 … Service "<name>" is not registered with the listener`.
 * It does NOT implement ACCEPT, ANO, the TTC protocol/data-type negotiation
 * or O5LOGON authentication, so no session and no `SELECT 1 FROM DUAL` can
 * happen: a cell that gets as far as this REFUSE has proved the TLS layer
 * (handshake, chain and name checks, client certificate) and that the TNS
 * CONNECT travelled over it.
 * A TLS ClientHello on the plain port is not a TNS packet: the stub closes the
 * connection.
 */
import type net from 'node:net';
import { startStubListener, type StubListener, type StubListenerOptions } from './stub-listener.js';

const NSPTCN = 1;
const NSPTRF = 4;

export interface OracleStub extends StubListener {
  /** CONNECT packets received: their connect data and whether they came over TLS. */
  connects: { connectData: string; encrypted: boolean }[];
}

function refusePacket(): Buffer {
  const data = Buffer.from('(DESCRIPTION=(TMP=)(VSNNUM=0)(ERR=12514)(ERROR_STACK=(ERROR=(CODE=12514)(EMFI=4))))', 'ascii');
  const p = Buffer.alloc(12 + data.length);
  p.writeUInt16BE(p.length, 0); // packet length
  p.writeUInt16BE(0, 2); // packet checksum
  p[4] = NSPTRF;
  p[5] = 0; // flags
  p.writeUInt16BE(0, 6); // header checksum
  p[8] = 0x22; // user reason
  p[9] = 0x00; // system reason
  p.writeUInt16BE(data.length, 10);
  data.copy(p, 12);
  return p;
}

function serve(socket: net.Socket, encrypted: boolean, connects: OracleStub['connects']): void {
  let buffer = Buffer.alloc(0);
  let sawConnect = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!encrypted && buffer[0] === 0x16 && buffer[1] === 0x03) {
      socket.destroy();
      return;
    }
    // Packets: the CONNECT (type 1) and, when its connect data is long, a DATA
    // packet (type 6) carrying it. Answer once the connect data has been seen.
    while (buffer.length >= 8) {
      const length = buffer.readUInt16BE(0);
      const type = buffer[4];
      if (length < 8 || (type !== NSPTCN && type !== 6) || (type === 6 && !sawConnect)) {
        socket.destroy();
        return;
      }
      if (buffer.length < length) return;
      const text = buffer.subarray(0, length).toString('latin1');
      buffer = buffer.subarray(length);
      sawConnect = true;
      const start = text.indexOf('(DESCRIPTION');
      if (start < 0) continue;
      connects.push({ connectData: text.slice(start), encrypted });
      buffer = Buffer.alloc(0);
      socket.end(refusePacket());
      return;
    }
  });
}

/** Starts an Oracle listener stub on an ephemeral loopback port. */
export async function startOracleStub(options: Omit<StubListenerOptions, 'onConnection'>): Promise<OracleStub> {
  const connects: OracleStub['connects'] = [];
  const listener = await startStubListener({ ...options, onConnection: (socket, info) => serve(socket, info.encrypted, connects) });
  return Object.assign(listener, { connects });
}
