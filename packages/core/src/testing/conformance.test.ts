import { describe, expect, it } from 'vitest';
import { conformanceCases, expectedCell } from './conformance.js';

describe('the conformance table', () => {
  const native = { fallback: { capability: 'native' as const, how: '' } };
  const none = { fallback: { capability: 'none' as const, how: '' } };
  it('preferred falls back only where the engine can', () => {
    expect(expectedCell(native, 'no-tls', 'preferred')).toEqual({ ok: true, encrypted: false, fellBack: true });
    expect(expectedCell(none, 'no-tls', 'preferred')).toEqual({ ok: false, cause: 'server-lacks-tls', recommendedMode: 'disabled' });
    expect(expectedCell(native, 'no-tls', 'required')).toEqual({ ok: false, cause: 'server-lacks-tls', recommendedMode: 'preferred' });
  });
  it('verify-identity rejects the IP host, verify-ca accepts it', () => {
    expect(expectedCell(native, 'tls-optional-ip', 'verify-identity').cause).toBe('hostname-mismatch');
    expect(expectedCell(native, 'tls-optional-ip', 'verify-ca')).toMatchObject({ ok: true, encrypted: true });
  });
  it('builds 5 cells per scenario, 2 for verify-without-ca, and passes files only where they belong', () => {
    const cases = conformanceCases(native, { 'self-signed': { url: 'x://h', caFile: 'ca.pem' }, 'verify-without-ca': { url: 'x://h', caFile: 'ca.pem' } });
    expect(cases).toHaveLength(7);
    expect(cases.find((c) => c.mode === 'required')?.options.caFile).toBeUndefined();
    expect(cases.find((c) => c.scenario === 'self-signed' && c.mode === 'verify-ca')?.options.caFile).toBe('ca.pem');
    expect(cases.filter((c) => c.scenario === 'verify-without-ca').every((c) => c.options.caFile === undefined)).toBe(true);
  });
});
