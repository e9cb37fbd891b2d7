import { describe, expect, it } from 'vitest';
import { buildDiagnosis } from './diagnose.js';
import type { DiagnosisCause } from './diagnosis.js';
import { hostedAdviceFor } from './hosted-services.js';
import { refineDiagnosis } from './refine-diagnosis.js';

const engine = { displayName: 'Redis', fallback: { capability: 'none' as const, how: '' } };
const diagnosis = (cause: DiagnosisCause, original = { message: 'x', code: null as string | null }) =>
  buildDiagnosis(cause, { engine, context: { requestedMode: 'disabled', effectiveMode: 'disabled', given: { ca: false, clientCertificate: false } }, original });

describe('refineDiagnosis', () => {
  it('a plain client that times out on a direct-TLS engine: the port may be TLS-only, try required', () => {
    const d = refineDiagnosis(diagnosis('timeout'), { hosted: null, material: { files: {} }, mode: 'disabled', directTls: true });
    expect(d.recommendedMode).toBe('required');
    expect(d.detail).toMatch(/may be a TLS-only port/);
    expect(refineDiagnosis(diagnosis('timeout'), { hosted: null, material: { files: {} }, mode: 'required', directTls: true }).recommendedMode).toBeNull();
  });

  it('--min-tls above what the server speaks names both sides', () => {
    const alert = diagnosis('tls-handshake-failed', { message: 'tlsv1 alert protocol version', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    expect(refineDiagnosis(alert, { hosted: null, material: { files: {}, minVersion: 'TLSv1.3' } }).detail).toMatch(/offered TLSv1\.3 to TLSv1\.3.*older than TLSv1\.3/);
    expect(refineDiagnosis(alert, { hosted: null, material: { files: {} }, maxVersion: 'TLSv1.2' }).detail).toMatch(/newer than TLSv1\.2/);
    const unsupported = diagnosis('tls-handshake-failed', { message: 'unsupported protocol', code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' });
    expect(refineDiagnosis(unsupported, { hosted: null, material: { files: {}, minVersion: 'TLSv1.2' } }).detail).toMatch(/does not speak TLSv1\.2/);
  });

  it('an RDS host with a stale CA bundle is told to download the current global bundle', () => {
    const hosted = hostedAdviceFor('db.abc.eu-west-1.rds.amazonaws.com', { engine: 'postgres' });
    const d = refineDiagnosis(diagnosis('certificate-expired'), { hosted, material: { files: { ca: 'rds-ca-2019-root.pem' }, ca: 'pem' } });
    expect(d.detail).toMatch(/rds-ca-2019 expired.*global-bundle\.pem/);
    const none = refineDiagnosis(diagnosis('certificate-untrusted'), { hosted, material: { files: {} } });
    expect(none.detail).toMatch(/not in public trust stores: pass it with --ca/);
  });
});

describe('hosted diagnoses from the error text', () => {
  it("Neon's missing endpoint ID is server-name-required", async () => {
    const { diagnoseError } = await import('./diagnose.js');
    const e = new Error('ERROR: The endpoint ID is not specified. Either upgrade the Postgres client library (libpq) for SNI support or pass the endpoint ID (the first part of the domain name) as a parameter: \'&options=endpoint%3D<endpoint-id>\'.');
    const d = diagnoseError({ ...engine, displayName: 'PostgreSQL', errorPatterns: [] } as never, e, { requestedMode: 'required', effectiveMode: 'required', given: { ca: false, clientCertificate: false } });
    expect(d.cause).toBe('server-name-required');
    expect(d.detail).toMatch(/options=endpoint%3D/);
  });
});
