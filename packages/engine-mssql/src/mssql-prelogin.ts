/**
 * The few pieces of TDS (MS-TDS) that dbtls speaks itself: the 8-byte packet
 * header and the PRELOGIN message, whose ENCRYPTION option is where TDS 7.x
 * negotiates TLS.
 */

/** TDS packet types used before login. */
export const TDS_PACKET = { SQL_BATCH: 0x01, TABULAR_RESULT: 0x04, LOGIN7: 0x10, PRELOGIN: 0x12 } as const;

/** Packet status bit: last packet of the message. */
export const TDS_STATUS_EOM = 0x01;

/** Size of the TDS packet header. */
export const TDS_HEADER_LENGTH = 8;

/** Largest packet dbtls writes before login (the TDS default packet size). */
export const TDS_MAX_PACKET = 4096;

/**
 * Values of the PRELOGIN ENCRYPTION option (MS-TDS 2.2.6.5), by name.
 *
 * @example
 * ```ts
 * ENCRYPT.ON; // 1
 * ```
 */
export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

/** The names of {@link ENCRYPT}, as `as const` list. */
export const ENCRYPT_NAMES = ['OFF', 'ON', 'NOT_SUP', 'REQ'] as const;
/** One of {@link ENCRYPT_NAMES}. */
export type EncryptName = (typeof ENCRYPT_NAMES)[number];

/**
 * The name of an ENCRYPTION byte; the client-certificate variants (0x80 bit)
 * are reduced to their base value.
 *
 * @example
 * ```ts
 * encryptName(3); // 'REQ'
 * ```
 */
export function encryptName(value: number): EncryptName {
  return ENCRYPT_NAMES[value & 0x03]!;
}

const TOKEN = { VERSION: 0x00, ENCRYPTION: 0x01, INSTOPT: 0x02, THREADID: 0x03, MARS: 0x04, TERMINATOR: 0xff } as const;

/** A parsed PRELOGIN payload (the parts dbtls reads). */
export interface PreloginPayload {
  /** Sender's version, e.g. `16.0.1000.0`, when present. */
  version: string | null;
  /** The ENCRYPTION byte, or null when the option is absent. */
  encryption: number | null;
  /** The raw payload. */
  raw: Buffer;
  /** Byte offset of the ENCRYPTION value in `raw`, when present. */
  encryptionOffset: number | null;
}

/**
 * Parses a PRELOGIN payload (without packet headers). Throws on a malformed one.
 *
 * @example
 * ```ts
 * parsePrelogin(payload).encryption; // 1 (ON)
 * ```
 */
export function parsePrelogin(raw: Buffer): PreloginPayload {
  const out: PreloginPayload = { version: null, encryption: null, raw, encryptionOffset: null };
  let offset = 0;
  for (;;) {
    if (offset >= raw.length) throw new Error('malformed PRELOGIN payload: no terminator');
    const token = raw[offset]!;
    if (token === TOKEN.TERMINATOR) break;
    if (offset + 5 > raw.length) throw new Error('malformed PRELOGIN payload: truncated option table');
    const dataOffset = raw.readUInt16BE(offset + 1);
    const length = raw.readUInt16BE(offset + 3);
    if (dataOffset + length > raw.length) throw new Error('malformed PRELOGIN payload: option outside the payload');
    if (token === TOKEN.VERSION && length >= 6) {
      out.version = `${raw[dataOffset]}.${raw[dataOffset + 1]}.${raw.readUInt16BE(dataOffset + 2)}.${raw.readUInt16BE(dataOffset + 4)}`;
    } else if (token === TOKEN.ENCRYPTION && length >= 1) {
      out.encryption = raw[dataOffset]!;
      out.encryptionOffset = dataOffset;
    }
    offset += 5;
  }
  return out;
}

/**
 * Builds a client PRELOGIN payload: VERSION, ENCRYPTION, INSTOPT (empty
 * instance), THREADID, MARS off, as tedious does.
 *
 * @example
 * ```ts
 * const payload = buildPrelogin(ENCRYPT.ON);
 * ```
 */
export function buildPrelogin(encryption: number, version: [number, number, number, number] = [0, 0, 0, 0]): Buffer {
  const options: [number, Buffer][] = [
    [TOKEN.VERSION, Buffer.from([version[0], version[1], version[2] >> 8, version[2] & 0xff, version[3] >> 8, version[3] & 0xff])],
    [TOKEN.ENCRYPTION, Buffer.from([encryption])],
    [TOKEN.INSTOPT, Buffer.from([0])],
    [TOKEN.THREADID, Buffer.from([0, 0, 0, 0])],
    [TOKEN.MARS, Buffer.from([0])],
  ];
  const tableLength = options.length * 5 + 1;
  const data = Buffer.alloc(tableLength + options.reduce((n, [, d]) => n + d.length, 0));
  let table = 0;
  let at = tableLength;
  for (const [token, value] of options) {
    data[table] = token;
    data.writeUInt16BE(at, table + 1);
    data.writeUInt16BE(value.length, table + 3);
    value.copy(data, at);
    table += 5;
    at += value.length;
  }
  data[table] = TOKEN.TERMINATOR;
  return data;
}

/**
 * A copy of a PRELOGIN payload with the ENCRYPTION value replaced (or the
 * payload unchanged when it has no ENCRYPTION option).
 *
 * @example
 * ```ts
 * withEncryption(serverAnswer, ENCRYPT.NOT_SUP);
 * ```
 */
export function withEncryption(payload: PreloginPayload, encryption: number): Buffer {
  const copy = Buffer.from(payload.raw);
  if (payload.encryptionOffset !== null) copy[payload.encryptionOffset] = encryption;
  return copy;
}

/**
 * Wraps a message payload into TDS packets of at most {@link TDS_MAX_PACKET}
 * bytes, the last one flagged end-of-message.
 *
 * @example
 * ```ts
 * socket.write(encodePackets(TDS_PACKET.PRELOGIN, buildPrelogin(ENCRYPT.ON)));
 * ```
 */
export function encodePackets(type: number, payload: Buffer, maxPacket = TDS_MAX_PACKET): Buffer {
  const room = maxPacket - TDS_HEADER_LENGTH;
  const packets: Buffer[] = [];
  let id = 1;
  let offset = 0;
  do {
    const chunk = payload.subarray(offset, offset + room);
    offset += chunk.length;
    const header = Buffer.alloc(TDS_HEADER_LENGTH);
    header[0] = type;
    header[1] = offset >= payload.length ? TDS_STATUS_EOM : 0;
    header.writeUInt16BE(TDS_HEADER_LENGTH + chunk.length, 2);
    header[6] = id++ & 0xff;
    packets.push(header, chunk);
  } while (offset < payload.length);
  return Buffer.concat(packets);
}

/** One TDS packet read from a byte stream. */
export interface TdsPacket {
  type: number;
  status: number;
  payload: Buffer;
  /** The whole packet, header included. */
  bytes: Buffer;
}

/**
 * Incremental TDS packet reader: feed bytes, take whole packets.
 *
 * @example
 * ```ts
 * const reader = new TdsPacketReader();
 * for (const packet of reader.push(chunk)) console.log(packet.type);
 * ```
 */
export class TdsPacketReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns the packets now complete. Throws on a malformed header. */
  push(chunk: Buffer): TdsPacket[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const packets: TdsPacket[] = [];
    while (this.buffer.length >= TDS_HEADER_LENGTH) {
      const length = this.buffer.readUInt16BE(2);
      if (length < TDS_HEADER_LENGTH) throw new Error(`malformed TDS packet header (length ${length})`);
      if (this.buffer.length < length) break;
      packets.push({ type: this.buffer[0]!, status: this.buffer[1]!, payload: this.buffer.subarray(TDS_HEADER_LENGTH, length), bytes: this.buffer.subarray(0, length) });
      this.buffer = this.buffer.subarray(length);
    }
    return packets;
  }

  /** Bytes received after the last complete packet. */
  rest(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }
}
