import { describe, expect, it } from 'vitest';
import { buildPrelogin, encodePackets, ENCRYPT, encryptName, parsePrelogin, TdsPacketReader, TDS_PACKET, withEncryption } from './mssql-prelogin.js';
import { decideTds, requestedEncryption } from './mssql-negotiate.js';

describe('PRELOGIN codec', () => {
  it('round-trips the ENCRYPTION option and the version', () => {
    const parsed = parsePrelogin(buildPrelogin(ENCRYPT.ON, [16, 0, 1000, 6]));
    expect(parsed).toMatchObject({ encryption: ENCRYPT.ON, version: '16.0.1000.6' });
    expect(parsePrelogin(withEncryption(parsed, ENCRYPT.NOT_SUP)).encryption).toBe(ENCRYPT.NOT_SUP);
  });

  it('names values, client-certificate variants included', () => {
    expect([0, 1, 2, 3, 0x81].map(encryptName)).toEqual(['OFF', 'ON', 'NOT_SUP', 'REQ', 'ON']);
  });

  it('rejects a payload without terminator or with an option outside it', () => {
    expect(() => parsePrelogin(Buffer.from([0x01, 0x00, 0x06, 0x00, 0x01]))).toThrow(/malformed/);
    expect(() => parsePrelogin(Buffer.from([0x01, 0x00, 0x40, 0x00, 0x01, 0xff]))).toThrow(/outside/);
  });

  it('splits large messages into packets with EOM on the last and reassembles them across chunk boundaries', () => {
    const payload = Buffer.alloc(9000, 7);
    const wire = encodePackets(TDS_PACKET.PRELOGIN, payload);
    const reader = new TdsPacketReader();
    const packets = [...reader.push(wire.subarray(0, 5000)), ...reader.push(wire.subarray(5000))];
    expect(packets.map((p) => p.status)).toEqual([0, 0, 1]);
    expect(Buffer.concat(packets.map((p) => p.payload)).equals(payload)).toBe(true);
    expect(packets.every((p) => p.type === TDS_PACKET.PRELOGIN && p.bytes.length <= 4096)).toBe(true);
  });
});

describe('decideTds (mode × server answer)', () => {
  it('sends NOT_SUP only for disabled, never OFF', () => {
    expect(requestedEncryption('disabled')).toBe(ENCRYPT.NOT_SUP);
    for (const mode of ['preferred', 'required', 'verify-ca', 'verify-identity'] as const) expect(requestedEncryption(mode)).toBe(ENCRYPT.ON);
  });

  it.each([
    ['disabled', 'NOT_SUP', 'plain'],
    ['disabled', 'OFF', 'plain'],
    ['disabled', 'REQ', 'fail-requires-tls'],
    ['disabled', 'ON', 'fail-requires-tls'],
    ['preferred', 'ON', 'tls'],
    ['preferred', 'REQ', 'tls'],
    ['preferred', 'NOT_SUP', 'plain-fallback'],
    ['preferred', 'OFF', 'fail-login-only'],
    ['required', 'NOT_SUP', 'fail-lacks-tls'],
    ['verify-ca', 'ON', 'tls'],
    ['verify-identity', 'OFF', 'fail-login-only'],
  ] as const)('%s with answer %s → %s', (mode, answer, decision) => {
    expect(decideTds(mode, ENCRYPT[answer])).toBe(decision);
  });
});
