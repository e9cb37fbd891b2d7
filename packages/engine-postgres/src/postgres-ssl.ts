import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView } from '@dbtls/core';

const LIBPQ: Record<string, string> = {
  disabled: 'disable',
  preferred: 'prefer',
  required: 'require',
  'verify-ca': 'verify-ca',
  'verify-identity': 'verify-full',
};

/**
 * The node-postgres `ssl` option (and URL parameters) that a mode maps to.
 * Pure: file contents and the passphrase are shown as placeholders.
 *
 * @example
 * ```ts
 * postgresDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' } }).options;
 * // { ssl: { rejectUnauthorized: true, ca: '<contents of ca.pem>', checkServerIdentity: '() => undefined (name not checked)' } }
 * ```
 */
export function postgresDriverOptions({ mode, tls, host, directTls }: DriverOptionsInput): DriverOptionsView {
  const file = (path: string) => `<contents of ${basename(path)}>`;
  const notes: string[] = [];
  const common: Record<string, unknown> = {};
  if (tls.caFile && mode !== 'disabled') common.ca = file(tls.caFile);
  if (tls.certFile && mode !== 'disabled') common.cert = file(tls.certFile);
  if (tls.keyFile && mode !== 'disabled') common.key = file(tls.keyFile);
  if (tls.passphrase && mode !== 'disabled') common.passphrase = '<from the environment variable given>';
  if (tls.minTlsVersion && mode !== 'disabled') common.minVersion = tls.minTlsVersion;
  if (tls.servername && mode !== 'disabled') common.servername = tls.servername;

  let ssl: unknown;
  let url: Record<string, string> | null;
  switch (mode) {
    case 'disabled':
      ssl = false;
      url = { sslmode: 'disable' };
      break;
    case 'preferred':
      ssl = { rejectUnauthorized: false, ...common };
      url = null;
      notes.push('node-postgres has no "prefer": on the server\'s "N" answer it fails. dbtls sends the SSLRequest itself and, only on that "N", continues in plain text on the same connection, as libpq does.');
      break;
    case 'required':
      ssl = { rejectUnauthorized: false, ...common };
      url = { sslmode: 'no-verify' };
      notes.push('pg reads URL sslmode=require as verify-full (unlike libpq); its own spelling of "encrypt without validating" is sslmode=no-verify.');
      break;
    case 'verify-ca':
      ssl = { rejectUnauthorized: true, ...common, checkServerIdentity: '() => undefined (chain checked, name not checked)' };
      url = { uselibpqcompat: 'true', sslmode: 'verify-ca', ...(tls.caFile ? { sslrootcert: tls.caFile } : {}) };
      if (!tls.caFile) notes.push('No CA file given: the chain is checked against Node\'s trust store (plus NODE_EXTRA_CA_CERTS).');
      break;
    case 'verify-identity':
      ssl = { rejectUnauthorized: true, ...common };
      url = { sslmode: 'verify-full', ...(tls.caFile ? { sslrootcert: tls.caFile } : {}) };
      notes.push(`The certificate must name ${tls.servername ?? host ?? 'the host'}; an IP address host is checked against the certificate's IP entries.`);
      break;
  }
  if (mode !== 'disabled') {
    notes.push(
      directTls
        ? 'sslnegotiation=direct: dbtls starts the TLS handshake right after the TCP connect (ALPN "postgresql", PostgreSQL 17+; no SSLRequest round trip) with these options, checks the certificate before the startup message is sent, and hands pg the negotiated socket (pg option "stream") with ssl: false.'
        : 'dbtls does the SSLRequest and TLS handshake itself with these options, checks the certificate before the startup message is sent, and hands pg the negotiated socket (pg option "stream") with ssl: false.',
    );
    notes.push('PGSSLMODE and other PGSSL* environment variables never change what a mode means: the ssl option is always set explicitly.');
  }
  return {
    driver: 'pg',
    options: { ssl },
    urlParameters: url,
    equivalents: { libpq: `sslmode=${LIBPQ[mode]}${tls.caFile && mode.startsWith('verify') ? ` sslrootcert=${tls.caFile}` : ''}`, psql: `PGSSLMODE=${LIBPQ[mode]} psql …` },
    notes,
  };
}
