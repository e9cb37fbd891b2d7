import { isIpAddress } from '@dbtls/core';
import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView } from '@dbtls/core';

/**
 * The ioredis `tls` option a mode maps to, for display. ioredis hands `tls`
 * to Node's `tls.connect` unchanged, so every mode is expressed natively;
 * what ioredis does not do by itself (send SNI) is added explicitly.
 * Pure: file contents and the passphrase are shown as placeholders.
 *
 * @example
 * ```ts
 * redisDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' }, host: 'cache' }).options;
 * // { tls: { ca: '<contents of ca.pem>', servername: 'cache', rejectUnauthorized: true, checkServerIdentity: '() => undefined …' }, … }
 * ```
 */
export function redisDriverOptions({ mode, tls, host }: DriverOptionsInput): DriverOptionsView {
  const file = (path: string) => `<contents of ${basename(path)}>`;
  const notes: string[] = [];
  const common = {
    retryStrategy: '() => null (no reconnect: one attempt, bounded by --timeout)',
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  };
  if (mode === 'disabled') {
    notes.push('No tls option: ioredis opens a plain TCP socket (as with a redis:// URL).');
    return { driver: 'ioredis', options: { ...common }, urlParameters: null, equivalents: { 'redis-cli': 'redis-cli -h HOST -p PORT' }, notes };
  }
  const name = tls.servername ?? host;
  const options: Record<string, unknown> = {};
  if (tls.caFile) options.ca = file(tls.caFile);
  if (tls.certFile) options.cert = file(tls.certFile);
  if (tls.keyFile) options.key = file(tls.keyFile);
  if (tls.passphrase) options.passphrase = '<from the environment variable given>';
  if (tls.minTlsVersion) options.minVersion = tls.minTlsVersion;
  if (name && !isIpAddress(name)) options.servername = name;
  const cli = ['redis-cli --tls'];
  switch (mode) {
    case 'preferred':
    case 'required':
      options.rejectUnauthorized = false;
      options.checkServerIdentity = '() => undefined (nothing checked)';
      cli.push('--insecure');
      if (mode === 'preferred') notes.push('Redis serves TLS on a port of its own and ioredis cannot fall back safely: "preferred" behaves as "required".');
      break;
    case 'verify-ca':
      options.rejectUnauthorized = true;
      options.checkServerIdentity = '() => undefined (chain checked, name not checked)';
      if (!tls.caFile) notes.push("No CA file given: the chain is checked against Node's trust store (plus NODE_EXTRA_CA_CERTS).");
      notes.push('redis-cli has no "chain but not name" switch: it always checks the name too.');
      break;
    case 'verify-identity':
      options.rejectUnauthorized = true;
      options.checkServerIdentity = `tls.checkServerIdentity('${name ?? 'host'}', cert)`;
      notes.push(`The certificate must name ${name ?? 'the host'}; an IP address host is checked against the certificate's IP entries.`);
      break;
  }
  if (tls.caFile) cli.push(`--cacert ${tls.caFile}`);
  if (tls.certFile) cli.push(`--cert ${tls.certFile}`);
  if (tls.keyFile) cli.push(`--key ${tls.keyFile}`);
  if (name && !isIpAddress(name)) cli.push(`--sni ${name}`);
  notes.push('ioredis sends no SNI by itself; dbtls sets tls.servername to the host name (not for IP addresses).');
  notes.push("ioredis rejects every failure with a bare \"Connection is closed.\": dbtls opens the socket with exactly these tls options through ioredis's Connector option, so the real error (certificate, handshake, WRONGPASS ...) is the one reported.");
  return {
    driver: 'ioredis',
    options: { ...common, tls: options },
    urlParameters: mode === 'verify-identity' && !tls.caFile ? { scheme: 'rediss://' } : null,
    equivalents: { 'redis-cli': cli.join(' ') },
    notes,
  };
}
