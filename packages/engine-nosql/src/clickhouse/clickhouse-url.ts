import { DbtlsError, parseUrlParts, readUrlMode, redactUrl, type EngineTarget, type TlsOptions } from '@dbtls/core';

/** ClickHouse's HTTP port (`http_port`), used by `clickhouse://` and `http://` URLs without a port. */
export const CLICKHOUSE_HTTP_PORT = 8123;
/** ClickHouse's HTTPS port (`https_port`), used by `https://` URLs without a port. */
export const CLICKHOUSE_HTTPS_PORT = 8443;

/** URL schemes registered for ClickHouse. `http:`/`https:` URLs are read too when the engine is named (`--engine clickhouse`). */
export const CLICKHOUSE_SCHEMES = ['clickhouse'] as const;

/** Where one value of a ClickHouse reading came from (the shape of core's reading sources). */
export interface ClickHouseSource {
  from: 'parameter' | 'default' | 'implied' | 'scheme';
  parameter?: string;
  value?: string;
  note?: string;
}

/** A parsed ClickHouse HTTP(S) interface URL. */
export interface ClickHouseTarget extends EngineTarget {
  scheme: string;
  /** What @clickhouse/client needs besides TLS. */
  config: { username?: string; password?: string; database: string };
  /** For each reading (`mode`, `caFile`, `certFile`, `keyFile`, `servername`), where it came from. */
  sources: Record<string, ClickHouseSource>;
}

/** Ports whose convention is TLS: 8443 (HTTPS), 9440 (native protocol over TLS), 443. */
const TLS_PORTS = new Set([8443, 9440, 443]);
/** ClickHouse's native-protocol ports (clickhouse-go, clickhouse-client), which dbtls's HTTP engine does not speak. */
const NATIVE_PORTS = new Set([9000, 9440]);

/** clickhouse-go's boolean (strconv.ParseBool) and clickhouse-client's bare `?secure`. */
function bool(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || ['1', 't', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'f', 'false', 'no', 'off'].includes(v)) return false;
  throw new DbtlsError('invalid-url', `${name}=${value} is not a boolean (use true or false).`);
}

/**
 * Parses `clickhouse://[user[:password]@]host[:port][/database]` and, with
 * `--engine clickhouse`, the `http://` and `https://` URLs of ClickHouse's
 * HTTP interface, reading the TLS spellings of clickhouse-go
 * (`secure`, `skip_verify`, `tls_server_name`), clickhouse-connect
 * (`secure`, `verify`, `ca_cert`, `client_cert`, `client_cert_key`,
 * `server_host_name`) and clickhouse-client (a bare `?secure`):
 * - `https://` or `secure=true` is TLS with the clients' default checks (`verify-identity`);
 *   `skip_verify=true` or `verify=false` is `required`;
 * - a TLS port (8443, 9440, 443) without `secure` reads as TLS (clickhouse-connect
 *   picks https for 8443/443; 9440 is the native TLS port), with a warning;
 * - `clickhouse://` and `http://` default to 8123, `https://` to 8443;
 * - `?ssl-mode=` sets a dbtls mode explicitly.
 *
 * @example
 * ```ts
 * parseClickHouseUrl('https://default@ch.example.com/logs').port; // 8443
 * parseClickHouseUrl('clickhouse://ch.example.com:8443?secure=true&skip_verify=true').mode; // 'required'
 * ```
 */
export function parseClickHouseUrl(url: string): ClickHouseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? '';
  if (!['clickhouse', 'http', 'https'].includes(scheme)) {
    throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a ClickHouse URL (expected clickhouse://, or http(s):// with --engine clickhouse).`);
  }
  const parts = parseUrlParts(url, { defaultPort: scheme === 'https' ? CLICKHOUSE_HTTPS_PORT : CLICKHOUSE_HTTP_PORT });
  const { mode: explicit, warnings } = readUrlMode(parts.params, scheme === 'https' ? { tlsScheme: scheme } : {});
  const params = new Map<string, { name: string; value: string }>();
  for (const [name, value] of parts.params) params.set(name.toLowerCase(), { name, value });
  const sources: Record<string, ClickHouseSource> = {};
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  const explicitParam = params.get('ssl-mode') ?? params.get('sslmode');
  const secure = params.get('secure');
  const skip = params.get('skip_verify') ?? params.get('insecure_skip_verify');
  const verify = params.get('verify');
  const secureOn = secure ? bool(secure.name, secure.value) : undefined;
  const skipOn = skip ? bool(skip.name, skip.value) : undefined;
  const verifyOn = verify ? bool(verify.name, verify.value) : undefined;
  if (skipOn !== undefined && verifyOn !== undefined && skipOn === verifyOn) throw new DbtlsError('invalid-url', `${skip!.name}=${skip!.value} and ${verify!.name}=${verify!.value} contradict each other.`);
  let mode = explicit;
  if (explicitParam) sources.mode = { from: 'parameter', parameter: explicitParam.name, value: explicitParam.value };
  else {
    const insecure = skipOn === true || verifyOn === false;
    const by = skipOn === true ? skip! : verifyOn === false ? verify! : undefined;
    if (secureOn === false) {
      if (scheme === 'https') throw new DbtlsError('invalid-url', `https:// with ${secure!.name}=${secure!.value}: the scheme asks for TLS and the parameter refuses it.`);
      mode = 'disabled';
      sources.mode = { from: 'parameter', parameter: secure!.name, value: secure!.value };
    } else if (secureOn === true || scheme === 'https') {
      mode = insecure ? 'required' : 'verify-identity';
      sources.mode = by ? { from: 'parameter', parameter: by.name, value: by.value, note: 'TLS without certificate checks' } : secureOn ? { from: 'parameter', parameter: secure!.name, value: secure!.value, note: 'TLS with the clients\' default checks (chain and host name)' } : { from: 'scheme', parameter: 'https://', note: 'TLS with the clients\' default checks (chain and host name)' };
    } else if (TLS_PORTS.has(parts.port)) {
      mode = insecure ? 'required' : 'verify-identity';
      sources.mode = { from: 'implied', parameter: 'port', value: String(parts.port), note: `port ${parts.port} is a TLS port by convention` };
      warnings.push(`Port ${parts.port} is ClickHouse's TLS port by convention (clickhouse-connect uses https there; clickhouse-go needs secure=true): dbtls takes the stricter reading and uses TLS ("${mode}"). Add secure=true to say so, or ssl-mode=disabled if the port really is plain.`);
    } else if (insecure) {
      throw new DbtlsError('invalid-url', `${by!.name}=${by!.value} without TLS: add secure=true (or use https://) for TLS without certificate checks.`);
    }
  }
  if (NATIVE_PORTS.has(parts.port)) warnings.push(`Port ${parts.port} is ClickHouse's native-protocol port (clickhouse-go, clickhouse-client); dbtls's ClickHouse engine speaks the HTTP interface (8123, or 8443 with TLS), so connecting there fails.`);
  const file = (keys: string[], field: 'caFile' | 'certFile' | 'keyFile') => {
    const p = keys.map((k) => params.get(k)).find(Boolean);
    if (!p?.value) return;
    if (field === 'caFile' && p.value === 'certifi') {
      sources.caFile = { from: 'parameter', parameter: p.name, value: p.value, note: 'clickhouse-connect\'s certifi bundle: dbtls uses Node.js\'s bundled roots (both are Mozilla\'s list)' };
      return;
    }
    tls[field] = p.value;
    sources[field] = { from: 'parameter', parameter: p.name, value: p.value };
  };
  file(['ca_cert', 'tls_ca', 'ca'], 'caFile');
  file(['client_cert', 'tls_cert'], 'certFile');
  file(['client_cert_key', 'tls_key'], 'keyFile');
  const name = params.get('tls_server_name') ?? params.get('server_host_name');
  if (name?.value) {
    tls.servername = name.value;
    sources.servername = { from: 'parameter', parameter: name.name, value: name.value };
  }
  const known = new Set(['ssl-mode', 'sslmode', 'secure', 'skip_verify', 'insecure_skip_verify', 'verify', 'ca_cert', 'tls_ca', 'ca', 'client_cert', 'tls_cert', 'client_cert_key', 'tls_key', 'tls_server_name', 'server_host_name']);
  const unknownTls = [...params.values()].filter((p) => !known.has(p.name.toLowerCase()) && /tls|ssl|cert|secure|verify/i.test(p.name));
  if (unknownTls.length) warnings.push(`TLS-related parameters dbtls does not know were ignored: ${unknownTls.map((p) => p.name).join(', ')}.`);
  const database = parts.database ?? parts.params.get('database') ?? 'default';
  if (database.includes('/')) throw new DbtlsError('invalid-url', `"${redactUrl(url)}": the path must be a database name, not "/${database}".`);
  const config: ClickHouseTarget['config'] = { database };
  if (parts.user) config.username = parts.user;
  if (parts.password !== undefined) config.password = parts.password;
  return {
    host: parts.host,
    port: parts.port,
    ...(parts.user ? { user: parts.user } : {}),
    database,
    ...(mode ? { mode } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    displayUrl: redactUrl(url),
    secrets: parts.password ? [parts.password] : [],
    warnings,
    scheme,
    config,
    sources,
  };
}
