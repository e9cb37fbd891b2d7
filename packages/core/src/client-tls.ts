import { isIpAddress } from './ip-address.js';
import tls from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { nodeTlsOptions } from './node-tls.js';
import type { TlsMaterial } from './tls-options.js';

/**
 * Node TLS options for a driver client that opens many connections, with
 * every setting a driver default or `NODE_TLS_REJECT_UNAUTHORIZED` could
 * otherwise decide spelled out: `rejectUnauthorized`, `ca`, `servername`,
 * `checkServerIdentity`. With `host`, the same as {@link nodeTlsOptions}
 * (one name for every connection). Without it (drivers that reach several
 * hosts: replica sets, clusters), `verify-identity` checks each connection
 * against the host it was opened to (or the material's servername), and no
 * fixed SNI is set unless a servername was given.
 *
 * @example
 * ```ts
 * new Redis({ host, port, tls: clientTlsOptions(material, host) });
 * new MongoClient(url, { tls: true, ...clientTlsOptions(material) });
 * ```
 */
export function clientTlsOptions(material: TlsMaterial, host?: string): ConnectionOptions {
  if (host !== undefined) return nodeTlsOptions(material, host);
  const options: ConnectionOptions = {};
  if (material.ca) options.ca = material.ca;
  if (material.cert) options.cert = material.cert;
  if (material.key) options.key = material.key;
  if (material.passphrase !== undefined) options.passphrase = material.passphrase;
  if (material.minVersion) options.minVersion = material.minVersion;
  const fixed = material.servername;
  if (fixed && !isIpAddress(fixed)) options.servername = fixed;
  const verify = material.mode === 'verify-ca' || material.mode === 'verify-identity';
  options.rejectUnauthorized = verify;
  options.checkServerIdentity = material.mode === 'verify-identity' ? (hostname, cert) => tls.checkServerIdentity(fixed ?? hostname, cert) : () => undefined;
  return options;
}
