import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { parseMongodbUrl } from './mongodb-url.js';

/**
 * Fixtures from the MongoDB URI options specification's TLS tests
 * (source/uri-options/tests/tls-options.yml) and the Node.js driver's
 * option parsing. Where the specification lets a driver warn (an invalid
 * boolean), the Node.js driver refuses, and so does dbtls.
 */
const VALID: [string, string | undefined][] = [
  ['mongodb://example.com/?tls=true&tlsCAFile=ca.pem&tlsCertificateKeyFile=cert.pem', 'verify-identity'],
  ['mongodb://example.com/?tlsCertificateKeyFilePassword=hunter2', 'verify-identity'],
  ['mongodb://example.com/?tlsAllowInvalidCertificates=true', 'required'],
  ['mongodb://example.com/?tlsAllowInvalidHostnames=true', 'verify-ca'],
  ['mongodb://example.com/?tlsInsecure=true', 'required'],
  ['mongodb://example.com/?tls=true&ssl=true', 'verify-identity'],
  ['mongodb://example.com/?tls=false&ssl=false', 'disabled'],
  ['mongodb://example.com/?ssl=true&tls=true', 'verify-identity'],
  ['mongodb://example.com/?ssl=false&tls=false', 'disabled'],
  ['mongodb://example.com/?tls=true&tlsInsecure=false', 'verify-identity'],
  ['mongodb://example.com/?tls=true&tlsAllowInvalidCertificates=false&tlsAllowInvalidHostnames=false', 'verify-identity'],
  ['mongodb://example.com/?tls=true&tlsAllowInvalidCertificates=true&tlsAllowInvalidHostnames=true', 'required'],
  ['mongodb://example.com/?TLS=true&TLSALLOWINVALIDHOSTNAMES=true', 'verify-ca'],
  ['mongodb://example.com/', undefined],
  ['mongodb+srv://cluster0.example.net/', 'verify-identity'],
  ['mongodb+srv://cluster0.example.net/?tls=false', 'disabled'],
  ['mongodb+srv://cluster0.example.net/?ssl=false', 'disabled'],
  ['mongodb+srv://cluster0.example.net/?tlsAllowInvalidHostnames=true', 'verify-ca'],
];

const CONFLICTING = [
  'tlsInsecure=true&tlsAllowInvalidCertificates=true',
  'tlsInsecure=false&tlsAllowInvalidCertificates=false',
  'tlsAllowInvalidCertificates=true&tlsInsecure=true',
  'tlsAllowInvalidCertificates=false&tlsInsecure=false',
  'tlsInsecure=true&tlsAllowInvalidHostnames=true',
  'tlsInsecure=false&tlsAllowInvalidHostnames=false',
  'tlsAllowInvalidHostnames=true&tlsInsecure=true',
  'tlsAllowInvalidHostnames=false&tlsInsecure=false',
  'tls=false&ssl=true',
  'tls=true&ssl=false',
  'ssl=false&tls=true',
  'ssl=true&tls=false',
  'tlsAllowInvalidCertificates=true&tlsDisableCertificateRevocationCheck=true',
  'tlsAllowInvalidCertificates=false&tlsDisableCertificateRevocationCheck=false',
  'tlsInsecure=true&tlsDisableOCSPEndpointCheck=false',
  'tlsDisableOCSPEndpointCheck=true&tlsDisableCertificateRevocationCheck=false',
];

const INVALID: [string, RegExp][] = [
  ['tlsAllowInvalidCertificates=invalid', /must be "true" or "false"/],
  ['tlsAllowInvalidHostnames=invalid', /must be "true" or "false"/],
  ['tlsInsecure=invalid', /must be "true" or "false"/],
  ['tls=TRUE', /must be "true" or "false"/],
  ['tls=1', /must be "true" or "false"/],
  ['tls=', /no value/],
  ['tls=true&tls=false', /more than once/],
  ['tls=true&tlsDisableOCSPEndpointCheck=true', /OCSP and certificate revocation checks are not supported/],
  ['tls=true&tlsDisableOCSPEndpointCheck=false', /not supported/],
  ['tls=true&tlsDisableCertificateRevocationCheck=true', /not supported/],
  ['tls=true&tlsDisableCertificateRevocationCheck=false', /not supported/],
  ['tls=true&tlsCRLFile=/etc/crl.pem', /revocation list/],
  ['tls=true&tlsCertificateFile=cert.pem', /tlsCertificateKeyFile/],
];

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isDbtlsError(error) ? error.code : 'not-a-dbtls-error';
  }
}

describe('MongoDB URI options specification: TLS', () => {
  it.each(VALID)('%s → %s', (uri, mode) => {
    expect(parseMongodbUrl(uri).mode).toBe(mode);
  });

  it.each(CONFLICTING)('refuses the conflicting pair %s', (query) => {
    expect(code(() => parseMongodbUrl(`mongodb://example.com/?${query}`))).toBe('invalid-url');
  });

  it.each(INVALID)('refuses %s', (query, message) => {
    expect(() => parseMongodbUrl(`mongodb://example.com/?${query}`)).toThrow(message);
    expect(code(() => parseMongodbUrl(`mongodb://example.com/?${query}`))).toBe('invalid-url');
  });

  it('names the source of each reading', () => {
    const t = parseMongodbUrl('mongodb://u:pw@h/?tls=true&tlsAllowInvalidHostnames=true&tlsCAFile=ca.pem&tlsCertificateKeyFile=both.pem&tlsCertificateKeyFilePassword=hunter2');
    expect(t.sources).toEqual({
      mode: 'tls=true + tlsAllowInvalidHostnames=true',
      caFile: 'tlsCAFile',
      certFile: 'tlsCertificateKeyFile',
      keyFile: 'tlsCertificateKeyFile',
      passphrase: 'tlsCertificateKeyFilePassword',
    });
    expect(t.secrets).toEqual(expect.arrayContaining(['hunter2', 'pw']));
    expect(t.displayUrl).not.toContain('hunter2');
    expect(parseMongodbUrl('mongodb+srv://c.example.net/').sources.mode).toMatch(/mongodb\+srv/);
  });

  it('TLS options without tls=true: the stricter reading (TLS on), said in a warning', () => {
    const t = parseMongodbUrl('mongodb://h/?tlsCAFile=ca.pem');
    expect(t.mode).toBe('verify-identity');
    expect(t.warnings.join(' ')).toMatch(/Node\.js driver would connect in plain text.*stricter/);
  });

  it('tls=false with other TLS options warns that they are unused', () => {
    expect(parseMongodbUrl('mongodb://h/?tls=false&tlsCAFile=ca.pem').warnings.join(' ')).toMatch(/tlsCAFile is not used/);
  });
});
