import { describe, expect, it } from 'vitest';
import { ownValue } from './own-key.js';
import { parseSslMode } from './ssl-mode.js';

describe('ownValue and the mode parser never find inherited keys', () => {
  const table = { require: 'required' };
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])('%s', (key) => {
    expect(ownValue(table, key)).toBeUndefined();
    expect(() => parseSslMode(key)).toThrow(/Unknown SSL mode/);
  });
  it('finds own keys', () => expect(ownValue(table, 'require')).toBe('required'));
});
