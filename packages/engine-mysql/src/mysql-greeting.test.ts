import { describe, expect, it } from 'vitest';
import { CLIENT_SSL, parseGreeting } from './mysql-greeting.js';

function greeting(version: string, lowerCaps: number, upperCaps = 0): Buffer {
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${version}\0`, 'latin1'),
    Buffer.from([1, 0, 0, 0]), // connection id
    Buffer.alloc(8, 0x41), // auth data part 1
    Buffer.from([0]), // filler
    Buffer.from([lowerCaps & 0xff, lowerCaps >> 8]),
    Buffer.from([45, 2, 0]), // charset, status
    Buffer.from([upperCaps & 0xff, upperCaps >> 8]),
    Buffer.alloc(11),
  ]);
}

describe('parseGreeting', () => {
  it('reads CLIENT_SSL from the capability flags and strips MariaDB\'s 5.5.5- prefix', () => {
    const g = parseGreeting(greeting('5.5.5-10.11.19-MariaDB-0+deb12u1', 0xf7fe | CLIENT_SSL, 0x81bf));
    expect(g).toMatchObject({ kind: 'handshake', serverVersion: '10.11.19-MariaDB-0+deb12u1', offersTls: true, mariadb: true });
  });

  it('offersTls is false without the flag', () => {
    expect(parseGreeting(greeting('8.0.36', 0xf7fe & ~CLIENT_SSL))).toMatchObject({ kind: 'handshake', serverVersion: '8.0.36', offersTls: false, mariadb: false });
  });

  it('recognises an error packet instead of a greeting (e.g. too many connections)', () => {
    const payload = Buffer.concat([Buffer.from([0xff, 0x10, 0x04]), Buffer.from('Too many connections')]);
    expect(parseGreeting(payload)).toEqual({ kind: 'error', errno: 1040, message: 'Too many connections' });
  });

  it('reports anything else as unknown', () => {
    expect(parseGreeting(Buffer.from('HTTP/1.1 400')).kind).toBe('unknown');
    expect(parseGreeting(Buffer.from([10, 0x41, 0x42])).kind).toBe('unknown');
    expect(parseGreeting(Buffer.alloc(0)).kind).toBe('unknown');
  });
});
