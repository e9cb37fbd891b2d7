import { describe, expect, it } from 'vitest';
import { escapeControls, escapeText } from './terminal-safe.js';

describe('terminal-safe output', () => {
  it('escapes title, erase and cursor sequences, newlines, NUL and bidi overrides', () => {
    expect(escapeText('x\u001b]0;pwned\u0007y')).toBe('x\\x1b]0;pwned\\x07y');
    expect(escapeText('a\u001b[2K\r\u001b[1A✔ Connected')).toBe('a\\x1b[2K\\r\\x1b[1A✔ Connected');
    expect(escapeText('one\ntwo\u0000\u009b\u202e')).toBe('one\\ntwo\\x00\\x9b\\u202e');
    expect(escapeText('tab\tstays, ünïcode stays')).toBe('tab\tstays, ünïcode stays');
  });
  it('walks nested values and leaves non-strings alone', () => {
    expect(escapeControls({ a: ['x\ny', 1, null, true], b: { c: '\u001b' } })).toEqual({ a: ['x\\ny', 1, null, true], b: { c: '\\x1b' } });
  });
});
