import { describe, expect, it } from 'vitest';
import { diagnoseError, planConnect, validateEngine, type DiagnoseContext } from '@dbtls/core';
import { mssqlEngine, engines } from './mssql-engine.js';
import { mssqlDriverOptions } from './mssql-ssl.js';

const context = (mode: 'disabled' | 'required' | 'verify-ca'): DiagnoseContext => ({ requestedMode: mode, effectiveMode: mode, given: { ca: false, clientCertificate: false }, host: 'localhost' });

/** tedious's ConnectionError shape: message, code, and the Node error in `cause`. */
function tediousError(message: string, code: string, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { name: 'ConnectionError', code });
}

describe('mssqlEngine', () => {
  it('is a valid engine with schemes mssql and sqlserver, port 1433, default preferred, native fallback', () => {
    expect(validateEngine(mssqlEngine)).toBe(mssqlEngine);
    expect(engines).toEqual([mssqlEngine]);
    expect(mssqlEngine).toMatchObject({ id: 'mssql', schemes: ['mssql', 'sqlserver'], defaultPort: 1433, defaultMode: 'preferred', fallback: { capability: 'native' }, drivers: ['tedious'] });
    expect(planConnect(mssqlEngine, { url: 'sqlserver://h' })).toMatchObject({ requested: 'preferred', effective: 'preferred' });
  });

  it.each([
    // measured wording (tedious 19 / 20 and dbtls's own PRELOGIN errors, wrapped by tedious)
    [tediousError("Server requires encryption, set 'encrypt' config option to true.", 'EENCRYPT'), 'disabled', 'server-requires-tls'],
    [tediousError('Failed to connect to h:1433 - Server requires encryption: it answered ENCRYPT_REQ to a PRELOGIN without encryption', 'ESOCKET', Object.assign(new Error('Server requires encryption: …'), { code: 'EENCRYPT' })), 'disabled', 'server-requires-tls'],
    [tediousError("Server did not negotiate encryption, but the 'encrypt' config option is set to `true`.", 'EENCRYPT'), 'required', 'server-lacks-tls'],
    [tediousError("Login failed for user 'lab'.", 'ELOGIN'), 'required', 'authentication-failed'],
    [tediousError('Failed to connect to localhost:1433 - self-signed certificate', 'ESOCKET', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })), 'verify-ca', 'certificate-untrusted'],
    [tediousError('Failed to connect to localhost:1433 - certificate has expired', 'ESOCKET', Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' })), 'verify-ca', 'certificate-expired'],
    [tediousError('Failed to connect to localhost:1433 - Could not connect (sequence)', 'ESOCKET', new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1433'), { code: 'ECONNREFUSED' })], 'Could not connect (sequence)')), 'required', 'network-error'],
    [tediousError('Failed to connect to localhost:1433 in 15000ms', 'ETIMEOUT'), 'required', 'timeout'],
  ] as const)('diagnoses %s', (error, mode, cause) => {
    expect(diagnoseError(mssqlEngine, error, context(mode)).cause).toBe(cause);
  });

  it('recommends preferred for a server without TLS (fallback is possible) and required for a forcing server', () => {
    expect(diagnoseError(mssqlEngine, tediousError('Server did not negotiate encryption', 'EENCRYPT'), context('required')).recommendedMode).toBe('preferred');
    expect(diagnoseError(mssqlEngine, tediousError('Server requires encryption', 'EENCRYPT'), context('disabled')).recommendedMode).toBe('required');
  });
});

describe('mssqlDriverOptions', () => {
  it('maps modes to tedious options', () => {
    expect(mssqlDriverOptions({ mode: 'disabled', tls: {} }).options).toEqual({ server: '<host>', options: { encrypt: false } });
    expect(mssqlDriverOptions({ mode: 'required', tls: {}, host: 'db' }).options).toEqual({ server: 'db', options: { encrypt: true, trustServerCertificate: true } });
    const ca = mssqlDriverOptions({ mode: 'verify-ca', tls: { caFile: '/etc/ssl/ca.pem' }, host: 'db' });
    expect(ca.options).toEqual({ server: 'db', options: { encrypt: true, trustServerCertificate: false, cryptoCredentialsDetails: { ca: '<contents of ca.pem>' } } });
    expect(ca.notes.join(' ')).toMatch(/checkServerIdentity/);
    const id = mssqlDriverOptions({ mode: 'verify-identity', tls: { servername: 'sql.example.com' }, host: '10.0.0.5' });
    expect(id.urlParameters).toEqual({ encrypt: 'true', trustServerCertificate: 'false', hostNameInCertificate: 'sql.example.com' });
    expect(id.options).toMatchObject({ options: { serverName: 'sql.example.com' } });
    expect(mssqlDriverOptions({ mode: 'preferred', tls: {} }).equivalents?.freetds).toBe('encryption = request');
  });

  it('never shows file contents or a passphrase, and says client certificates are not sent', () => {
    const view = mssqlDriverOptions({ mode: 'required', tls: { certFile: 'c.pem', keyFile: 'k.pem', passphrase: true } });
    expect(JSON.stringify(view)).not.toMatch(/BEGIN/);
    expect(view.notes.join(' ')).toMatch(/no client certificates/);
  });
});
