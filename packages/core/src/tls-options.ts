import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { DbtlsError, isDbtlsError } from './dbtls-error.js';
import type { SslMode } from './ssl-mode.js';
import { systemTrustAnchors } from './trust-store.js';

/** TLS protocol versions accepted as a minimum. */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
/** One of {@link TLS_VERSIONS}. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * What a caller says about TLS: a mode plus optional files and names. File
 * options are paths; they are read and checked by {@link loadTlsMaterial}.
 *
 * @example
 * ```ts
 * const options: TlsOptions = { mode: 'verify-identity', caFile: './ca.pem' };
 * ```
 */
export interface TlsOptions {
  /** The requested mode. */
  mode: SslMode;
  /** PEM file with the CA certificate(s) to trust instead of Node's bundled roots. */
  caFile?: string;
  /**
   * Trust the operating system's store (`--ca system`), alone or together
   * with `caFile`. See `systemTrustAnchors()`.
   */
  systemCa?: boolean;
  /** PEM file with the client certificate. */
  certFile?: string;
  /** PEM file with the client private key. */
  keyFile?: string;
  /** Passphrase of an encrypted client key. Never printed. */
  passphrase?: string;
  /** Name sent as SNI and checked against the certificate in `verify-identity`. Defaults to the host. */
  servername?: string;
  /** Lowest TLS version to accept. */
  minTlsVersion?: TlsVersion;
  /** Highest TLS version to offer (libpq `ssl_max_protocol_version`). */
  maxTlsVersion?: TlsVersion;
  /** PEM file of certificate revocation lists, checked in the verify modes (libpq `sslcrl`). */
  crlFile?: string;
  /** Directory whose PEM CRL files are all loaded (libpq `sslcrldir`). */
  crlDir?: string;
  /** `false`: send no SNI (libpq `sslsni=0`). Default: SNI for host names. */
  sni?: boolean;
}

/**
 * TLS options with file contents loaded and checked. Contents and passphrase
 * are for the driver only: never print this object; use
 * {@link describeTlsMaterial}.
 */
export interface TlsMaterial {
  mode: SslMode;
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  servername?: string;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
  /** PEM CRLs; with them every certificate of the chain must have a CRL and not be listed (OpenSSL CRL_CHECK_ALL, as libpq). */
  crl?: string[];
  /** `false`: no SNI. */
  sni?: boolean;
  /** The operating system's store is part of `ca`. */
  systemCa?: boolean;
  /** The paths the material came from, for display. */
  files: { ca?: string; cert?: string; key?: string; crl?: string[] };
}

/**
 * Parses a minimum TLS version such as `1.2`, `TLSv1.2` or `tls1.3`.
 *
 * @example
 * ```ts
 * parseTlsVersion('1.3'); // 'TLSv1.3'
 * ```
 */
export function parseTlsVersion(input: string): TlsVersion {
  const m = /^(?:tls\s*v?)?\s*(1(?:\.[0-3])?)$/i.exec(input.trim());
  const v = m ? (m[1] === '1' || m[1] === '1.0' ? 'TLSv1' : `TLSv${m[1]}`) : undefined;
  if (v && (TLS_VERSIONS as readonly string[]).includes(v)) return v as TlsVersion;
  throw new DbtlsError('invalid-option', `Unknown TLS version "${input}". Use one of: ${TLS_VERSIONS.join(', ')} (or 1.2, 1.3).`);
}

/** The largest certificate, key or CA file dbtls reads (a bundle of every public root is about 250 KB). */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;
/** The largest CRL file dbtls reads (revocation lists of large public CAs run to a few MB). */
export const MAX_CRL_FILE_BYTES = 16 * 1024 * 1024;

function readPem(path: string, what: string, marker: RegExp, maxBytes = MAX_TLS_FILE_BYTES): string {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > maxBytes) {
      throw new DbtlsError('file-too-large', `The ${what} file "${path}" is ${(stat.size / 1024 / 1024).toFixed(1)} MB; dbtls reads TLS files of at most ${maxBytes / 1024 / 1024} MB (is it the right file?).`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isDbtlsError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DbtlsError('file-not-found', `The ${what} file "${path}" does not exist.`);
    throw new DbtlsError('file-unreadable', `The ${what} file "${path}" cannot be read (${code ?? 'error'}).`);
  }
  if (!marker.test(text)) {
    throw new DbtlsError('file-not-pem', `The ${what} file "${path}" is not in PEM format (no "-----BEGIN" block of the expected kind was found).`);
  }
  return text;
}

// CA texts already parsed: the file is read on every connect (it may change), its parse is remembered.
const validCaTexts = new Set<string>();

/**
 * Reads and checks the files named in `options`, up front, before any
 * network traffic: a missing, unreadable or non-PEM file, a key that cannot be
 * decrypted with the passphrase, or a key that does not belong to the
 * certificate throws a {@link DbtlsError} naming the file (never its contents).
 *
 * @example
 * ```ts
 * const material = loadTlsMaterial({ mode: 'verify-ca', caFile: 'ca.pem' });
 * ```
 */
export function loadTlsMaterial(options: TlsOptions): TlsMaterial {
  const material: TlsMaterial = { mode: options.mode, files: {} };
  if (options.caFile) {
    material.ca = readPem(options.caFile, 'CA certificate', /-----BEGIN (TRUSTED )?CERTIFICATE-----/);
    material.files.ca = options.caFile;
    if (!validCaTexts.has(material.ca)) {
      try {
        new X509Certificate(material.ca);
      } catch {
        throw new DbtlsError('file-not-pem', `The CA certificate file "${options.caFile}" holds no valid certificate.`);
      }
      if (validCaTexts.size > 256) validCaTexts.clear();
      validCaTexts.add(material.ca);
    }
  }
  if (options.systemCa) {
    const system = systemTrustAnchors();
    material.ca = [material.ca, ...system.pems].filter(Boolean).join('\n');
    material.systemCa = true;
  }
  if (options.certFile) {
    material.cert = readPem(options.certFile, 'client certificate', /-----BEGIN CERTIFICATE-----/);
    material.files.cert = options.certFile;
  }
  if (options.keyFile) {
    material.key = readPem(options.keyFile, 'client key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    material.files.key = options.keyFile;
  }
  if (Boolean(material.cert) !== Boolean(material.key)) {
    throw new DbtlsError('invalid-option', material.cert ? 'A client certificate was given without its key: pass --key too.' : 'A client key was given without its certificate: pass --cert too.');
  }
  if (options.passphrase !== undefined) material.passphrase = options.passphrase;
  if (material.key) {
    let keyObject;
    try {
      keyObject = createPrivateKey({ key: material.key, format: 'pem', ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}) });
    } catch (error) {
      const encrypted = /ENCRYPTED/.test(material.key);
      const reason = encrypted
        ? material.passphrase === undefined
          ? 'it is encrypted and no passphrase was given (use --passphrase-env VAR)'
          : 'the passphrase does not decrypt it'
        : 'it is not a readable private key';
      throw new DbtlsError('client-key-invalid', `The client key file "${options.keyFile}" cannot be used: ${reason}.`, { cause: sanitizeCause(error) });
    }
    try {
      const cert = new X509Certificate(material.cert!);
      if (!cert.checkPrivateKey(keyObject)) {
        throw new DbtlsError('client-key-invalid', `The client key file "${options.keyFile}" does not match the certificate in "${options.certFile}".`);
      }
    } catch (error) {
      if ((error as DbtlsError).code === 'client-key-invalid') throw error;
      throw new DbtlsError('file-not-pem', `The client certificate file "${options.certFile}" holds no valid certificate.`);
    }
  }
  if (options.servername) material.servername = options.servername;
  if (options.minTlsVersion) material.minVersion = options.minTlsVersion;
  if (options.maxTlsVersion) material.maxVersion = options.maxTlsVersion;
  if (options.minTlsVersion && options.maxTlsVersion && TLS_VERSIONS.indexOf(options.minTlsVersion) > TLS_VERSIONS.indexOf(options.maxTlsVersion)) {
    throw new DbtlsError('invalid-option', `The lowest TLS version (${options.minTlsVersion}) is above the highest (${options.maxTlsVersion}).`);
  }
  if (options.sni === false) material.sni = false;
  const crls = loadCrls(options);
  if (crls.pems.length) {
    material.crl = crls.pems;
    material.files.crl = crls.files;
  }
  return material;
}

const CRL_MARKER = /-----BEGIN X509 CRL-----/;

/** Reads `crlFile` and every CRL file of `crlDir` (files without a PEM CRL block are skipped, as OpenSSL's hashed directories hold only CRLs). */
function loadCrls(options: TlsOptions): { pems: string[]; files: string[] } {
  const pems: string[] = [];
  const files: string[] = [];
  if (options.crlFile) {
    pems.push(readPem(options.crlFile, 'CRL', CRL_MARKER, MAX_CRL_FILE_BYTES));
    files.push(options.crlFile);
  }
  if (options.crlDir) {
    let names: string[];
    try {
      if (!statSync(options.crlDir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      names = readdirSync(options.crlDir).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new DbtlsError('file-not-found', `The CRL directory "${options.crlDir}" does not exist.`);
      throw new DbtlsError('file-unreadable', `The CRL directory "${options.crlDir}" cannot be read (${code ?? 'error'}).`);
    }
    for (const name of names) {
      const path = join(options.crlDir, name);
      let text: string;
      try {
        const stat = statSync(path);
        if (!stat.isFile()) continue;
        if (stat.size > MAX_CRL_FILE_BYTES) throw new DbtlsError('file-too-large', `The CRL file "${path}" (in the CRL directory) is larger than ${MAX_CRL_FILE_BYTES / 1024 / 1024} MB.`);
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if (isDbtlsError(error)) throw error;
        continue;
      }
      if (!CRL_MARKER.test(text)) continue;
      pems.push(text);
      files.push(path);
    }
    if (!files.some((f) => f.startsWith(options.crlDir!))) throw new DbtlsError('file-not-pem', `The CRL directory "${options.crlDir}" holds no PEM CRL file.`);
  }
  return { pems, files };
}

function sanitizeCause(error: unknown): Error {
  const e = error as { message?: string; code?: string };
  return Object.assign(new Error(String(e?.message ?? 'error')), e?.code ? { code: e.code } : {});
}

/**
 * A printable summary of TLS material: file paths, whether a passphrase was
 * given (never its value), servername and minimum version.
 *
 * @example
 * ```ts
 * describeTlsMaterial(material); // { mode: 'verify-ca', caFile: 'ca.pem', passphrase: false }
 * ```
 */
export function describeTlsMaterial(material: TlsMaterial): Record<string, unknown> {
  return {
    mode: material.mode,
    ...(material.files.ca ? { caFile: material.files.ca } : {}),
    ...(material.systemCa ? { systemCa: true } : {}),
    ...(material.files.cert ? { certFile: material.files.cert } : {}),
    ...(material.files.key ? { keyFile: material.files.key } : {}),
    ...(material.passphrase !== undefined ? { passphrase: '***' } : {}),
    ...(material.servername ? { servername: material.servername } : {}),
    ...(material.minVersion ? { minTlsVersion: material.minVersion } : {}),
    ...(material.maxVersion ? { maxTlsVersion: material.maxVersion } : {}),
    ...(material.files.crl?.length ? { crlFiles: material.files.crl } : {}),
    ...(material.sni === false ? { sni: false } : {}),
  };
}
