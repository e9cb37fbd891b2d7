import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView, SslMode } from '@dbtls/core';
import { mysql2ChecksIdentity, tlsModeFor } from './mysql-ssl.js';

/**
 * The MySQL client's `--ssl-mode` value for each dbtls mode (the names correspond one to one).
 *
 * @example
 * ```ts
 * MYSQL_CLIENT_SSL_MODE['verify-ca']; // 'VERIFY_CA'
 * ```
 */
export const MYSQL_CLIENT_SSL_MODE: Record<SslMode, string> = {
  disabled: 'DISABLED',
  preferred: 'PREFERRED',
  required: 'REQUIRED',
  'verify-ca': 'VERIFY_CA',
  'verify-identity': 'VERIFY_IDENTITY',
};

// The mariadb command-line client's flags (null: none) and what to know about them.
const MARIADB_CLIENT: Record<SslMode, [flags: string | null, note: string | null]> = {
  disabled: ['--skip-ssl', null],
  preferred: ['--ssl', 'measured with the 10.11 client: it falls back to plain text when the server offers no TLS'],
  required: [null, 'no exact flag in the 10.x client (--ssl falls back to plain text); MariaDB 11.4+ clients: --ssl --skip-ssl-verify-server-cert'],
  'verify-ca': [null, 'no exact flag: --ssl-verify-server-cert also checks the host name'],
  'verify-identity': ['--ssl --ssl-verify-server-cert', null],
};

function contents(path: string | undefined, what: string): string {
  return path ? `<contents of ${basename(path)}>` : `<${what}>`;
}

/**
 * The mysql2 options dbtls uses for a mode, with file contents and secrets
 * replaced by descriptions, plus the MySQL client's `--ssl-mode` (and the
 * mariadb client's flags) with the same meaning. Pure.
 *
 * @example
 * ```ts
 * mysqlDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' }, host: 'db' }, 'mysql').options;
 * // { host: 'db', ssl: { ca: '<contents of ca.pem>', rejectUnauthorized: true } }
 * ```
 */
export function mysqlDriverOptions(input: DriverOptionsInput, flavour: 'mysql' | 'mariadb'): DriverOptionsView {
  const { mode, tls } = input;
  const host = input.host ?? 'localhost';
  const name = tls.servername ?? host;
  const tlsMode = tlsModeFor(mode);
  const notes: string[] = [
    'dbtls opens the TCP connection itself, reads the server greeting (sending nothing) and hands the socket to mysql2 with the `stream` option; `host` is then used only for SNI and mysql2\'s own name check.',
  ];
  const options: Record<string, unknown> = { host: name, stream: '<socket opened by dbtls>' };
  if (tlsMode) {
    const ssl: Record<string, unknown> = {};
    if (tls.caFile) ssl.ca = contents(tls.caFile, 'CA');
    if (tls.certFile) ssl.cert = contents(tls.certFile, 'client certificate');
    if (tls.keyFile) ssl.key = contents(tls.keyFile, 'client key');
    if (tls.passphrase) ssl.passphrase = '***';
    if (tls.minTlsVersion) ssl.minVersion = tls.minTlsVersion;
    ssl.rejectUnauthorized = tlsMode !== 'required';
    if (tlsMode === 'verify-identity' && mysql2ChecksIdentity(name)) ssl.verifyIdentity = true;
    options.ssl = ssl;
  }
  switch (mode) {
    case 'disabled':
      notes.push('No `ssl` option: mysql2 never sends an SSLRequest, and everything, password included, travels in plain text.');
      break;
    case 'preferred':
      notes.push(
        'One TCP connection: if the greeting\'s CLIENT_SSL capability flag is set, mysql2 gets `ssl` as shown (TLS, certificate not validated); if it is not, mysql2 gets no `ssl` and the result says fellBack: true. A failed TLS handshake is an error, never a reason to go plain.',
        'mysql2 alone has no preferred: with `ssl` it fails with HANDSHAKE_NO_SSL_SUPPORT against a server without TLS. dbtls only retries plain on that code when a greeting could not be read.',
      );
      break;
    case 'required':
      notes.push('`rejectUnauthorized: false`: encrypted, certificate not validated.');
      break;
    case 'verify-ca':
      notes.push('`rejectUnauthorized: true` without `verifyIdentity` (mysql2 ignores a custom checkServerIdentity, and its default is not to check the name): the chain is validated, the name is not. dbtls re-checks the chain after the handshake, before the login packet.');
      break;
    case 'verify-identity':
      notes.push(
        mysql2ChecksIdentity(name)
          ? 'mysql2 checks the name itself (`verifyIdentity: true`), and dbtls checks it again after the TLS handshake, before mysql2 sends the login packet.'
          : `mysql2 cannot check "${name}": for an IP address it checks the certificate against "localhost". dbtls therefore checks "${name}" against the certificate's IP SANs itself, after the TLS handshake and before mysql2 sends the login packet (user and password).`,
      );
      break;
  }
  if (!tls.caFile && (mode === 'verify-ca' || mode === 'verify-identity')) notes.push('No CA given: Node\'s trust store (plus NODE_EXTRA_CA_CERTS) is used.');
  const urlParameters: Record<string, string> = { 'ssl-mode': MYSQL_CLIENT_SSL_MODE[mode] };
  if (tlsMode && tls.caFile) urlParameters['ssl-ca'] = tls.caFile;
  if (tlsMode && tls.certFile) urlParameters['ssl-cert'] = tls.certFile;
  if (tlsMode && tls.keyFile) urlParameters['ssl-key'] = tls.keyFile;
  if (tlsMode && tls.minTlsVersion) urlParameters['tls-version'] = tls.minTlsVersion;
  // The CA only where the client uses it (verify modes); client certificate and key in every TLS mode.
  const fileFlags = tlsMode ? [(tlsMode === 'verify-ca' || tlsMode === 'verify-identity') && tls.caFile && `--ssl-ca=${tls.caFile}`, tls.certFile && `--ssl-cert=${tls.certFile}`, tls.keyFile && `--ssl-key=${tls.keyFile}`].filter(Boolean) : [];
  const equivalents: Record<string, string> = {
    'mysql --ssl-mode': MYSQL_CLIENT_SSL_MODE[mode],
    'mysql client': ['mysql', `--ssl-mode=${MYSQL_CLIENT_SSL_MODE[mode]}`, ...fileFlags].join(' '),
  };
  if (flavour === 'mariadb') {
    const [flags, note] = MARIADB_CLIENT[mode];
    const command = flags ? ['mariadb', flags, ...(mode === 'disabled' ? [] : fileFlags)].join(' ') : null;
    equivalents['mariadb client'] = [command, note && (command ? `(${note})` : note)].filter(Boolean).join(' ');
  }
  return { driver: 'mysql2', options, urlParameters, equivalents, notes };
}
