import { isIpAddress } from '@dbtls/core';
import type { ConnectionOptions } from 'node:tls';
import { nodeTlsOptions, type DriverOptionsInput, type DriverOptionsView, type TlsMaterial } from '@dbtls/core';

/**
 * cassandra-driver `sslOptions` for a mode, or `undefined` for `disabled`.
 * The driver's own default is `rejectUnauthorized: false` (even with a CA),
 * it connects TLS to the resolved IP and sends no SNI; so every TLS mode sets
 * `rejectUnauthorized` explicitly, and `verify-identity` sets `servername`
 * (SNI) and checks the URL's host name (or --servername) itself.
 *
 * @example
 * ```ts
 * cassandraSslOptions(material, 'db.example.com'); // { ca, rejectUnauthorized: true, servername: 'db.example.com', checkServerIdentity }
 * ```
 */
export function cassandraSslOptions(material: TlsMaterial, host: string): ConnectionOptions | undefined {
  // Core's exact per-mode options: rejectUnauthorized always explicit, SNI and the name check on the host, not the IP.
  return material.mode === 'disabled' ? undefined : nodeTlsOptions(material, host);
}

/**
 * Pure view of the cassandra-driver options a mode maps to.
 *
 * @example
 * ```ts
 * cassandraDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' }, host: 'localhost' }).options;
 * ```
 */
export function cassandraDriverOptions(input: DriverOptionsInput): DriverOptionsView {
  const { mode, tls: t } = input;
  const host = input.host ?? '<host>';
  const name = t.servername ?? host;
  const notes: string[] = [];
  let sslOptions: Record<string, unknown> | undefined;
  if (mode !== 'disabled') {
    const verify = mode === 'verify-ca' || mode === 'verify-identity';
    sslOptions = {
      ...(t.caFile ? { ca: `<contents of ${t.caFile}>` } : {}),
      ...(t.certFile ? { cert: `<contents of ${t.certFile}>`, key: `<contents of ${t.keyFile}>` } : {}),
      ...(t.passphrase ? { passphrase: '***' } : {}),
      ...(t.minTlsVersion ? { minVersion: t.minTlsVersion } : {}),
      ...(!isIpAddress(name) ? { servername: name } : {}),
      rejectUnauthorized: verify,
      checkServerIdentity: mode === 'verify-identity' ? `<tls.checkServerIdentity("${name}", cert)>` : '<no name check>',
    };
    notes.push('cassandra-driver defaults to rejectUnauthorized: false even when a CA is given; dbtls always sets it explicitly.');
    if (mode === 'verify-identity') notes.push(`The driver would check the certificate against the resolved IP address and send no SNI: dbtls sends "${name}" as SNI and checks that name for every node.`);
    if (mode === 'preferred') notes.push('cassandra-driver cannot fall back to plain text: "preferred" behaves as "required".');
  }
  notes.push('socketOptions.connectTimeout and readTimeout are set to --timeout (the driver waits 12 s by default when a server does not answer).');
  return {
    driver: 'cassandra-driver',
    options: {
      contactPoints: ['<host:port>'],
      ...(sslOptions ? { sslOptions } : {}),
      socketOptions: { connectTimeout: '<--timeout>', readTimeout: '<--timeout>' },
      isMetadataSyncEnabled: false,
    },
    urlParameters: null,
    equivalents: { cqlsh: mode === 'disabled' ? '(no --ssl)' : `--ssl with SSL_VALIDATE=${mode === 'verify-ca' || mode === 'verify-identity' ? 'true' : 'false'}${t.caFile ? ` SSL_CERTFILE=${t.caFile}` : ''}` },
    notes,
  };
}

