import { describe, expect, it } from 'vitest';
import { diagnoseError } from '@dbtls/core';
import { postgresEngine } from './postgres-engine.js';

const ctx = (requestedMode: 'disabled' | 'preferred' | 'verify-identity') => ({ requestedMode, effectiveMode: requestedMode, given: { ca: false, clientCertificate: false } });
const pgError = (message: string, code?: string) => Object.assign(new Error(message), { severity: 'FATAL', ...(code ? { code } : {}) });

describe('PostgreSQL server messages, both wordings', () => {
  it.each([
    ['no pg_hba.conf entry for host "127.0.0.1", user "lab", database "lab", no encryption', 'server-requires-tls', 'required'],
    ['no pg_hba.conf entry for host "127.0.0.1", user "lab", database "lab", SSL off', 'server-requires-tls', 'required'],
    ['no pg_hba.conf entry for host "127.0.0.1", user "lab", database "lab", SSL encryption', 'server-lacks-tls', 'disabled'],
    ['no pg_hba.conf entry for host "127.0.0.1", user "lab", database "lab", SSL on', 'server-lacks-tls', 'disabled'],
    ['password authentication failed for user "lab"', 'authentication-failed', null],
    ['connection requires a valid client certificate', 'client-certificate-required', 'preferred'],
    ['The server does not support SSL connections', 'server-lacks-tls', 'preferred'],
  ])('%s -> %s', (message, cause, recommended) => {
    const d = diagnoseError(postgresEngine, pgError(message, message.startsWith('password') ? '28P01' : '28000'), ctx('preferred'));
    expect(d.cause).toBe(cause);
    expect(d.recommendedMode).toBe(recommended);
  });
  it.each([
    ['sorry, too many clients already', '53300'],
    ['remaining connection slots are reserved for roles with the SUPERUSER attribute', '53300'],
    ['too many connections for role "lab"', '53300'],
  ])('%s (53300) -> server-busy, no mode recommended', (message, code) => {
    const d = diagnoseError(postgresEngine, pgError(message, code), ctx('verify-identity'));
    expect(d.cause).toBe('server-busy');
    expect(d.recommendedMode).toBeNull();
    expect(d.detail).toMatch(/max_connections/);
  });
  it('a clear-text password refusal recommends TLS, never a weaker mode', () => {
    const e = Object.assign(new Error('The server asked for the password in clear text (AuthenticationCleartextPassword) on an unencrypted connection'), { code: 'DBTLS_PG_CLEARTEXT_PASSWORD' });
    expect(diagnoseError(postgresEngine, e, ctx('preferred'))).toMatchObject({ cause: 'cleartext-password-refused', recommendedMode: 'required' });
    expect(diagnoseError(postgresEngine, e, ctx('disabled')).recommendedMode).toBe('required');
  });
  it('a missing client certificate surfacing as a TLS alert is recognised too', () => {
    const alert = Object.assign(new Error('error:0A00045C:SSL routines::tlsv13 alert certificate required'), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    expect(diagnoseError(postgresEngine, alert, ctx('verify-identity')).cause).toBe('client-certificate-required');
  });
});
