import { describe, expect, it } from 'vitest';
import { isDbtlsError } from './dbtls-error.js';
import { isSslMode, parseSslMode, SSL_MODES } from './ssl-mode.js';

describe('parseSslMode', () => {
  it.each([
    ['disabled', 'disabled'], ['disable', 'disabled'], ['DISABLED', 'disabled'],
    ['preferred', 'preferred'], ['prefer', 'preferred'], ['PREFERRED', 'preferred'],
    ['required', 'required'], ['require', 'required'], ['REQUIRED', 'required'],
    ['verify-ca', 'verify-ca'], ['VERIFY_CA', 'verify-ca'], ['Verify-CA', 'verify-ca'],
    ['verify-identity', 'verify-identity'], ['verify-full', 'verify-identity'], ['VERIFY_IDENTITY', 'verify-identity'],
  ])('%s -> %s', (input, mode) => {
    expect(parseSslMode(input)).toBe(mode);
  });

  it.each(['allow', 'no-verify', '', 'true', 'verify'])('rejects %j listing the valid modes', (input) => {
    let error: unknown;
    try {
      parseSslMode(input);
    } catch (e) {
      error = e;
    }
    expect(isDbtlsError(error) && error.code).toBe('invalid-ssl-mode');
    expect((error as Error).message).toContain(SSL_MODES.join(', '));
  });

  it('explains why libpq "allow" is not offered', () => {
    expect(() => parseSslMode('allow')).toThrow(/never protects against a passive listener/);
  });

  it('isSslMode accepts only canonical names', () => {
    expect(SSL_MODES.every(isSslMode)).toBe(true);
    expect(isSslMode('require')).toBe(false);
  });
});
