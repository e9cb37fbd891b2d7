import { createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { TlsMaterial } from '@dbtls/core';

// Minimal DER writer: just what a version-1 certificate needs.
const der = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
};
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const oid = (dotted: string) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift((x & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/**
 * A self-signed certificate with a fresh P-256 key that never leaves memory.
 * oracledb thin uses its wallet as certificate, key and trust store at once
 * (`tls.createSecureContext({ cert: wallet, key: wallet, ca: wallet })`), so a
 * wallet holding only a CA fails (`NJS-505 ... DECODER routines::unsupported`);
 * this pair fills the certificate and key slots. It is offered only to a server
 * that asks for a client certificate, which then rejects it.
 *
 * @example
 * ```ts
 * const { certPem, keyPem } = throwawayCertificate();
 * ```
 */
export function throwawayCertificate(): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from('dbtls throwaway (no client certificate given)')))));
  const now = Date.now();
  const serial = der(0x02, Buffer.from([0x01, ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 256))]));
  const tbs = seq(serial, ECDSA_SHA256, name, seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))), name, publicKey.export({ type: 'spki', format: 'der' }));
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const certPem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  new X509Certificate(certPem); // throws if the encoding were wrong
  return { certPem, keyPem: (privateKey as KeyObject).export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** The PEM text handed to oracledb as `walletContent`, and its password. */
export interface OracleWallet {
  pem: string;
  password?: string;
  /** True when the certificate in it is a throwaway one (no client certificate was given). */
  throwaway: boolean;
}

/**
 * Builds the thin driver's PEM wallet from the TLS material, or `undefined`
 * when Node's default trust store and no client certificate are wanted:
 * certificate + key (the client's, or a throwaway pair) + the trust anchors
 * (the CA file, or Node's bundled roots when only a client certificate is
 * given, because the wallet replaces the trust store).
 *
 * @example
 * ```ts
 * const wallet = oracleWallet(material); // { pem: '-----BEGIN CERTIFICATE-----…', throwaway: true }
 * ```
 */
export function oracleWallet(material: TlsMaterial): OracleWallet | undefined {
  if (!material.ca && !material.cert) return undefined;
  const anchors = material.ca ?? rootCertificates.join('\n');
  if (material.cert && material.key) {
    // Check now that the passphrase opens the key: the driver would say only NJS-505.
    createPrivateKey({ key: material.key, format: 'pem', ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}) });
    return { pem: [material.cert, material.key, anchors].map((b) => b.trim()).join('\n') + '\n', ...(material.passphrase !== undefined ? { password: material.passphrase } : {}), throwaway: false };
  }
  const { certPem, keyPem } = throwawayCertificate();
  return { pem: [certPem, keyPem, anchors].map((b) => b.trim()).join('\n') + '\n', throwaway: true };
}
