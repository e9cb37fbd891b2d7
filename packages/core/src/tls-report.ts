import type { TLSSocket, PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { CertificateHealth } from './certificate-health.js';

/**
 * What was negotiated and who the server said it was.
 *
 * @example
 * ```ts
 * const report: TlsReport = tlsReportFromSocket(socket);
 * console.log(report.protocol, report.peer?.subject);
 * ```
 */
export interface TlsReport {
  /** e.g. `TLSv1.3`. */
  protocol: string | null;
  /** e.g. `TLS_AES_256_GCM_SHA384`. */
  cipher: string | null;
  /** Whether the chain validated against the trust anchors in use (informational in `required`). */
  chainValid: boolean | null;
  /** Why the chain did not validate, when it did not. */
  chainError: string | null;
  /** The leaf certificate the server presented. */
  peer: PeerCertificateReport | null;
  /**
   * Certificate health (chain as presented, expiry, keys, signatures, trust
   * sources), added by `connect()` and `probe()` with {@link withCertificateHealth}.
   */
  health?: CertificateHealth | null;
}

const PEER_CHAIN = Symbol.for('dbtls.tls.peer-chain');

/**
 * The chain the server presented (leaf first), kept on a report made by
 * {@link tlsReportFromSocket} (not serialised). Empty for other reports.
 *
 * @example
 * ```ts
 * peerChainOf(report).map((c) => c.subject);
 * ```
 */
export function peerChainOf(report: TlsReport | null | undefined): X509Certificate[] {
  return ((report as unknown as Record<symbol, X509Certificate[] | undefined>)?.[PEER_CHAIN] ?? []).slice();
}

/**
 * Attaches a presented chain to a report (not serialised), for reports built
 * without a socket.
 *
 * @example
 * ```ts
 * attachPeerChain(report, [leaf, intermediate]);
 * ```
 */
export function attachPeerChain<T extends TlsReport>(report: T, chain: readonly X509Certificate[]): T {
  Object.defineProperty(report, PEER_CHAIN, { value: [...chain], enumerable: false, configurable: true });
  return report;
}

/**
 * The chain as the server sent it, leaf first. Node's legacy
 * `getPeerCertificate(true)` appends issuers found in the local trust store,
 * so the presented chain is read from `getPeerX509Certificate().issuerCertificate`
 * (the peer's own list), and kept only when it starts with the leaf the legacy
 * view reports. On Node 20 that call empties later `getPeerCertificate()`
 * answers, so it is made last, after everything else was read.
 */
function presentedChain(socket: TLSSocket, legacy: X509Certificate[]): X509Certificate[] {
  if (!legacy.length) return [];
  try {
    const out: X509Certificate[] = [];
    let cert = socket.getPeerX509Certificate?.();
    const seen = new Set<string>();
    while (cert && !seen.has(cert.fingerprint256) && out.length < 16) {
      seen.add(cert.fingerprint256);
      out.push(cert);
      cert = cert.issuerCertificate;
    }
    return out.length && out[0]!.fingerprint256 === legacy[0]!.fingerprint256 ? out : legacy.slice(0, 1);
  } catch {
    return legacy.slice(0, 1);
  }
}

// Only the leaf of the legacy view is used (the chain comes from presentedChain), so it is read
// without `detailed`: building the detailed legacy chain was the largest cost of a TLS report.
function legacyChain(socket: TLSSocket): X509Certificate[] {
  const raw = socket.getPeerCertificate?.()?.raw;
  const cert = raw ? x509Of(raw) : undefined;
  return cert ? [cert] : [];
}

// Parsed certificates by DER: parsing is the dearest step of a report, and a server presents the
// same certificate on every connect (X509Certificate objects are immutable, so they can be shared).
const parsed = new Map<string, X509Certificate>();

function x509Of(raw: Buffer): X509Certificate | undefined {
  const key = raw.toString('base64');
  let cert = parsed.get(key);
  if (!cert) {
    try {
      cert = new X509Certificate(raw);
    } catch {
      return undefined;
    }
    if (parsed.size > 256) parsed.clear();
    parsed.set(key, cert);
  }
  return cert;
}

/** The parts of a certificate worth showing. */
export interface PeerCertificateReport {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  fingerprint256: string;
  serialNumber: string;
  selfSigned: boolean;
}

/**
 * Describes an `X509Certificate` (or PEM/DER) as a {@link PeerCertificateReport}.
 *
 * @example
 * ```ts
 * describeCertificate(new X509Certificate(pem)).subjectAltNames; // ['DNS:localhost']
 * ```
 */
export function describeCertificate(cert: X509Certificate): PeerCertificateReport {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    subjectAltNames: cert.subjectAltName ? cert.subjectAltName.split(/,\s*/) : [],
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    selfSigned: cert.subject === cert.issuer && safeVerify(cert),
  };
}

// Self-signature checks by fingerprint (the same certificates come back on every connect).
const selfSigned = new Map<string, boolean>();

function safeVerify(cert: X509Certificate): boolean {
  let ok = selfSigned.get(cert.fingerprint256);
  if (ok === undefined) {
    try {
      ok = cert.verify(cert.publicKey);
    } catch {
      ok = false;
    }
    if (selfSigned.size > 4096) selfSigned.clear();
    selfSigned.set(cert.fingerprint256, ok);
  }
  return ok;
}

/**
 * Builds a {@link PeerCertificateReport} from Node's legacy `PeerCertificate`
 * object (as found on `ERR_TLS_CERT_ALTNAME_INVALID` errors).
 *
 * @example
 * ```ts
 * describePeerCertificate(error.cert);
 * ```
 */
export function describePeerCertificate(cert: PeerCertificate): PeerCertificateReport | null {
  if (!cert || !cert.raw) return null;
  try {
    return describeCertificate(new X509Certificate(cert.raw));
  } catch {
    return null;
  }
}

/**
 * The server's leaf certificate as an `X509Certificate`. Built from the legacy
 * `getPeerCertificate().raw`, which can be read any number of times: on Node 20
 * `getPeerX509Certificate()` works once and then returns undefined, and also
 * empties what `getPeerCertificate()` returns afterwards.
 *
 * @example
 * ```ts
 * peerX509(socket)?.subjectAltName; // 'DNS:localhost'
 * ```
 */
export function peerX509(socket: TLSSocket): X509Certificate | undefined {
  const raw = socket.getPeerCertificate?.()?.raw;
  return raw ? x509Of(raw) : undefined;
}

/**
 * Reads the TLS report from a connected `TLSSocket`.
 *
 * @example
 * ```ts
 * socket.once('secureConnect', () => console.log(tlsReportFromSocket(socket)));
 * ```
 */
export function tlsReportFromSocket(socket: TLSSocket): TlsReport {
  const legacy = legacyChain(socket);
  const x509 = legacy[0];
  const cipher = socket.getCipher?.();
  const authError = socket.authorizationError as unknown as Error | string | undefined;
  const report: TlsReport = {
    protocol: socket.getProtocol?.() ?? null,
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    chainValid: socket.authorized ?? null,
    chainError: authError ? (typeof authError === 'string' ? authError : (authError as Error & { code?: string }).code ?? authError.message) : null,
    peer: x509 ? describeCertificate(x509) : null,
  };
  return attachPeerChain(report, presentedChain(socket, legacy));
}
