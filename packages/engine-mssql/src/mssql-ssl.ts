import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView, SslMode } from '@dbtls/core';

const FREETDS: Record<SslMode, string> = {
  disabled: 'encryption = off',
  preferred: 'encryption = request',
  required: 'encryption = require',
  'verify-ca': 'encryption = require, ca file = …, check certificate hostname = no',
  'verify-identity': 'encryption = require, ca file = …',
};

const ODBC: Record<SslMode, string> = {
  disabled: 'none (ODBC Encrypt=no still encrypts the login packet)',
  preferred: 'none (ODBC Encrypt=optional encrypts only the login packet unless the server forces encryption)',
  required: 'Encrypt=yes;TrustServerCertificate=yes',
  'verify-ca': 'none (Microsoft drivers always check the name when they validate)',
  'verify-identity': 'Encrypt=yes;TrustServerCertificate=no',
};

/**
 * The tedious options a mode maps to, with the URL and ODBC/FreeTDS
 * spellings and how dbtls enforces what tedious cannot express. Pure: file
 * contents are shown as placeholders.
 *
 * @example
 * ```ts
 * mssqlDriverOptions({ mode: 'required', tls: {} }).options;
 * // { server: '…', options: { encrypt: true, trustServerCertificate: true } }
 * ```
 */
export function mssqlDriverOptions({ mode, tls, host, directTls }: DriverOptionsInput): DriverOptionsView {
  const file = (path: string) => `<contents of ${basename(path)}>`;
  const notes: string[] = [];
  const options: Record<string, unknown> = {};
  let url: Record<string, string> | null = null;
  const credentials: Record<string, unknown> = {};
  if (tls.caFile && (mode === 'verify-ca' || mode === 'verify-identity')) credentials.ca = file(tls.caFile);
  if (tls.minTlsVersion) credentials.minVersion = tls.minTlsVersion;
  switch (mode) {
    case 'disabled':
      options.encrypt = false;
      url = { encrypt: 'false' };
      notes.push('tedious sends ENCRYPT_NOT_SUP in PRELOGIN: nothing is encrypted, not even the login packet (the password is only XOR-obfuscated). A server with Force Encryption answers ENCRYPT_REQ and the connection fails ("Server requires encryption"); it is never upgraded.');
      break;
    case 'preferred':
      options.encrypt = true;
      options.trustServerCertificate = true;
      url = { encrypt: 'optional' };
      notes.push('tedious has no "preferred": with encrypt: true it fails with EENCRYPT "Server did not negotiate encryption" when the server has no TLS. dbtls reads the PRELOGIN answer itself and goes on in plain text, on the same connection, only when the server answers ENCRYPT_NOT_SUP (like FreeTDS encryption = request); any TLS, certificate or login error is reported, never retried.');
      break;
    case 'required':
      options.encrypt = true;
      options.trustServerCertificate = true;
      url = { encrypt: 'true', trustServerCertificate: 'true' };
      notes.push('Fails with server-lacks-tls when the server answers ENCRYPT_NOT_SUP, before LOGIN7 is sent.');
      break;
    case 'verify-ca':
      options.encrypt = true;
      options.trustServerCertificate = false;
      url = null;
      notes.push('tedious cannot validate the chain without the name (its TLS options reach tls.createSecureContext only; no checkServerIdentity). dbtls does the TLS handshake itself with rejectUnauthorized: true and checkServerIdentity: () => undefined, so the chain is checked against the CA and the name is not, before LOGIN7 is sent.');
      if (!tls.caFile) notes.push('No CA file given: the chain is checked against Node\'s trust store (plus NODE_EXTRA_CA_CERTS).');
      break;
    case 'verify-identity':
      options.encrypt = true;
      options.trustServerCertificate = false;
      url = { encrypt: 'true', trustServerCertificate: 'false' };
      if (tls.servername) url.hostNameInCertificate = tls.servername;
      notes.push(`The certificate must name ${tls.servername ?? host ?? 'the host'}; an IP address host is checked against the certificate's IP entries.`);
      break;
  }
  if (Object.keys(credentials).length) options.cryptoCredentialsDetails = credentials;
  if (tls.servername && mode !== 'disabled') options.serverName = tls.servername;
  if (directTls && mode !== 'disabled') {
    if (url) url = { ...url, encrypt: 'strict' };
    notes.push('Encrypt=Strict (TDS 8): dbtls starts the TLS handshake right after the TCP connect, with ALPN "tds/8.0" and these semantics, before any TDS packet (PRELOGIN included) is sent; tedious then gets the encrypted connection through its "connector" option. There is no plain fallback, and TLS 1.3 is allowed.');
  } else {
    if (tls.certFile && mode !== 'disabled') notes.push('TDS 7.x has no client certificates at the TLS layer: the certificate and key given are not sent.');
    if (mode !== 'disabled') {
      notes.push('dbtls sends PRELOGIN (ENCRYPTION ON) and carries the TLS handshake in PRELOGIN packets itself, as tedious would, with these semantics; tedious then gets the encrypted connection through its "connector" option and runs with encrypt: false on top of it. TDS 7.x carries TLS 1.2 at most.');
    }
  }
  return {
    driver: 'tedious',
    options: { server: host ?? '<host>', options },
    urlParameters: url,
    equivalents: { freetds: FREETDS[mode], odbc: ODBC[mode], sqlcmd: mode === 'required' ? 'sqlcmd -N -C' : mode === 'verify-identity' ? 'sqlcmd -N' : mode === 'disabled' ? 'sqlcmd -No (still encrypts the login)' : 'none' },
    notes,
  };
}
