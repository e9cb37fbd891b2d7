import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeTrustAnchors, splitPemBundle, SYSTEM_CA_BUNDLES, systemTrustAnchors } from './trust-store.js';

const getCACertificates = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'dbtls-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`the system trust store on Node.js ${process.versions.node}`, () => {
  it("is read with tls.getCACertificates('system') where Node has it (22.15+, 23.5+), else from the distribution bundle", () => {
    const anchors = systemTrustAnchors({});
    expect(anchors.source).toBe('system');
    if (major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15)) expect(typeof getCACertificates).toBe('function');
    if (getCACertificates && getCACertificates('system').length > 0) {
      expect(anchors.origin).toBe("tls.getCACertificates('system')");
      // Each certificate once (Linux lists some several times), in Node's order; one object per process.
      expect(anchors.pems).toEqual([...new Set(getCACertificates('system'))]);
      expect(systemTrustAnchors({})).toBe(anchors);
    } else {
      expect(SYSTEM_CA_BUNDLES as readonly string[]).toContain(anchors.origin);
      expect(anchors.pems).toEqual(splitPemBundle(readFileSync(anchors.origin, 'utf8')));
      expect(systemTrustAnchors({})).toBe(anchors);
    }
    expect(anchors.pems.length).toBeGreaterThan(0);
  });

  it('SSL_CERT_FILE comes first, as in OpenSSL', () => {
    const pem = nodeTrustAnchors().pems.slice(0, 2).join('\n');
    const file = join(dir, 'bundle.pem');
    writeFileSync(file, pem);
    const anchors = systemTrustAnchors({ SSL_CERT_FILE: file });
    expect(anchors).toMatchObject({ source: 'system', origin: file });
    expect(anchors.pems).toHaveLength(2);
  });
});
