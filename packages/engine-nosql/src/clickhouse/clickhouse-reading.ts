import { readingFromTarget, type ConnectionReading, type EngineDefinition, type LostItem, type SslMode, type TargetOutput, type TranslateTarget } from '@dbtls/core';
import { parseClickHouseUrl } from './clickhouse-url.js';

/**
 * Reads a `clickhouse://` URL (and, for the ClickHouse engine, `http(s)://`)
 * with the clickhouse-go, clickhouse-connect and clickhouse-client
 * spellings into a {@link ConnectionReading}; undefined for other strings.
 *
 * @example
 * ```ts
 * readClickHouseConnectionString(clickhouseEngine, 'clickhouse://h:8443?secure=true')?.mode.value; // 'verify-identity'
 * ```
 */
export function readClickHouseConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  const text = input.trim();
  // http(s):// belongs to several engines: claim it only with a ClickHouse port or parameter (else --engine clickhouse falls back to parseUrl).
  if (!/^clickhouse:\/\//i.test(text) && !(/^https?:\/\//i.test(text) && (/^https?:\/\/[^/?#]*:(8123|8443)(\/|\?|$)/i.test(text) || /[?&](secure|skip_verify|tls_server_name|server_host_name|ca_cert)=?/i.test(text)))) return undefined;
  const target = parseClickHouseUrl(input);
  return readingFromTarget(engine, target, {
    client: { id: 'clickhouse-go', name: 'ClickHouse URL (clickhouse-go, clickhouse-connect, clickhouse-client spellings; HTTP interface)', syntax: 'URL', reason: `the ${target.scheme}:// scheme` },
    sources: target.sources,
    ...(target.config.password !== undefined ? { password: target.config.password } : {}),
  });
}

/**
 * `clickhouse-go`: a clickhouse-go v2 DSN for the HTTP interface
 * (`https://user:pw@host:8443/db?secure=true&skip_verify=…&tls_server_name=…`).
 *
 * @example
 * ```ts
 * CLICKHOUSE_GO_TARGET.write(reading).text; // 'https://default:pw@ch:8443/logs?secure=true'
 * ```
 */
export const CLICKHOUSE_GO_TARGET: TranslateTarget = {
  id: 'clickhouse-go',
  displayName: 'clickhouse-go v2 (HTTP)',
  description: 'http(s)://user:pw@host:port/db?secure=…&skip_verify=…&tls_server_name=… DSN for clickhouse-go v2 over HTTP',
  engines: ['clickhouse'],
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const source = reading.mode.value;
    const first = reading.hosts[0]!;
    const params: [string, string][] = [];
    let mode: SslMode = source;
    // A TLS port (8443, 9440, 443) reads as TLS unless secure=false says otherwise.
    if (source === 'disabled' && [8443, 9440, 443].includes(first.port)) params.push(['secure', 'false']);
    if (source !== 'disabled') {
      params.push(['secure', 'true']);
      if (source === 'preferred' || source === 'required') {
        params.push(['skip_verify', 'true']);
        mode = 'required';
        if (source === 'preferred') lost.push({ parameter: 'mode', what: 'clickhouse-go has no plain-text fallback: "preferred" becomes required', weakens: false });
      } else if (source === 'verify-ca') {
        mode = 'verify-identity';
        lost.push({ parameter: 'mode', what: 'clickhouse-go has no chain-only check: the host name is checked too', weakens: false });
      }
      if (reading.servername && mode === 'verify-identity') params.push(['tls_server_name', reading.servername.value]);
      if (reading.caFile && mode !== 'required') lost.push({ parameter: reading.caFile.source.parameter ?? 'caFile', what: 'clickhouse-go DSNs cannot name a CA file (set TLS.RootCAs in code); the system roots are used', weakens: true });
      if (reading.certFile || reading.keyFile) lost.push({ parameter: 'certFile', what: 'clickhouse-go DSNs cannot name a client certificate (set TLS.Certificates in code)', weakens: false });
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: 'crlFile', what: 'clickhouse-go DSNs cannot name a CRL', weakens: true });
      if (reading.minTlsVersion?.value === 'TLSv1.3') lost.push({ parameter: 'minTlsVersion', what: 'clickhouse-go DSNs have no TLS floor (Go defaults to TLS 1.2)', weakens: true });
    }
    const enc = encodeURIComponent;
    const auth = reading.user !== undefined || reading.password !== undefined ? `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@` : '';
    const host = first.host.includes(':') ? `[${first.host}]` : first.host;
    const text = `${source === 'disabled' ? 'http' : 'https'}://${auth}${host}:${first.port}/${reading.database ? enc(reading.database) : ''}${params.length ? `?${params.map(([k, v]) => `${k}=${enc(v)}`).join('&')}` : ''}`;
    return { text, mode, lost };
  },
};
