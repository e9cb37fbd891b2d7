import { isIPv6 } from 'node:net';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Whether `name` is an IP address (v4 or v6, brackets allowed) rather than a host name: an IP is
 * never sent as SNI and is matched against the certificate's IP entries. Cheaper than `net.isIP`
 * for the common case: a name without ":" is checked with a small pattern, so Node's large IPv6
 * pattern is compiled only for names that could be IPv6 (it costs tens of ms at start-up).
 *
 * @example
 * ```ts
 * isIpAddress('10.0.0.1');        // true
 * isIpAddress('[::1]');           // true
 * isIpAddress('db.example.com');  // false
 * ```
 */
export function isIpAddress(name: string): boolean {
  if (name.includes(':')) return isIPv6(name.replace(/^\[(.*)\]$/, '$1'));
  const m = IPV4.exec(name);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255 && (octet === '0' || !octet.startsWith('0')));
}
