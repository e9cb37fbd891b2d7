import { isIpAddress } from './ip-address.js';
import * as tls from 'node:tls';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { TlsMaterial } from './tls-options.js';
import { describeCertificate, peerX509, type PeerCertificateReport } from './tls-report.js';

/**
 * Node `tls.connect` options that express a mode exactly, for drivers that
 * hand such an object to Node:
 * - `required`: no chain or name check;
 * - `verify-ca`: chain checked against `ca` (or Node's store), name not checked;
 * - `verify-identity`: chain and name (IP hosts checked against IP SANs).
 * SNI is the servername, or the host when it is not an IP address.
 *
 * @example
 * ```ts
 * const socket = tls.connect({ host, port, ...nodeTlsOptions(material, host) });
 * ```
 */
export function nodeTlsOptions(material: TlsMaterial, host: string): ConnectionOptions {
  const name = material.servername ?? host;
  const options: ConnectionOptions = {};
  if (material.ca) options.ca = material.ca;
  if (material.cert) options.cert = material.cert;
  if (material.key) options.key = material.key;
  if (material.passphrase !== undefined) options.passphrase = material.passphrase;
  if (material.minVersion) options.minVersion = material.minVersion;
  if (material.maxVersion) options.maxVersion = material.maxVersion;
  if (material.crl?.length) options.crl = material.crl;
  if (!isIpAddress(name) && material.sni !== false) options.servername = name;
  switch (material.mode) {
    case 'verify-identity':
      options.rejectUnauthorized = true;
      options.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(name, cert);
      break;
    case 'verify-ca':
      options.rejectUnauthorized = true;
      options.checkServerIdentity = () => undefined;
      break;
    default:
      options.rejectUnauthorized = false;
      options.checkServerIdentity = () => undefined;
  }
  return options;
}

/** OpenSSL's wording for the verification codes Node reports as `authorizationError`. */
const VERIFY_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  INVALID_CA: 'invalid CA certificate',
  CERT_REVOKED: 'certificate revoked',
  UNABLE_TO_GET_CRL: 'unable to get certificate CRL',
  CRL_HAS_EXPIRED: 'CRL has expired',
  CRL_NOT_YET_VALID: 'CRL is not yet valid',
};

/** An Error carrying the certificate the server presented. */
export interface PeerError extends Error {
  code?: string;
  peerCertificate?: PeerCertificateReport;
}

/**
 * Checks an established TLS socket against the mode, for engines that do the
 * verification themselves (connect with `rejectUnauthorized: false`, then call
 * this before sending a byte). Returns an error shaped like Node's own (same
 * `code`), with the presented certificate attached, or `undefined` if the
 * socket satisfies the mode.
 *
 * @example
 * ```ts
 * const problem = verifyPeer(socket, material, host);
 * if (problem) socket.destroy(problem);
 * ```
 */
export function verifyPeer(socket: TLSSocket, material: TlsMaterial, host: string): PeerError | undefined {
  if (material.mode !== 'verify-ca' && material.mode !== 'verify-identity') return undefined;
  // The certificate is described only for an error (parsing it costs time on every pooled connection).
  const described = () => {
    const x509 = peerX509(socket);
    return x509 ? describeCertificate(x509) : undefined;
  };
  if (!socket.authorized) {
    const peerCertificate = described();
    const auth = socket.authorizationError as unknown as (Error & { code?: string }) | string | undefined;
    const code = typeof auth === 'string' ? auth : auth?.code;
    const message = (code && VERIFY_MESSAGES[code]) ?? (typeof auth === 'string' ? auth : auth?.message ?? 'certificate not trusted');
    return Object.assign(new Error(message), { code, peerCertificate }) as PeerError;
  }
  if (material.mode === 'verify-identity') {
    const name = material.servername ?? host;
    const problem = tls.checkServerIdentity(name, socket.getPeerCertificate()) as (Error & { code?: string }) | undefined;
    if (problem) return Object.assign(problem, { peerCertificate: described() }) as PeerError;
  }
  return undefined;
}
