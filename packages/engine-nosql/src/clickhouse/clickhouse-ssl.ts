import { isIpAddress } from '@dbtls/core';
import { basename } from 'node:path';
import type { DriverOptionsInput, DriverOptionsView } from '@dbtls/core';

/**
 * What a mode maps to for @clickhouse/client. Its `tls` option has only
 * `ca_cert`, `cert` and `key`, so it can express `verify-identity` alone, and
 * `cert`/`key` there also switch on ClickHouse certificate *authentication*
 * (`X-ClickHouse-SSL-Certificate-Auth: on`). dbtls therefore passes an
 * `https.Agent` as `http_agent` (a supported option, which makes the client
 * ignore `tls`) for every TLS mode. Pure: file contents are placeholders.
 *
 * @example
 * ```ts
 * clickhouseDriverOptions({ mode: 'required', tls: {}, host: 'ch' }).options;
 * // { url: 'https://ch:PORT', http_agent: 'new https.Agent({ rejectUnauthorized: false, … })', … }
 * ```
 */
export function clickhouseDriverOptions({ mode, tls, host }: DriverOptionsInput): DriverOptionsView {
  const file = (path: string) => `<contents of ${basename(path)}>`;
  const notes: string[] = [];
  const name = tls.servername ?? host;
  const base = { request_timeout: '--timeout', keep_alive: { enabled: false }, max_open_connections: 1 };
  if (mode === 'disabled') {
    notes.push('Plain HTTP to http_port (8123 by default).');
    return { driver: '@clickhouse/client', options: { url: `http://${host ?? 'HOST'}:PORT`, ...base }, urlParameters: null, equivalents: { 'clickhouse-client': 'clickhouse-client --host HOST (native protocol, port 9000)', curl: 'curl http://HOST:8123/' }, notes };
  }
  const agent: Record<string, unknown> = { keepAlive: false, maxSockets: 1 };
  if (tls.caFile) agent.ca = file(tls.caFile);
  if (tls.certFile) agent.cert = file(tls.certFile);
  if (tls.keyFile) agent.key = file(tls.keyFile);
  if (tls.passphrase) agent.passphrase = '<from the environment variable given>';
  if (tls.minTlsVersion) agent.minVersion = tls.minTlsVersion;
  if (name && !isIpAddress(name)) agent.servername = name;
  const curl = ['curl'];
  let native: Record<string, unknown> | null = null;
  switch (mode) {
    case 'preferred':
    case 'required':
      agent.rejectUnauthorized = false;
      agent.checkServerIdentity = '() => undefined (nothing checked)';
      curl.push('--insecure');
      if (mode === 'preferred') notes.push('HTTP and HTTPS are separate ports: "preferred" behaves as "required".');
      notes.push('The client\'s tls option cannot skip validation: only an http_agent can.');
      break;
    case 'verify-ca':
      agent.rejectUnauthorized = true;
      agent.checkServerIdentity = '() => undefined (chain checked, name not checked)';
      notes.push('The client\'s tls option always checks the name: only an http_agent can check the chain alone.');
      break;
    default:
      agent.rejectUnauthorized = true;
      agent.checkServerIdentity = `tls.checkServerIdentity('${name ?? 'host'}', cert)`;
      native = { url: `https://${host ?? 'HOST'}:PORT`, ...(tls.caFile ? { tls: { ca_cert: file(tls.caFile) } } : {}) };
      notes.push(`Same check as the client's own https:// + tls.ca_cert; the certificate must name ${name ?? 'the host'} (IP hosts against IP entries).`);
  }
  if (tls.caFile) curl.push(`--cacert ${tls.caFile}`);
  if (tls.certFile) curl.push(`--cert ${tls.certFile}`);
  if (tls.keyFile) curl.push(`--key ${tls.keyFile}`);
  curl.push(`https://${host ?? 'HOST'}:8443/`);
  if (tls.certFile) {
    notes.push('The client certificate goes into the agent (mutual TLS only). Put into the client\'s tls option instead, cert/key would also switch on ClickHouse certificate authentication (X-ClickHouse-SSL-Certificate-Auth), which needs a user configured with ssl_certificates.');
  }
  notes.push('An http_agent makes the client ignore its tls option entirely: everything TLS is in the agent.');
  return {
    driver: '@clickhouse/client',
    options: { url: `https://${host ?? 'HOST'}:PORT`, ...base, http_agent: `new https.Agent(${JSON.stringify(agent)})` },
    urlParameters: null,
    equivalents: { curl: curl.join(' '), ...(native ? { '@clickhouse/client without agent': JSON.stringify(native) } : {}) },
    notes,
  };
}
