import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateChainCertificates } from '../../../tests/harness/chain-certs.js';
import { assessCertificates, verifyChainOffline } from './certificate-health.js';
import { splitPemBundle, type TrustAnchors } from './trust-store.js';

const certs = generateChainCertificates(join(tmpdir(), 'dbtls-unit-chain-certs'));
const x509s = (file: string) => splitPemBundle(readFileSync(file, 'utf8')).map((pem) => new X509Certificate(pem));
const anchors = (file: string): TrustAnchors => ({ source: 'ca-file', origin: file, pems: splitPemBundle(readFileSync(file, 'utf8')) });

describe('verifyChainOffline', () => {
  it('validates leaf + intermediate against the root, without borrowing', () => {
    const v = verifyChainOffline(x509s(certs.leafFullChain), anchors(certs.rootCert));
    expect(v).toMatchObject({ chainValid: true, error: null, incompleteChain: false });
    expect(v.path).toEqual(['CN=localhost', 'CN=dbtls Chain Intermediate', 'CN=dbtls Chain Root']);
  });

  it('says a leaf sent alone validates only with a CA file holding the intermediate (incomplete chain)', () => {
    const leafOnly = x509s(certs.leafCert);
    expect(verifyChainOffline(leafOnly, anchors(certs.rootCert))).toMatchObject({ chainValid: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(verifyChainOffline(leafOnly, anchors(certs.bundleCert))).toMatchObject({ chainValid: true, incompleteChain: true });
  });

  it('names OpenSSL codes for self-signed, missing root and expired', () => {
    expect(verifyChainOffline(x509s(certs.weakCert), anchors(certs.rootCert)).error).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(verifyChainOffline(x509s(certs.leafFullChain), anchors(certs.weakCert)).error).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(verifyChainOffline(x509s(certs.weakCert), anchors(certs.weakCert)).chainValid).toBe(true);
    const later = new Date(Date.now() + 500 * 86_400_000);
    expect(verifyChainOffline(x509s(certs.leafFullChain), anchors(certs.rootCert), later).error).toBe('CERT_HAS_EXPIRED');
  });
});

describe('assessCertificates', () => {
  it('reports key, signature, days left and the trust source', async () => {
    const health = await assessCertificates(x509s(certs.leafFullChain), { anchors: [anchors(certs.rootCert)], host: '127.0.0.1' });
    expect(health.certificates).toHaveLength(2);
    const [leaf, intermediate] = health.certificates;
    expect(leaf).toMatchObject({ key: { type: 'ec', bits: 256, curve: 'prime256v1' }, signatureAlgorithm: 'ecdsa-with-SHA256', weakKey: false, weakSignature: false, isCa: false });
    expect(leaf!.daysLeft).toBeGreaterThanOrEqual(398);
    expect(intermediate).toMatchObject({ signatureAlgorithm: 'sha256WithRSAEncryption', isCa: true });
    expect(health.trustedBy).toBe('ca-file');
    expect(health.hostname).toEqual({ name: '127.0.0.1', matches: true, error: null });
    expect(health.warnings).toEqual([]);
  });

  it('warns under --warn-days, and about weak keys, SHA-1 and an incomplete chain', async () => {
    const soon = await assessCertificates(x509s(certs.soonFullChain), { anchors: [anchors(certs.rootCert)] });
    expect(soon.certificates[0]!.daysLeft).toBeLessThanOrEqual(10);
    expect(soon.warnings.join('\n')).toMatch(/expires in (9|10) days .*30-day warning period/);
    expect((await assessCertificates(x509s(certs.soonFullChain), { warnDays: 5 })).warnings).toEqual([]);

    const weak = await assessCertificates(x509s(certs.weakCert), { anchors: [anchors(certs.weakCert)], host: 'other.example' });
    expect(weak.certificates[0]).toMatchObject({ key: { type: 'rsa', bits: 1024 }, signatureAlgorithm: 'sha1WithRSAEncryption', weakKey: true, weakSignature: true });
    expect(weak.warnings.join('\n')).toMatch(/1024-bit RSA key, below 2048/);
    expect(weak.warnings.join('\n')).toMatch(/sha1WithRSAEncryption/);
    expect(weak.hostname?.matches).toBe(false);

    const partial = await assessCertificates(x509s(certs.leafCert), { anchors: [anchors(certs.bundleCert)] });
    expect(partial.warnings.join('\n')).toMatch(/incomplete chain/);
  });

  it('flags a certificate that is not valid yet and checks wildcards as verify-identity does', async () => {
    const before = new Date(Date.now() - 86_400_000 * 2);
    const early = await assessCertificates(x509s(certs.leafFullChain), { now: before });
    expect(early.certificates[0]!.notYetValid).toBe(true);
    expect(early.warnings[0]).toMatch(/not valid before/);
    const wild = await assessCertificates(x509s(certs.wildcardFullChain), { host: 'eu.db.localhost' });
    expect(wild.hostname?.matches).toBe(true);
    expect((await assessCertificates(x509s(certs.wildcardFullChain), { host: 'a.b.db.localhost' })).hostname?.matches).toBe(false);
  });
});
