import { DbtlsError, redactUrl } from '@dbtls/core';

/** The syntaxes of PostgreSQL connection strings dbtls reads. */
export const POSTGRES_SYNTAXES = ['uri', 'keyword', 'jdbc'] as const;
/** One of {@link POSTGRES_SYNTAXES}. */
export type PostgresSyntax = (typeof POSTGRES_SYNTAXES)[number];

/**
 * A PostgreSQL connection string split into its parts, before any client's
 * rules are applied. `params` holds every parameter once (a repeated one:
 * the last value wins, as in libpq), in first-appearance order.
 */
export interface PostgresStringParts {
  syntax: PostgresSyntax;
  scheme?: string;
  hosts: { host: string; port?: string }[];
  user?: string;
  password?: string;
  database?: string;
  params: Map<string, string>;
  /** Parameter names given more than once. */
  repeated: string[];
  /** Every value of each repeated parameter, in order. */
  history?: Map<string, string[]>;
}

/** Every connection keyword of libpq (PostgreSQL 18). Anything else libpq rejects. */
export const LIBPQ_KEYWORDS = [
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding', 'connect_timeout',
  'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication', 'gssencmode', 'sslmode', 'sslnegotiation',
  'sslcompression', 'sslcert', 'sslkey', 'sslkeylogfile', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir',
  'sslsni', 'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'min_protocol_version', 'max_protocol_version',
  'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts', 'oauth_issuer',
  'oauth_client_id', 'oauth_client_secret', 'oauth_scope', 'scram_client_key', 'scram_server_key', 'requiressl',
] as const;
const KEYWORDS = new Set<string>(LIBPQ_KEYWORDS);

const shown = (input: string) => redactUrl(input.length > 80 ? `${input.slice(0, 80)}…` : input).replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');

function decode(text: string, what: string, input: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DbtlsError('invalid-url', `The ${what} of "${shown(input)}" has a malformed percent-encoding ("%" must be followed by two hex digits; write "%25" for a literal "%").`);
  }
}

function addParam(parts: PostgresStringParts, key: string, value: string): void {
  if (parts.params.has(key)) {
    if (!parts.repeated.includes(key)) parts.repeated.push(key);
    parts.history ??= new Map();
    parts.history.set(key, [...(parts.history.get(key) ?? [parts.params.get(key)!]), value]);
    parts.params.delete(key);
  }
  parts.params.set(key, value);
}

function splitHosts(spec: string, input: string): { host: string; port?: string }[] {
  if (spec === '') return [];
  return spec.split(',').map((one) => {
    const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(.*))?$/.exec(one);
    // The host is not quoted when the URL has another "@" after its authority: it is then a piece of an unencoded password.
    const spill = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@[^/?#]*[/?#].*@/is.test(input);
    if (!m) throw new DbtlsError('invalid-url', spill ? `"${shown(input)}" is not a valid URL: the host is malformed, and the URL has an "@" after it (percent-encode a password holding "@", "/", "?" or "#").` : `"${shown(input)}" is not a valid URL: the host "${one.replace(/^.*@/, '')}" is malformed (an IPv6 address goes in brackets: [::1]:5432).`);
    const host = decode(m[1]!.replace(/^\[(.*)\]$/, '$1'), 'host', input);
    return { host, ...(m[2] !== undefined && m[2] !== '' ? { port: decode(m[2], 'port', input) } : {}) };
  });
}

/**
 * Splits a libpq URI (`postgresql://user:pw@h1:5432,h2/db?sslmode=require`)
 * or a pgjdbc URL (`jdbc:postgresql://h/db?ssl=true`). The query is read
 * with libpq's rules: percent-decoding, `+` is a plus, the last of a
 * repeated parameter wins.
 *
 * @example
 * ```ts
 * splitPostgresUri('postgresql://a:b@h1,h2:6543/db?sslmode=require').hosts; // [{ host: 'h1' }, { host: 'h2', port: '6543' }]
 * ```
 */
export function splitPostgresUri(input: string): PostgresStringParts | undefined {
  const m = /^(jdbc:)?([a-z][a-z0-9+.-]*):(\/\/)?(.*)$/is.exec(input);
  if (!m) return undefined;
  const syntax: PostgresSyntax = m[1] ? 'jdbc' : 'uri';
  if (!m[3] && syntax === 'uri') throw new DbtlsError('invalid-url', `"${shown(input)}" is not a valid URL: expected ${m[2]}://host/database.`);
  const parts: PostgresStringParts = { syntax, scheme: m[2]!.toLowerCase(), hosts: [], params: new Map(), repeated: [] };
  let rest = m[4]!;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  rest = q >= 0 ? rest.slice(0, q) : rest;
  if (m[3]) {
    const slash = rest.indexOf('/');
    const authority = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = slash >= 0 ? rest.slice(slash + 1) : '';
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
    const hostspec = at >= 0 ? authority.slice(at + 1) : authority;
    if (userinfo !== undefined) {
      const colon = userinfo.indexOf(':');
      const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
      if (user) parts.user = decode(user, 'user name', input);
      if (colon >= 0) parts.password = decode(userinfo.slice(colon + 1), 'password', input);
    }
    parts.hosts = splitHosts(hostspec, input);
    if (path) parts.database = decode(path, 'database name', input);
  } else if (rest) {
    // jdbc:postgresql:database (no authority)
    const database = decode(rest.replace(/^\//, ''), 'database name', input);
    if (database) parts.database = database;
  }
  if (query) {
    for (const pair of query.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0 && syntax === 'uri') throw new DbtlsError('invalid-url', `The parameter "${decode(pair, 'query', input)}" of "${shown(input)}" has no "=" and no value (libpq rejects it).`);
      const key = decode(eq >= 0 ? pair.slice(0, eq) : pair, 'query', input);
      addParam(parts, key, eq >= 0 ? decode(pair.slice(eq + 1), `value of ${key}`, input) : '');
    }
  }
  return parts;
}

/**
 * Splits libpq's keyword/value form (`host=db port=5432 sslmode='verify-full'`):
 * values may be single-quoted with `\'` and `\\` escapes, spaces around `=`
 * are allowed. Returns undefined when the text is not in that form; throws
 * `DbtlsError('invalid-url')` for one libpq would reject (an unknown
 * keyword, a missing `=`, an unterminated quote).
 *
 * @example
 * ```ts
 * splitKeywordValue("host=db sslmode=require application_name='my app'")?.params.get('application_name'); // 'my app'
 * ```
 */
export function splitKeywordValue(input: string): PostgresStringParts | undefined {
  const first = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(input);
  // A ';' outside quotes means another syntax (ADO.NET Server=…;Database=…).
  if (!first || !KEYWORDS.has(first[1]!) || input.replace(/'(?:[^'\\]|\\.)*'/g, "''").includes(';')) return undefined;
  const parts: PostgresStringParts = { syntax: 'keyword', hosts: [], params: new Map(), repeated: [] };
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && /\s/.test(input[i]!)) i++;
    if (i >= n) break;
    let key = '';
    while (i < n && !/[\s=]/.test(input[i]!)) key += input[i++];
    while (i < n && /\s/.test(input[i]!)) i++;
    if (input[i] !== '=') throw new DbtlsError('invalid-url', `The keyword "${key}" in "${shown(input)}" is not followed by "=" (libpq: missing "=" after "${key}").`);
    i++;
    while (i < n && /\s/.test(input[i]!)) i++;
    let value = '';
    if (input[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const c = input[i]!;
        if (c === '\\' && i + 1 < n) {
          value += input[i + 1];
          i += 2;
        } else if (c === "'") {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new DbtlsError('invalid-url', `The value of "${key}" in "${shown(input)}" has an unterminated quoted string.`);
    } else {
      while (i < n && !/\s/.test(input[i]!)) {
        if (input[i] === '\\' && i + 1 < n) {
          value += input[i + 1];
          i += 2;
        } else value += input[i++];
      }
    }
    if (!KEYWORDS.has(key)) throw new DbtlsError('invalid-url', `"${key}" is not a libpq connection keyword (libpq: invalid connection option "${key}"), in "${shown(input)}".`);
    addParam(parts, key, value);
  }
  const host = parts.params.get('host');
  const port = parts.params.get('port');
  if (host !== undefined) {
    const ports = port !== undefined ? port.split(',') : [];
    parts.hosts = host.split(',').map((h, index) => ({ host: h, ...(ports[ports.length === 1 ? 0 : index] ? { port: ports[ports.length === 1 ? 0 : index]! } : {}) }));
  }
  if (parts.params.has('user')) parts.user = parts.params.get('user')!;
  if (parts.params.has('password')) parts.password = parts.params.get('password')!;
  if (parts.params.has('dbname')) parts.database = parts.params.get('dbname')!;
  for (const k of ['host', 'port', 'user', 'password', 'dbname']) parts.params.delete(k);
  return parts;
}
