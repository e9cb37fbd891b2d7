import * as tls from 'node:tls';
import type { DriverOptionsInput, DriverOptionsView, SslMode, TlsMaterial } from '@dbtls/core';

/** The concrete TLS inputs of one MongoDB connection (paths, not contents). */
export interface MongodbTlsInputs {
  caFile?: string;
  /** One PEM file holding the client certificate and its key. */
  certificateKeyFile?: string;
  passphrase?: string;
  servername?: string;
  /** When set, a secure context carries the minimum version (the driver has no option for it). */
  secureContext?: tls.SecureContext;
}

/**
 * The `mongodb` driver options for a mode: `tls`, `tlsInsecure` (required),
 * `tlsAllowInvalidHostnames` (verify-ca), `tlsCAFile`,
 * `tlsCertificateKeyFile` and its password, plus `servername` and a name
 * check when a servername is given.
 *
 * @example
 * ```ts
 * mongodbTlsOptions('verify-ca', { caFile: 'ca.pem' }); // { tls: true, tlsAllowInvalidHostnames: true, tlsCAFile: 'ca.pem' }
 * ```
 */
export function mongodbTlsOptions(mode: SslMode, inputs: MongodbTlsInputs): Record<string, unknown> {
  if (mode === 'disabled') return { tls: false };
  const options: Record<string, unknown> = { tls: true };
  if (mode === 'required' || mode === 'preferred') options.tlsInsecure = true;
  if (mode === 'verify-ca') options.tlsAllowInvalidHostnames = true;
  if (inputs.secureContext) {
    options.secureContext = inputs.secureContext;
  } else {
    if (inputs.caFile) options.tlsCAFile = inputs.caFile;
    if (inputs.certificateKeyFile) options.tlsCertificateKeyFile = inputs.certificateKeyFile;
    if (inputs.certificateKeyFile && inputs.passphrase !== undefined) options.tlsCertificateKeyFilePassword = inputs.passphrase;
  }
  if (inputs.servername) {
    options.servername = inputs.servername;
    if (mode === 'verify-identity') {
      const name = inputs.servername;
      options.checkServerIdentity = (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(name, cert);
    }
  }
  return options;
}

/**
 * A secure context with a minimum TLS version and the material's CA and client
 * certificate, for the one setting the driver has no option for.
 *
 * @example
 * ```ts
 * const secureContext = mongodbSecureContext(material); // only when material.minVersion is set
 * ```
 */
export function mongodbSecureContext(material: TlsMaterial): tls.SecureContext {
  return tls.createSecureContext({
    ...(material.minVersion ? { minVersion: material.minVersion } : {}),
    ...(material.ca ? { ca: material.ca } : {}),
    ...(material.cert ? { cert: material.cert, key: material.key } : {}),
    ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}),
  });
}

/**
 * Pure view of the driver options a mode maps to (`dbtls explain`).
 *
 * @example
 * ```ts
 * mongodbDriverOptions({ mode: 'verify-identity', tls: { caFile: 'ca.pem' } }).urlParameters; // { tls: 'true', tlsCAFile: 'ca.pem' }
 * ```
 */
export function mongodbDriverOptions(input: DriverOptionsInput): DriverOptionsView {
  const { mode, tls: t } = input;
  const notes: string[] = [];
  const combined = t.certFile && t.keyFile && t.certFile !== t.keyFile;
  const certificateKeyFile = t.certFile ? (combined ? `<temporary file (mode 0600) joining ${t.certFile} and ${t.keyFile}, removed after the connection>` : t.certFile) : undefined;
  const options = mongodbTlsOptions(mode, {
    ...(t.caFile ? { caFile: t.caFile } : {}),
    ...(certificateKeyFile ? { certificateKeyFile } : {}),
    ...(t.passphrase ? { passphrase: '***' } : {}),
    ...(t.servername ? { servername: t.servername } : {}),
  });
  if (options.checkServerIdentity) options.checkServerIdentity = `<tls.checkServerIdentity("${t.servername}", cert)>`;
  if (t.minTlsVersion && mode !== 'disabled') {
    for (const k of ['tlsCAFile', 'tlsCertificateKeyFile', 'tlsCertificateKeyFilePassword']) delete options[k];
    options.secureContext = `<tls.createSecureContext({ minVersion: '${t.minTlsVersion}'${t.caFile ? `, ca: <contents of ${t.caFile}>` : ''}${t.certFile ? `, cert, key: <contents of ${t.certFile}, ${t.keyFile}>` : ''} })>`;
    notes.push('The driver has no minimum-version option: dbtls passes a secure context that carries it (with the CA and client certificate).');
  }
  options.serverSelectionTimeoutMS = '<--timeout>';
  options.connectTimeoutMS = '<--timeout>';
  const urlParameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (['tls', 'tlsInsecure', 'tlsAllowInvalidHostnames', 'tlsCAFile', 'tlsCertificateKeyFile', 'tlsCertificateKeyFilePassword'].includes(k)) urlParameters[k] = String(v);
  }
  if (mode === 'preferred') notes.push('MongoDB drivers cannot fall back to plain text: "preferred" behaves as "required".');
  if (mode === 'required' || mode === 'preferred') notes.push('tlsInsecure=true: the certificate chain and the host name are not checked.');
  if (mode === 'verify-ca') notes.push('tlsAllowInvalidHostnames=true: the chain is checked, the host name is not.');
  if (mode === 'verify-identity') notes.push('The driver checks every seed-list host name (IP hosts against IP SANs) and sends it as SNI when it is not an IP address.');
  if (combined) notes.push('The driver wants certificate and key in one file (tlsCertificateKeyFile): dbtls writes both into a private temporary file and removes it when the connection is closed.');
  notes.push('The driver waits for serverSelectionTimeoutMS (30 s by default) before reporting any failure; dbtls sets it to --timeout and fails as soon as every host has reported its error.');
  return { driver: 'mongodb', options, urlParameters: mode === 'disabled' ? { tls: 'false' } : urlParameters, equivalents: { mongosh: mode === 'disabled' ? '--tls false' : `--tls${mode === 'required' || mode === 'preferred' ? ' --tlsAllowInvalidCertificates --tlsAllowInvalidHostnames' : mode === 'verify-ca' ? ' --tlsAllowInvalidHostnames' : ''}${t.caFile ? ` --tlsCAFile ${t.caFile}` : ''}` }, notes };
}
