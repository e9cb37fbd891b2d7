import { describe, expect, it } from 'vitest';
import { buildDiagnosis, diagnoseError, errorChain, recommendedModeFor } from './diagnose.js';
import { defineEngine } from './engine.js';
import { parseGenericUrl } from './generic-url.js';

const engine = (capability: 'native' | 'none') =>
  defineEngine({
    id: 'x', displayName: 'X', schemes: ['x'], defaultPort: 1, defaultMode: 'preferred', fallback: { capability, how: '' }, guidance: '', drivers: [],
    errorPatterns: [{ cause: 'authentication-failed', message: /bad login/ }],
    parseUrl: (u) => parseGenericUrl(u, { defaultPort: 1 }),
    driverOptions: () => ({ driver: 'x', options: {}, notes: [] }),
    connect: async () => ({ encrypted: false, fellBack: false, tls: null }),
  });
const ctx = { requestedMode: 'verify-identity' as const, effectiveMode: 'verify-identity' as const, given: { ca: true, clientCertificate: false }, host: 'db' };

describe('diagnoseError', () => {
  it.each([
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'certificate-untrusted'],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'x' }, 'certificate-untrusted'],
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }, 'certificate-untrusted'],
    [{ code: 'CERT_HAS_EXPIRED', message: 'x' }, 'certificate-expired'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'x' }, 'hostname-mismatch'],
    [{ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'x' }, 'client-certificate-required'],
    [{ code: 'ERR_SSL_UNSUPPORTED_PROTOCOL', message: 'x' }, 'tls-handshake-failed'],
    [{ code: 'ECONNREFUSED', message: 'x' }, 'network-error'],
    [{ code: 'ENOTFOUND', message: 'x' }, 'network-error'],
    [{ code: 'ETIMEDOUT', message: 'x' }, 'timeout'],
    [{ message: 'bad login for app' }, 'authentication-failed'],
    [{ message: 'mystery' }, 'unknown'],
  ])('%o -> %s', (error, cause) => {
    expect(diagnoseError(engine('native'), Object.assign(new Error(error.message), error), ctx).cause).toBe(cause);
  });

  it('digs through cause chains and AggregateErrors, engine patterns first', () => {
    const inner = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    const outer = new Error('Connection is closed.', { cause: new AggregateError([new Error('noise'), inner]) });
    expect(errorChain(outer)).toContain(inner);
    const d = diagnoseError(engine('native'), outer, ctx);
    expect(d.cause).toBe('certificate-expired');
    expect(d.original).toEqual({ message: 'certificate has expired', code: 'CERT_HAS_EXPIRED' });
  });

  it('removes secrets from the original message', () => {
    const d = diagnoseError(engine('native'), new Error('bad login for user with password hunter2 at x://u:hunter2@h'), ctx, ['hunter2']);
    expect(d.original.message).not.toContain('hunter2');
  });
});

describe('recommended mode per cause (the dbtls table)', () => {
  it.each([
    ['server-requires-tls', 'disabled', 'native', 'required'],
    ['server-lacks-tls', 'required', 'native', 'preferred'],
    ['server-lacks-tls', 'required', 'none', 'disabled'],
    ['tls-handshake-failed', 'verify-ca', 'native', 'required'],
    ['tls-handshake-failed', 'required', 'native', null],
    ['certificate-untrusted', 'verify-ca', 'native', 'required'],
    ['certificate-expired', 'verify-identity', 'native', 'required'],
    ['hostname-mismatch', 'verify-identity', 'native', 'verify-ca'],
    ['client-certificate-required', 'verify-ca', 'native', 'verify-ca'],
    ['client-key-invalid', 'required', 'native', 'required'],
    ['authentication-failed', 'required', 'native', null],
    ['network-error', 'required', 'native', null],
    ['timeout', 'required', 'native', null],
    ['unknown', 'required', 'native', null],
  ] as const)('%s (requested %s, fallback %s) -> %s', (cause, requested, fallback, expected) => {
    expect(recommendedModeFor(cause, requested, fallback)).toBe(expected);
  });

  it('details carry what to do: CA, expiry date, certificate names, TLS on the server', () => {
    const peer = { subject: 'CN=db', issuer: 'CN=ca', subjectAltNames: ['DNS:db.internal'], validFrom: '2020-01-01T00:00:00.000Z', validTo: '2021-01-01T00:00:00.000Z', fingerprint256: '', serialNumber: '', selfSigned: false };
    const e = engine('native');
    const original = { message: 'm', code: null };
    expect(buildDiagnosis('certificate-untrusted', { engine: e, context: ctx, original }).detail).toMatch(/Pass the issuing CA/);
    expect(buildDiagnosis('certificate-expired', { engine: e, context: ctx, original, peer }).summary).toContain('2021-01-01');
    expect(buildDiagnosis('hostname-mismatch', { engine: e, context: ctx, original, peer }).detail).toContain('DNS:db.internal');
    expect(buildDiagnosis('server-lacks-tls', { engine: e, context: ctx, original }).detail).toMatch(/Enabling TLS on the server keeps the connection encrypted/);
    expect(buildDiagnosis('client-certificate-required', { engine: e, context: ctx, original }).detail).toMatch(/--cert and --key/);
  });
});
