import { describe, expect, it } from 'vitest';
import { decodeUrlComponent, parseUrlParts, readUrlMode } from './generic-url.js';

describe('parseUrlParts: hostile input is bad input', () => {
  it('a malformed percent-escape in the password is invalid-url, password masked', () => {
    expect(() => parseUrlParts('redis://u:p%zz@h:1', { defaultPort: 6379 })).toThrow(/password in "redis:\/\/u:\*\*\*@h:1" has a malformed percent-escape/);
    expect(() => parseUrlParts('redis://u:p@h:1/d%zz', { defaultPort: 6379 })).toThrow(/path .* malformed percent-escape/);
    expect(() => decodeUrlComponent('%', 'user name', 'x://%@h')).toThrow(/user name/);
  });
  it('a TLS parameter repeated with different values is refused; the same value twice is fine', () => {
    expect(() => parseUrlParts('etcd://h?ssl-mode=disabled&ssl-mode=required', { defaultPort: 2379 })).toThrow(/gives ssl-mode twice with different values/);
    expect(() => parseUrlParts('clickhouse://h?secure=true&secure=false', { defaultPort: 9000 })).toThrow(/gives secure twice/);
    expect(parseUrlParts('etcd://h?ssl-mode=required&ssl-mode=required', { defaultPort: 2379 }).params.get('ssl-mode')).toBe('required');
    expect(parseUrlParts('etcd://h?a=1&a=2', { defaultPort: 2379 }).params.getAll('a')).toEqual(['1', '2']);
  });
  it('a prototype name as a mode is refused', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(() => readUrlMode(new URLSearchParams(`ssl-mode=${name}`))).toThrow(/Unknown SSL mode/);
    }
  });
});
