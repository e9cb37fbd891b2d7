import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_KEY_PASSPHRASE, generateCertificates } from '../../../tests/harness/certs.js';
import { isDbtlsError } from './dbtls-error.js';
import { describeTlsMaterial, loadTlsMaterial, parseTlsVersion } from './tls-options.js';

const dir = mkdtempSync(join(tmpdir(), 'dbtls-unit-'));
const certs = generateCertificates(join(dir, 'certs'));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isDbtlsError(e) ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
  return 'no error';
};

describe('loadTlsMaterial', () => {
  it('loads CA, certificate and an encrypted key with its passphrase', () => {
    const m = loadTlsMaterial({ mode: 'verify-identity', caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE });
    expect(m.ca).toContain('BEGIN CERTIFICATE');
    expect(describeTlsMaterial(m)).toEqual({ mode: 'verify-identity', caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: '***' });
  });
  it('names the file, never its contents', () => {
    const notPem = join(dir, 'junk.pem');
    writeFileSync(notPem, 'SECRET-LOOKING-CONTENT');
    expect(codeOf(() => loadTlsMaterial({ mode: 'verify-ca', caFile: join(dir, 'missing.pem') }))).toMatch(/^file-not-found: The CA certificate file ".*missing.pem" does not exist/);
    expect(codeOf(() => loadTlsMaterial({ mode: 'verify-ca', caFile: dir }))).toMatch(/^file-unreadable/);
    const junk = codeOf(() => loadTlsMaterial({ mode: 'verify-ca', caFile: notPem }));
    expect(junk).toMatch(/^file-not-pem/);
    expect(junk).not.toContain('SECRET-LOOKING');
  });
  it('wrong passphrase, missing passphrase and a mismatched key are client-key-invalid', () => {
    const wrong = codeOf(() => loadTlsMaterial({ mode: 'required', certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: 'nope-nope' }));
    expect(wrong).toMatch(/^client-key-invalid: .*the passphrase does not decrypt it/);
    expect(wrong).not.toContain('nope-nope');
    expect(codeOf(() => loadTlsMaterial({ mode: 'required', certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted }))).toMatch(/no passphrase was given/);
    expect(codeOf(() => loadTlsMaterial({ mode: 'required', certFile: certs.clientCert, keyFile: certs.otherClientKey }))).toMatch(/^client-key-invalid: .*does not match the certificate/);
    expect(codeOf(() => loadTlsMaterial({ mode: 'required', certFile: certs.clientCert }))).toMatch(/^invalid-option: A client certificate was given without its key/);
  });
  it('parses minimum TLS versions', () => {
    expect(parseTlsVersion('1.2')).toBe('TLSv1.2');
    expect(parseTlsVersion('TLSv1.3')).toBe('TLSv1.3');
    expect(parseTlsVersion('tls1.3')).toBe('TLSv1.3');
    expect(() => parseTlsVersion('SSLv3')).toThrow(/Unknown TLS version/);
  });
});
