import type { DriverOptionsInput, DriverOptionsView, SslMode } from '@dbtls/core';

/** Why `required` (and so `preferred`) cannot be honoured, naming the nearest mode that works. */
export const ORACLE_REQUIRED_UNSUPPORTED =
  'the oracledb thin driver always validates the server certificate (rejectUnauthorized is hard-coded to true), so TLS without validation cannot be expressed. The nearest mode that works is "verify-ca": pass the CA that issued the server certificate with --ca (the host name is then not checked).';

/**
 * The `connectString` of a mode: a full `DESCRIPTION` with `PROTOCOL=TCP`
 * (disabled) or `TCPS` and `SSL_SERVER_DN_MATCH` (on for verify-identity, off
 * for verify-ca), with the timeouts in seconds and no retries.
 *
 * @example
 * ```ts
 * oracleConnectString('verify-ca', { host: 'db', port: 2484, service: 'FREEPDB1', timeoutSeconds: 10 });
 * // '(DESCRIPTION=(CONNECT_TIMEOUT=10)…(ADDRESS=(PROTOCOL=TCPS)(HOST=db)(PORT=2484))…(SECURITY=(SSL_SERVER_DN_MATCH=OFF)))'
 * ```
 */
export function oracleConnectString(mode: SslMode, target: { host: string; port: number; service?: string; timeoutSeconds: number }): string {
  const tcps = mode !== 'disabled';
  const t = target.timeoutSeconds;
  return (
    `(DESCRIPTION=(CONNECT_TIMEOUT=${t})(TRANSPORT_CONNECT_TIMEOUT=${t})(RETRY_COUNT=0)` +
    `(ADDRESS=(PROTOCOL=${tcps ? 'TCPS' : 'TCP'})(HOST=${target.host})(PORT=${target.port}))` +
    `(CONNECT_DATA=(SERVICE_NAME=${target.service ?? ''}))` +
    (tcps ? `(SECURITY=(SSL_SERVER_DN_MATCH=${mode === 'verify-identity' ? 'ON' : 'OFF'}))` : '') +
    ')'
  );
}

/**
 * Pure view of the oracledb (thin) options a mode maps to.
 *
 * @example
 * ```ts
 * oracleDriverOptions({ mode: 'verify-ca', tls: { caFile: 'ca.pem' }, host: 'db' }).options.sslServerDNMatch; // false
 * ```
 */
export function oracleDriverOptions(input: DriverOptionsInput): DriverOptionsView {
  const { mode, tls: t } = input;
  const notes: string[] = [];
  if (mode === 'required' || mode === 'preferred') {
    return { driver: 'oracledb', options: {}, urlParameters: null, notes: [`Not available: ${ORACLE_REQUIRED_UNSUPPORTED}`] };
  }
  const options: Record<string, unknown> = {
    connectString: oracleConnectString(mode, { host: input.host ?? '<host>', port: 0, service: '<service>', timeoutSeconds: 0 }).replace('(PORT=0)', '(PORT=<port>)').replace(/_TIMEOUT=0/g, '_TIMEOUT=<--timeout in s>'),
    connectTimeout: '<--timeout in s>',
    transportConnectTimeout: '<--timeout in s>',
  };
  if (mode !== 'disabled') {
    options.sslServerDNMatch = mode === 'verify-identity';
    if (t.caFile || t.certFile) {
      options.walletContent = t.certFile
        ? `<${t.certFile} + ${t.keyFile} + ${t.caFile ? t.caFile : "Node's bundled root certificates"}>`
        : `<a throwaway self-signed certificate and key made in memory + ${t.caFile}>`;
      if (t.passphrase) options.walletPassword = '***';
      notes.push('The thin driver uses its PEM wallet as certificate, key and trust store at once, so a wallet holding only a CA fails (NJS-505): dbtls adds the client certificate, or a throwaway certificate made in memory that is presented only if the server asks for a client certificate.');
    } else {
      notes.push("No wallet: the driver validates against Node's trust store.");
    }
    if (mode === 'verify-ca') notes.push('SSL_SERVER_DN_MATCH=OFF: the chain is validated, the host name is not.');
    if (mode === 'verify-identity') notes.push('SSL_SERVER_DN_MATCH=ON: the host name of the URL must be in the certificate.');
    notes.push('The thin driver sends no SNI; --servername and --min-tls cannot be passed to it and are refused.');
    notes.push('NJS-506 carries at most the handshake error text: dbtls fetches and checks the certificate the server presents to name the cause.');
  }
  return {
    driver: 'oracledb',
    options,
    urlParameters: mode === 'disabled' ? null : { ssl_server_dn_match: mode === 'verify-identity' ? 'true' : 'false' },
    equivalents: { 'Easy Connect Plus': mode === 'disabled' ? 'tcp://host:1521/service' : `tcps://host:2484/service${mode === 'verify-ca' ? '?ssl_server_dn_match=false' : ''}` },
    notes,
  };
}
