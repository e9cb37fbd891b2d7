import { describe, expect, it } from 'vitest';
import { evaluatePolicy, strictestPolicy, type FleetPolicy, type PolicyInputResult } from './fleet-policy.js';

const ok: PolicyInputResult = { ok: true, effectiveMode: 'verify-identity', urlMode: 'verify-identity', encrypted: true, fellBack: false, certificateDaysLeft: 200 };
const policy = (p: Partial<FleetPolicy> = {}): FleetPolicy => ({ minMode: null, noFallback: false, warnDays: 30, failDays: null, requireTls: false, ...p });

describe('strictestPolicy', () => {
  it('takes the strictest of every source', () => {
    expect(strictestPolicy([{ minMode: 'verify-full', warnDays: 10 }, { minMode: 'require', noFallback: true, failDays: 3 }, { failDays: 7, warnDays: 45 }])).toEqual({ minMode: 'verify-identity', noFallback: true, warnDays: 45, failDays: 7, requireTls: false });
  });
  it('defaults: nothing checked but a 30-day warning', () => {
    expect(strictestPolicy([undefined])).toEqual(policy());
  });
});

describe('evaluatePolicy', () => {
  it('passes a verified connection', () => {
    expect(evaluatePolicy(ok, policy({ minMode: 'verify-ca', noFallback: true, failDays: 7 }))).toEqual([]);
  });
  it('fails an effective mode under the minimum and recommends the minimum', () => {
    const f = evaluatePolicy({ ...ok, effectiveMode: 'required', urlMode: 'required' }, policy({ minMode: 'verify-ca' }));
    expect(f).toMatchObject([{ severity: 'fail', cause: 'mode-below-minimum', recommendedMode: 'verify-ca' }]);
  });
  it('fails a URL whose own reading is weaker even when the configured mode is strong', () => {
    const f = evaluatePolicy({ ...ok, urlMode: 'preferred' }, policy({ minMode: 'required' }));
    expect(f).toMatchObject([{ severity: 'fail', cause: 'url-mode-below-minimum' }]);
    expect(f[0]!.message).toMatch(/"preferred"/);
  });
  it('ignores engines without a network protocol for the minimum mode', () => {
    expect(evaluatePolicy({ ...ok, effectiveMode: 'not-applicable', urlMode: 'not-applicable', encrypted: false, certificateDaysLeft: null }, policy({ minMode: 'verify-identity' }))).toEqual([]);
  });
  it('fails a fallback only with noFallback', () => {
    const fell = { ...ok, effectiveMode: 'preferred' as const, urlMode: 'preferred' as const, encrypted: false, fellBack: true, certificateDaysLeft: null };
    expect(evaluatePolicy(fell, policy())).toEqual([]);
    expect(evaluatePolicy(fell, policy({ noFallback: true }))).toMatchObject([{ cause: 'fell-back', severity: 'fail' }]);
  });
  it('warns under warnDays and fails under failDays, expired included', () => {
    expect(evaluatePolicy({ ...ok, certificateDaysLeft: 20 }, policy())).toMatchObject([{ severity: 'warn', cause: 'certificate-expiring' }]);
    expect(evaluatePolicy({ ...ok, certificateDaysLeft: 5 }, policy({ failDays: 7 }))).toMatchObject([{ severity: 'fail', cause: 'certificate-expiring' }]);
    const expired = evaluatePolicy({ ...ok, certificateDaysLeft: -3 }, policy({ failDays: 0 }));
    expect(expired[0]!.message).toMatch(/expired 3 days ago/);
  });
  it('requireTls fails a service that needs TLS unless the mode and the URL insist on it', () => {
    const neon = { service: 'Neon', requiresTls: true, recommendedMode: 'verify-identity' as const };
    const plain = { ...ok, encrypted: false, effectiveMode: 'disabled' as const, urlMode: 'disabled' as const, certificateDaysLeft: null, hosted: neon };
    expect(evaluatePolicy(plain, policy({ requireTls: true }))).toMatchObject([{ cause: 'tls-required-by-service', recommendedMode: 'verify-identity' }]);
    expect(evaluatePolicy(plain, policy())).toEqual([]);
    expect(evaluatePolicy({ ...plain, hosted: null }, policy({ requireTls: true }))).toEqual([]);
    expect(evaluatePolicy({ ...plain, hosted: { ...neon, requiresTls: false } }, policy({ requireTls: true }))).toEqual([]);
    // "preferred" got TLS from this server, but would fall back for a man in the middle.
    const preferred = evaluatePolicy({ ...ok, effectiveMode: 'preferred', urlMode: 'preferred', hosted: neon }, policy({ requireTls: true }));
    expect(preferred[0]!.message).toMatch(/Neon requires TLS, and the mode "preferred" does not insist on it/);
    expect(evaluatePolicy({ ...ok, effectiveMode: 'required', urlMode: 'preferred', hosted: neon }, policy({ requireTls: true }))[0]!.message).toMatch(/URL on its own reads as "preferred"/);
    expect(evaluatePolicy({ ...ok, effectiveMode: 'required', urlMode: 'required', hosted: neon }, policy({ requireTls: true }))).toEqual([]);
  });
});
