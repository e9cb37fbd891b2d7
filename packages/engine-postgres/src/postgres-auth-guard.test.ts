import { describe, expect, it } from 'vitest';
import { AuthGuard, allowsCleartextPassword, CLEARTEXT_PASSWORD_CODE } from './postgres-auth-guard.js';

const auth = (code: number, extra = Buffer.alloc(0)) => {
  const b = Buffer.alloc(9 + extra.length);
  b[0] = 0x52;
  b.writeUInt32BE(8 + extra.length, 1);
  b.writeInt32BE(code, 5);
  extra.copy(b, 9);
  return b;
};

describe('AuthGuard', () => {
  it('refuses AuthenticationCleartextPassword, even split byte by byte, before forwarding any of it', () => {
    const guard = new AuthGuard();
    const msg = auth(3);
    for (let i = 0; i < msg.length - 1; i++) {
      const step = guard.feed(msg.subarray(i, i + 1));
      expect('forward' in step && step.forward.length).toBe(0);
    }
    const last = guard.feed(msg.subarray(msg.length - 1));
    expect('refuse' in last && (last.refuse as Error & { code: string }).code).toBe(CLEARTEXT_PASSWORD_CODE);
  });

  it('forwards SASL and MD5 requests and steps aside after AuthenticationOk', () => {
    const guard = new AuthGuard();
    const sasl = auth(10, Buffer.from('SCRAM-SHA-256\0\0'));
    const step = guard.feed(Buffer.concat([sasl, auth(5, Buffer.from([1, 2, 3, 4]))]));
    expect('forward' in step && step.forward.length).toBe(sasl.length + 13);
    const ok = guard.feed(Buffer.concat([auth(0), Buffer.from('Z')]));
    expect('forward' in ok && ok.done).toBe(true);
    expect(guard.done).toBe(true);
    expect(guard.feed(auth(3))).toEqual({ forward: auth(3), done: true });
  });

  it('passes an ErrorResponse through and rejects absurd lengths', () => {
    const e = Buffer.concat([Buffer.from([0x45, 0, 0, 0, 12]), Buffer.from('SFATAL\0\0')]);
    const step = new AuthGuard().feed(e);
    expect('forward' in step && step.forward.equals(e)).toBe(true);
    const bad = new AuthGuard().feed(Buffer.from([0x52, 0x7f, 0, 0, 0]));
    expect('refuse' in bad).toBe(true);
  });
});

describe('allowsCleartextPassword', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['scram-sha-256', false],
    ['!md5', false],
    ['password', true],
    ['scram-sha-256,password', true],
    ['!password', false],
  ])('%s → %s', (value, expected) => expect(allowsCleartextPassword(value)).toBe(expected));
});
