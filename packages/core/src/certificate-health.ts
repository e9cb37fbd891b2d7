import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { isWeakSignature, loadSignatureReader, signatureAlgorithmOf } from './signature-algorithm.js';
import { attachPeerChain, describeCertificate, peerChainOf, type PeerCertificateReport, type TlsReport } from './tls-report.js';
import { nodeTrustAnchors, splitPemBundle, systemTrustAnchors, type TrustAnchors, type TrustSource } from './trust-store.js';

/** Days before expiry at which a certificate gets a warning, unless `--warn-days` says otherwise. */
export const DEFAULT_WARN_DAYS = 30;
/** RSA and DSA keys shorter than this are flagged as weak. */
export const MIN_RSA_BITS = 2048;

const DAY_MS = 86_400_000;

/** A certificate of the chain, with what a health check needs. */
export interface CertificateDetails extends PeerCertificateReport {
  /** Whole days until `validTo` (negative once expired). */
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  /** e.g. `{ type: 'rsa', bits: 2048 }` or `{ type: 'ec', bits: 256, curve: 'prime256v1' }`. */
  key: { type: string; bits: number | null; curve?: string };
  /** OpenSSL's name, e.g. `sha256WithRSAEncryption`; null when unknown. */
  signatureAlgorithm: string | null;
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  /** RSA/DSA key under {@link MIN_RSA_BITS} bits. */
  weakKey: boolean;
  /** Signed with MD5 or SHA-1 ({@link assessCertificates} does not flag self-signed roots above the leaf). */
  weakSignature: boolean;
}

/** Whether the chain validates against one set of trust anchors, decided offline. */
export interface TrustVerdict {
  source: TrustSource;
  /** The file or store the anchors came from. */
  origin: string;
  /** True when a path from the leaf to a self-signed anchor exists and every certificate on it is in its validity period. */
  chainValid: boolean;
  /** OpenSSL's code for the first problem, e.g. `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`. */
  error: string | null;
  /** Valid only because the anchors hold an intermediate the server did not send. */
  incompleteChain: boolean;
  /** Subjects of the validated path, leaf first. */
  path: string[];
}

/**
 * The certificate health of a TLS connection: the chain as presented, with
 * expiry, key and signature checks, and which trust sources validate it.
 *
 * @example
 * ```ts
 * const health = await assessCertificates(peerChainOf(report), { anchors: [nodeTrustAnchors()], host: 'db.example.com' });
 * health.warnings; // ['The certificate CN=db.example.com expires in 12 days (2027-01-01T00:00:00.000Z).']
 * ```
 */
export interface CertificateHealth {
  warnDays: number;
  /** The chain as the server presented it, leaf first. */
  certificates: CertificateDetails[];
  /** One verdict per trust source checked. */
  trust: TrustVerdict[];
  /** The first source whose verdict is valid, or null. */
  trustedBy: TrustSource | null;
  /** The name check `verify-identity` makes, when a host was given. */
  hostname: { name: string; matches: boolean; error: string | null } | null;
  /** Human sentences: expiring, expired, not yet valid, weak key, SHA-1, incomplete chain. */
  warnings: string[];
}

/** Options of {@link assessCertificates}. */
export interface AssessOptions {
  /** Default {@link DEFAULT_WARN_DAYS}. */
  warnDays?: number;
  /** Trust sources to check, in order of preference. */
  anchors?: readonly TrustAnchors[];
  /** Name checked as `verify-identity` would (the servername, else the host). */
  host?: string;
  /** Default: now. */
  now?: Date;
}

const selfIssued = (cert: X509Certificate) => cert.subject === cert.issuer && safeVerify(cert, cert);

// Signature checks by (certificate, issuer) fingerprints: a server presents the same chain on every
// connect, and each check builds a public key and verifies a signature.
const verified = new Map<string, boolean>();

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  const key = `${cert.fingerprint256}>${issuer.fingerprint256}`;
  let ok = verified.get(key);
  if (ok === undefined) {
    try {
      ok = cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
    } catch {
      ok = false;
    }
    if (verified.size > 4096) verified.clear();
    verified.set(key, ok);
  }
  return ok;
}

const subjectOf = (cert: X509Certificate) => cert.subject.replace(/\n/g, ', ');

const keys = new Map<string, CertificateDetails['key']>();

function keyOf(cert: X509Certificate): CertificateDetails['key'] {
  const known = keys.get(cert.fingerprint256);
  if (known) return { ...known };
  const found = readKey(cert);
  if (keys.size > 4096) keys.clear();
  keys.set(cert.fingerprint256, found);
  return { ...found };
}

function readKey(cert: X509Certificate): CertificateDetails['key'] {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = (key.asymmetricKeyDetails ?? {}) as { modulusLength?: number; namedCurve?: string };
  if (details.modulusLength) return { type, bits: details.modulusLength };
  if (details.namedCurve) {
    const bits = /(\d{3})/.exec(details.namedCurve.replace('prime256v1', 'p256'))?.[1];
    return { type, bits: bits ? Number(bits) : null, curve: details.namedCurve };
  }
  if (type === 'ed25519') return { type, bits: 256 };
  if (type === 'ed448') return { type, bits: 456 };
  return { type, bits: null };
}

// The signature algorithm by certificate fingerprint: reading it parses the DER with asn1js, and a
// server presents the same chain on every connect.
const signatureAlgorithms = new Map<string, string | null>();

function signatureAlgorithmFor(cert: X509Certificate): string | null {
  const known = signatureAlgorithms.get(cert.fingerprint256);
  if (known !== undefined) return known;
  const found = signatureAlgorithmOf(cert.raw);
  if (found !== null) {
    if (signatureAlgorithms.size > 4096) signatureAlgorithms.clear();
    signatureAlgorithms.set(cert.fingerprint256, found);
  }
  return found;
}

/**
 * Describes one certificate with the fields a health check needs. Call
 * `await loadSignatureReader()` first to get `signatureAlgorithm`
 * ({@link assessCertificates} does).
 *
 * @example
 * ```ts
 * certificateDetails(new X509Certificate(pem)).key; // { type: 'ec', bits: 256, curve: 'prime256v1' }
 * ```
 */
export function certificateDetails(cert: X509Certificate, now = new Date()): CertificateDetails {
  const base = describeCertificate(cert);
  const to = new Date(cert.validTo).getTime();
  const from = new Date(cert.validFrom).getTime();
  const key = keyOf(cert);
  const signatureAlgorithm = signatureAlgorithmFor(cert);
  return {
    ...base,
    daysLeft: Math.floor((to - now.getTime()) / DAY_MS),
    expired: now.getTime() > to,
    notYetValid: now.getTime() < from,
    key,
    signatureAlgorithm,
    isCa: cert.ca,
    weakKey: (key.type === 'rsa' || key.type === 'rsa-pss' || key.type === 'dsa') && key.bits !== null && key.bits < MIN_RSA_BITS,
    weakSignature: isWeakSignature(signatureAlgorithm),
  };
}

// Parsed anchors by PEM text: every connect without a CA file checks the chain against Node's ~140
// bundled roots, and parsing them again each time was most of what connect() added to a driver.
const parsedAnchors = new Map<string, X509Certificate | null>();

// Per anchors list: the parsed certificates and an index by subject (an issuer is looked up by name,
// as OpenSSL does, before its signature is checked).
type AnchorSet = { list: X509Certificate[]; prints: Set<string>; bySubject: Map<string, X509Certificate[]> };
const anchorSets = new WeakMap<readonly string[], AnchorSet>();

function anchorSet(anchors: TrustAnchors): AnchorSet {
  let set = anchorSets.get(anchors.pems);
  if (!set) {
    const list = parseAnchors(anchors);
    const bySubject = new Map<string, X509Certificate[]>();
    for (const c of list) bySubject.set(c.subject, [...(bySubject.get(c.subject) ?? []), c]);
    set = { list, prints: new Set(list.map((c) => c.fingerprint256)), bySubject };
    anchorSets.set(anchors.pems, set);
  }
  return set;
}

function parseAnchors(anchors: TrustAnchors): X509Certificate[] {
  if (parsedAnchors.size > 4096) parsedAnchors.clear();
  const out: X509Certificate[] = [];
  for (const pem of anchors.pems) {
    let cert = parsedAnchors.get(pem);
    if (cert === undefined) {
      try {
        cert = new X509Certificate(pem);
      } catch {
        cert = null; // a broken entry in a bundle is skipped, as OpenSSL does
      }
      parsedAnchors.set(pem, cert);
    }
    if (cert) out.push(cert);
  }
  return out;
}

/**
 * Decides offline, as OpenSSL would, whether a presented chain validates
 * against a set of anchors: builds a path from the leaf through the presented
 * certificates and the anchors to a self-signed anchor (an anchor identical to
 * a self-signed leaf counts), then checks validity periods and CA flags.
 *
 * @example
 * ```ts
 * verifyChainOffline(chain, { source: 'ca-file', origin: 'ca.pem', pems: [caPem] }).chainValid; // true
 * ```
 */
export function verifyChainOffline(presented: readonly X509Certificate[], anchors: TrustAnchors, now = new Date()): TrustVerdict {
  const verdict = (chainValid: boolean, error: string | null, path: X509Certificate[], incompleteChain = false): TrustVerdict => ({
    source: anchors.source,
    origin: anchors.origin,
    chainValid,
    error,
    incompleteChain,
    path: path.map(subjectOf),
  });
  const leaf = presented[0];
  if (!leaf) return verdict(false, 'NO_PEER_CERTIFICATE', []);
  const { prints: trustedPrints, bySubject } = anchorSet(anchors);
  const presentedPrints = new Set(presented.map((c) => c.fingerprint256));
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  let borrowed = false;
  let anchored = false;
  for (let depth = 0; depth < 12 && !anchored; depth++) {
    if (selfIssued(current)) {
      if (trustedPrints.has(current.fingerprint256)) anchored = true;
      else return verdict(false, path.length === 1 ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'SELF_SIGNED_CERT_IN_CHAIN', path);
      break;
    }
    const fromAnchors = (bySubject.get(current.issuer) ?? []).find((a) => a.fingerprint256 !== current.fingerprint256 && safeVerify(current, a));
    const next = fromAnchors ?? presented.find((p) => p.fingerprint256 !== current.fingerprint256 && safeVerify(current, p));
    if (!next) return verdict(false, path.length === 1 ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', path);
    if (fromAnchors && !selfIssued(fromAnchors) && !presentedPrints.has(fromAnchors.fingerprint256)) borrowed = true;
    path.push(next);
    current = next;
    if (fromAnchors && selfIssued(fromAnchors)) anchored = true;
  }
  if (!anchored) return verdict(false, 'CERT_CHAIN_TOO_LONG', path);
  const t = now.getTime();
  for (const cert of path) {
    if (t > new Date(cert.validTo).getTime()) return verdict(false, 'CERT_HAS_EXPIRED', path);
    if (t < new Date(cert.validFrom).getTime()) return verdict(false, 'CERT_NOT_YET_VALID', path);
  }
  for (const cert of path.slice(1)) if (!cert.ca) return verdict(false, 'INVALID_CA', path);
  return verdict(true, null, path, borrowed);
}

/**
 * Checks a presented chain: expiry (warning under `warnDays`), validity
 * start, key type and size (RSA under 2048 bits flagged), signature algorithm
 * (MD5/SHA-1 flagged), the chain against every trust source given (offline,
 * with the incomplete-chain case), and the host name as `verify-identity`
 * checks it.
 *
 * @example
 * ```ts
 * const health = await assessCertificates(chain, { warnDays: 14, anchors: [caFileAnchors], host: 'localhost' });
 * if (health.trustedBy === null) console.log(health.trust[0]?.error);
 * ```
 */
export async function assessCertificates(chain: readonly X509Certificate[], options: AssessOptions = {}): Promise<CertificateHealth> {
  await loadSignatureReader();
  const now = options.now ?? new Date();
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  // A root's self-signature is never checked, so only a leaf's (or an intermediate's) hash matters.
  const certificates = chain.map((c, i) => {
    const d = certificateDetails(c, now);
    return i > 0 && d.selfSigned ? { ...d, weakSignature: false } : d;
  });
  const trust = (options.anchors ?? []).map((a) => verifyChainOffline(chain, a, now));
  const warnings: string[] = [];
  certificates.forEach((c, i) => {
    const what = i === 0 ? `The server certificate ${c.subject}` : `The chain certificate ${c.subject}`;
    if (c.expired) warnings.push(`${what} expired on ${c.validTo} (${-c.daysLeft} days ago).`);
    else if (c.notYetValid) warnings.push(`${what} is not valid before ${c.validFrom}: check the clocks of both machines.`);
    else if (c.daysLeft < warnDays) warnings.push(`${what} expires in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'} (${c.validTo}), within the ${warnDays}-day warning period.`);
    if (c.weakKey) warnings.push(`${what} has a ${c.key.bits}-bit ${c.key.type.toUpperCase()} key, below ${MIN_RSA_BITS} bits: current clients and CAs reject it.`);
    if (c.weakSignature) warnings.push(`${what} is signed with ${c.signatureAlgorithm}, a broken hash that current clients reject.`);
  });
  for (const v of trust) {
    if (v.chainValid && v.incompleteChain) {
      warnings.push(`The server sends an incomplete chain: it validates against ${v.origin} only because that file holds an intermediate certificate the server did not send. Clients that trust only the root will fail; configure the server to send its intermediate certificate(s).`);
    }
  }
  const leaf = chain[0];
  let hostname: CertificateHealth['hostname'] = null;
  if (leaf && options.host) {
    const problem = tls.checkServerIdentity(options.host, leaf.toLegacyObject() as never) as (Error & { code?: string }) | undefined;
    hostname = { name: options.host, matches: !problem, error: problem ? problem.message : null };
  }
  return { warnDays, certificates, trust, trustedBy: trust.find((v) => v.chainValid)?.source ?? null, hostname, warnings };
}

/** What {@link trustAnchorsFor} needs to know about the TLS material in use. */
export interface TrustSelection {
  /** The CA file given, if any. */
  caFile?: string;
  /** PEM text of that file, when already read. */
  caPem?: string;
  /** `--ca system`. */
  systemCa?: boolean;
}

/**
 * The trust sources a connection uses: the CA file and/or the system store
 * when given, otherwise Node's bundled roots (what drivers trust by default).
 *
 * @example
 * ```ts
 * trustAnchorsFor({ caFile: 'ca.pem', caPem }).map((a) => a.source); // ['ca-file']
 * ```
 */
export function trustAnchorsFor(selection: TrustSelection): TrustAnchors[] {
  const out: TrustAnchors[] = [];
  if (selection.caFile) out.push({ source: 'ca-file', origin: selection.caFile, pems: splitPemBundle(selection.caPem ?? readFileSync(selection.caFile, 'utf8')) });
  if (selection.systemCa) out.push(systemTrustAnchors());
  if (!out.length) out.push(nodeTrustAnchors());
  return out;
}

/**
 * Returns the report with its `health` filled in from the chain the server
 * presented ({@link peerChainOf}). Reports without a presented chain get
 * `health: null`. Never throws: a trust store that cannot be read is skipped.
 *
 * @example
 * ```ts
 * const report = await withCertificateHealth(result.tls, { warnDays: 30, trust: { caFile: 'ca.pem' }, host: 'localhost' });
 * report?.health?.warnings;
 * ```
 */
export async function withCertificateHealth(report: TlsReport | null, options: { warnDays?: number; trust?: TrustSelection; host?: string; now?: Date } = {}): Promise<TlsReport | null> {
  if (!report) return report;
  const chain = peerChainOf(report);
  if (!chain.length) return attachPeerChain({ ...report, health: null }, chain);
  let anchors: TrustAnchors[];
  try {
    anchors = trustAnchorsFor(options.trust ?? {});
  } catch {
    anchors = [];
  }
  const health = await assessCertificates(chain, { anchors, ...(options.warnDays !== undefined ? { warnDays: options.warnDays } : {}), ...(options.host ? { host: options.host } : {}), ...(options.now ? { now: options.now } : {}) });
  return attachPeerChain({ ...report, health }, chain);
}
