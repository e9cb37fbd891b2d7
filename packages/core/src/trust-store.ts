import { existsSync, readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { DbtlsError } from './dbtls-error.js';

/**
 * Where trusted CA certificates come from:
 * - `ca-file`: the PEM file given with `--ca FILE` (or the URL's `sslrootcert=`...);
 * - `system`: the operating system's store (`--ca system`);
 * - `node`: the Mozilla roots bundled with Node, what drivers use when no CA is given.
 */
export const TRUST_SOURCES = ['ca-file', 'system', 'node'] as const;
/** One of {@link TRUST_SOURCES}. */
export type TrustSource = (typeof TRUST_SOURCES)[number];

/** The value of `--ca` that names the operating system's store. */
export const SYSTEM_CA = 'system';

/**
 * Distribution CA bundles, in the order OpenSSL-based tools look for them
 * (Debian/Ubuntu/Alpine, Fedora/RHEL, openSUSE, older RHEL, macOS/BSD).
 */
export const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/pki/tls/cacert.pem', '/etc/ssl/cert.pem'] as const;

/** A set of trusted certificates and where it came from. */
export interface TrustAnchors {
  source: TrustSource;
  /** A file path, `tls.getCACertificates('system')`, or `node:tls rootCertificates`. */
  origin: string;
  /** PEM certificates. */
  pems: string[];
}

/**
 * Splits a PEM bundle into its certificates.
 *
 * @example
 * ```ts
 * splitPemBundle(readFileSync('bundle.pem', 'utf8')).length; // 2
 * ```
 */
export function splitPemBundle(text: string): string[] {
  return text.match(/-----BEGIN (?:TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:TRUSTED )?CERTIFICATE-----/g) ?? [];
}

/**
 * The operating system's trust store: `SSL_CERT_FILE` when set (as OpenSSL does), else
 * `tls.getCACertificates('system')` on Node 22.15+ / 23.5+ (each certificate once), else the
 * distribution's CA bundle ({@link SYSTEM_CA_BUNDLES}). The same object is returned on each call.
 * Throws `DbtlsError('file-not-found')` when no store can be found.
 *
 * @example
 * ```ts
 * const { pems, origin } = systemTrustAnchors(); // origin: '/etc/ssl/certs/ca-certificates.crt'
 * ```
 */
export function systemTrustAnchors(env: NodeJS.ProcessEnv = process.env): TrustAnchors {
  const fromEnv = env.SSL_CERT_FILE;
  if (fromEnv && existsSync(fromEnv)) return bundleAnchors(fromEnv);
  const getCACertificates = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof getCACertificates === 'function') {
    try {
      const pems = getCACertificates('system');
      if (pems.length) {
        // Node returns one frozen array per process, which on Linux lists each certificate once per
        // file of /etc/ssl/certs that holds it (576 entries for 144 roots on Debian): deduplicated
        // once, as a TLS context built from the full list took 4-9 times as long to create.
        if (systemStore?.from !== pems) systemStore = { from: pems, anchors: { source: 'system', origin: "tls.getCACertificates('system')", pems: [...new Set(pems)] } };
        return systemStore.anchors;
      }
    } catch {
      /* fall through to the bundle files */
    }
  }
  for (const path of SYSTEM_CA_BUNDLES) {
    if (existsSync(path)) return bundleAnchors(path);
  }
  throw new DbtlsError('file-not-found', `No system trust store was found (looked for SSL_CERT_FILE and ${SYSTEM_CA_BUNDLES.join(', ')}). Pass a CA file with --ca FILE instead.`);
}

/**
 * The Mozilla roots bundled with this Node (what drivers trust when no CA is given).
 *
 * @example
 * ```ts
 * nodeTrustAnchors().pems.length; // ~140
 * ```
 */
export function nodeTrustAnchors(): TrustAnchors {
  return (nodeAnchors ??= { source: 'node', origin: 'node:tls rootCertificates', pems: [...tls.rootCertificates] });
}
const bundles = new Map<string, TrustAnchors>();

/** Reads a bundle file once per process (anchors are compared by identity for caching). */
function bundleAnchors(path: string): TrustAnchors {
  let anchors = bundles.get(path);
  if (!anchors) bundles.set(path, (anchors = { source: 'system', origin: path, pems: splitPemBundle(readFileSync(path, 'utf8')) }));
  return anchors;
}
let nodeAnchors: TrustAnchors | undefined;
let systemStore: { from: readonly string[]; anchors: TrustAnchors } | undefined;
