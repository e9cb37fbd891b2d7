import { isIpAddress } from '@dbtls/core';
import type { SslMode, TlsMaterial } from '@dbtls/core';

/**
 * The `ssl` object handed to mysql2 (a subset of its `SslOptions`).
 *
 * @example
 * ```ts
 * { ca: '-----BEGIN CERTIFICATE-----…', rejectUnauthorized: true, verifyIdentity: true }
 * ```
 */
export interface Mysql2Ssl {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  minVersion?: string;
  rejectUnauthorized: boolean;
  verifyIdentity?: boolean;
}

/**
 * The mode a TLS connection is made in. `preferred` encrypts without
 * validating (like MySQL's PREFERRED), so it uses `required`'s options once
 * the server has offered TLS; `disabled` has no TLS options.
 *
 * @example
 * ```ts
 * tlsModeFor('preferred'); // 'required'
 * ```
 */
export function tlsModeFor(mode: SslMode): Exclude<SslMode, 'disabled' | 'preferred'> | null {
  if (mode === 'disabled') return null;
  return mode === 'preferred' ? 'required' : mode;
}

/**
 * True when mysql2's own `verifyIdentity` checks the right name: the name is
 * a DNS name (mysql2 checks `localhost` instead of an IP address) and is
 * the host mysql2 is given.
 *
 * @example
 * ```ts
 * mysql2ChecksIdentity('db.example.com'); // true
 * mysql2ChecksIdentity('127.0.0.1');      // false
 * ```
 */
export function mysql2ChecksIdentity(name: string): boolean {
  return !isIpAddress(name);
}

/**
 * Builds mysql2's `ssl` option for a mode:
 * - `required` (and `preferred` once TLS is offered): `rejectUnauthorized: false`, nothing validated;
 * - `verify-ca`: `rejectUnauthorized: true` with the CA (or Node's store); mysql2 does not check the name (`verifyIdentity` off);
 * - `verify-identity`: as verify-ca plus `verifyIdentity: true` for DNS names; dbtls checks the name itself as well (see `guardIdentity`).
 * Returns `undefined` for `disabled`.
 *
 * @example
 * ```ts
 * mysql2SslOptions({ mode: 'verify-ca', ca: pem, files: { ca: 'ca.pem' } }, 'verify-ca', 'db');
 * // { ca: pem, rejectUnauthorized: true }
 * ```
 */
export function mysql2SslOptions(material: TlsMaterial, mode: SslMode, name: string): Mysql2Ssl | undefined {
  const tlsMode = tlsModeFor(mode);
  if (!tlsMode) return undefined;
  const ssl: Mysql2Ssl = { rejectUnauthorized: tlsMode !== 'required' };
  if (material.ca) ssl.ca = material.ca; // in required: only makes the report's chainValid informative
  if (material.cert) ssl.cert = material.cert;
  if (material.key) ssl.key = material.key;
  if (material.passphrase !== undefined) ssl.passphrase = material.passphrase;
  if (material.minVersion) ssl.minVersion = material.minVersion;
  if (tlsMode === 'verify-identity' && mysql2ChecksIdentity(name)) ssl.verifyIdentity = true;
  return ssl;
}
