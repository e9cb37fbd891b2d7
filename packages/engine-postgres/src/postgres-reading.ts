import { join } from 'node:path';
import {
  DbtlsError,
  fromDefault,
  fromParameter,
  implied,
  ownValue,
  parseTlsVersion,
  redactUrl,
  type ConnectionReading,
  type ReadContext,
  type ReadingClient,
  type ReadingField,
  type ReadingWarning,
  type SslMode,
  type TlsVersion,
} from '@dbtls/core';
import { LIBPQ_KEYWORDS, splitKeywordValue, splitPostgresUri, type PostgresStringParts } from './postgres-syntax.js';

/** The clients whose PostgreSQL connection-string rules dbtls knows. */
export const POSTGRES_CLIENTS = ['libpq', 'pgx', 'node-postgres', 'pgjdbc', 'prisma'] as const;
/** One of {@link POSTGRES_CLIENTS}. */
export type PostgresClient = (typeof POSTGRES_CLIENTS)[number];

/** What a member of the PostgreSQL family tells the reader. */
export interface PostgresFamilyInfo {
  engine: string;
  displayName: string;
  schemes: readonly string[];
  defaultPort: number;
  /** Whether this engine claims schemeless libpq keyword/value strings and `jdbc:postgresql:` URLs. */
  claimsGenericSyntax: boolean;
}

const CLIENT_NAMES: Record<PostgresClient, string> = {
  libpq: 'libpq (PostgreSQL 18)',
  pgx: 'pgx v5 (Go; libpq rules)',
  'node-postgres': 'node-postgres (pg 8 / pg-connection-string 2)',
  pgjdbc: 'pgjdbc 42.7 (PostgreSQL JDBC)',
  prisma: 'Prisma ORM (PostgreSQL connector)',
};

const PRISMA_MARKERS = ['sslaccept', 'sslidentity', 'schema', 'connection_limit', 'pool_timeout', 'socket_timeout', 'pgbouncer', 'statement_cache_size'];
const NODE_POSTGRES_MARKERS = ['uselibpqcompat', 'ssl'];
const PGX_MARKERS = ['pool_max_conns', 'pool_min_conns', 'pool_max_conn_lifetime', 'pool_max_conn_idle_time', 'pool_health_check_period', 'pool_max_conn_lifetime_jitter', 'statement_cache_capacity', 'description_cache_capacity', 'default_query_exec_mode'];
const LIBPQ_MODES: Record<string, SslMode> = { disable: 'disabled', allow: 'preferred', prefer: 'preferred', require: 'required', 'verify-ca': 'verify-ca', 'verify-full': 'verify-identity' };
const KEYWORDS = new Set<string>(LIBPQ_KEYWORDS);
/** Parameters the reader consumes; everything else is carried in `options`. */
const TLS_PARAMS = new Set([
  'sslmode', 'ssl-mode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'sslcrl', 'sslcrldir', 'sslsni', 'sslnegotiation', 'sslcompression',
  'ssl_min_protocol_version', 'ssl_max_protocol_version', 'sslcertmode', 'sslkeylogfile', 'ssl', 'uselibpqcompat', 'sslaccept', 'sslidentity',
  'sslfactory', 'sslfactoryarg', 'sslhostnameverifier', 'sslpasswordcallback', 'sslNegotiation', 'sslResponseTimeout', 'sslrootcert',
  'gssencmode', 'channel_binding', 'service', 'hostaddr', 'requiressl',
]);

/**
 * True when a URL has a userinfo and another "@" after its authority ends
 * (`postgres://u:p@ss:w/rd#?@host/db`): its password held an unencoded "@",
 * "/", "?" or "#", so the host and port libpq reads out of it are pieces of the
 * password, which a message must not quote.
 */
export function passwordSpillsIntoHost(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@[^/?#]*[/?#].*@/is.test(input);
}

const SPILL_HINT = 'the URL has an "@" after its host, so its password probably holds an unencoded "@", "/", "?" or "#" and the host and port were read out of the password (percent-encode the password: encodeURIComponent)';

function shown(input: string): string {
  return redactUrl(input.length > 100 ? `${input.slice(0, 100)}…` : input).replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}

function detectClient(parts: PostgresStringParts): { client: PostgresClient; reason: string } {
  if (parts.syntax === 'jdbc') return { client: 'pgjdbc', reason: 'the jdbc:postgresql: prefix' };
  if (parts.syntax === 'keyword') return { client: 'libpq', reason: 'the keyword/value form (host=… sslmode=…), which is libpq\'s' };
  const has = (names: string[]) => names.find((n) => parts.params.has(n));
  const prisma = has(PRISMA_MARKERS);
  if (prisma) return { client: 'prisma', reason: `the Prisma parameter "${prisma}"` };
  const pg = has(NODE_POSTGRES_MARKERS) ?? (parts.params.get('sslmode') === 'no-verify' ? 'sslmode=no-verify' : undefined);
  if (pg) return { client: 'node-postgres', reason: `the node-postgres parameter "${pg}"` };
  const pgx = has(PGX_MARKERS);
  if (pgx) return { client: 'pgx', reason: `the pgx parameter "${pgx}"` };
  return { client: 'libpq', reason: `a ${parts.scheme}:// URI without another client's parameters: the URI syntax is libpq's` };
}

/**
 * Reads a PostgreSQL connection string (libpq URI or keyword/value form,
 * node-postgres, pgx, pgjdbc or Prisma URL) with the rules of the client
 * whose syntax it is. Returns undefined for a string of another engine.
 *
 * @example
 * ```ts
 * const reading = readPostgresConnectionString('host=db sslmode=require sslrootcert=/etc/ca.pem', context, family);
 * reading?.mode.value; // 'verify-ca'
 * ```
 */
export function readPostgresConnectionString(input: string, context: ReadContext, family: PostgresFamilyInfo): ConnectionReading | undefined {
  const text = input.trim();
  const scheme = /^(jdbc:)?([a-z][a-z0-9+.-]*):/i.exec(text);
  let parts: PostgresStringParts | undefined;
  if (scheme) {
    const name = scheme[2]!.toLowerCase();
    if (scheme[1] ? !(family.claimsGenericSyntax && name === 'postgresql') : !family.schemes.includes(name)) return undefined;
    parts = splitPostgresUri(text);
  } else if (family.claimsGenericSyntax) {
    parts = splitKeywordValue(text);
  }
  if (!parts) return undefined;
  return new Reader(text, parts, context, family).read();
}

class Reader {
  private readonly warnings: ReadingWarning[] = [];
  private readonly used = new Set<string>();
  private readonly client: PostgresClient;
  private readonly clientInfo: ReadingClient;
  private readonly reading: ConnectionReading;

  constructor(
    private readonly input: string,
    private readonly parts: PostgresStringParts,
    private readonly context: ReadContext,
    private readonly family: PostgresFamilyInfo,
  ) {
    const { client, reason } = detectClient(parts);
    this.client = client;
    const syntax = parts.syntax === 'jdbc' ? 'JDBC URL' : parts.syntax === 'keyword' ? 'keyword/value' : 'URI';
    this.clientInfo = { id: client, name: CLIENT_NAMES[client], syntax, reason };
    this.reading = { engine: family.engine, client: this.clientInfo, hosts: [], mode: fromDefault('preferred', ''), options: {}, warnings: this.warnings, secrets: [] };
  }

  private fail(message: string): never {
    throw new DbtlsError('invalid-url', `${message} (in "${shown(this.input)}", read with ${CLIENT_NAMES[this.client]} rules).`);
  }

  private warn(message: string, parameter?: string): void {
    this.warnings.push({ message, ...(parameter ? { parameter } : {}) });
  }

  /** The value of a parameter, marking it as read. */
  private get(name: string): string | undefined {
    const value = this.parts.params.get(name);
    if (value !== undefined) this.used.add(name);
    return value;
  }

  /** pgjdbc property names are case-sensitive but some have two spellings. */
  private getAny(...names: string[]): { name: string; value: string } | undefined {
    for (const name of names) {
      const value = this.get(name);
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }

  read(): ConnectionReading {
    const r = this.reading;
    for (const name of this.parts.repeated) {
      // libpq's rule is "the last value wins", which lets `&sslmode=verify-full` appended to a URL enforce
      // verify-full. A later value that is weaker than an earlier one is refused instead: a string that
      // names verify-full somewhere is never read as something weaker.
      if (name.toLowerCase() === 'sslmode') {
        const values = this.parts.history?.get(name) ?? [];
        const rank = (v: string) => ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].indexOf(v.toLowerCase());
        const strongest = values.reduce((a, v) => (rank(v) > rank(a) ? v : a), values[0] ?? '');
        const last = values[values.length - 1] ?? '';
        if (rank(last) < rank(strongest)) this.fail(`sslmode is given more than once and the last value (${last}) is weaker than an earlier one (${strongest}); dbtls refuses to weaken a mode the string names. Keep one sslmode`);
      }
      this.warn(`"${name}" is given more than once; the last value is used, as ${this.client === 'pgjdbc' ? 'pgjdbc' : 'libpq'} does.`, name);
    }
    this.readEndpoint();
    switch (this.client) {
      case 'node-postgres':
        this.readNodePostgres();
        break;
      case 'pgjdbc':
        this.readPgjdbc();
        break;
      case 'prisma':
        this.readPrisma();
        break;
      default:
        this.readLibpq();
    }
    this.readCommon();
    this.checkPlainTextAlternatives();
    for (const [key, value] of this.parts.params) {
      if (this.used.has(key)) continue;
      if (TLS_PARAMS.has(key) || /^ssl/i.test(key)) {
        this.warn(`"${key}" is not a TLS parameter ${CLIENT_NAMES[this.client]} knows; it is ignored.`, key);
        continue;
      }
      if (this.parts.syntax === 'uri' && this.client === 'libpq' && !KEYWORDS.has(key)) {
        this.warn(`"${key}" is not a libpq keyword (libpq itself would reject the URI); carried through as is.`, key);
      }
      // defineProperty: a key such as __proto__ is kept as a plain option, never touches the prototype.
      Object.defineProperty(r.options, key, { value, enumerable: true, writable: true, configurable: true });
    }
    if (r.password !== undefined && r.password !== '') r.secrets.push(r.password);
    if (r.passphrase) r.secrets.push(r.passphrase.value);
    return r;
  }

  private readEndpoint(): void {
    const r = this.reading;
    const p = this.parts;
    // libpq URIs accept host, port, user, password and dbname as query parameters too; they win.
    const queryHost = p.syntax === 'uri' ? this.get('host') : undefined;
    const queryPort = p.syntax === 'uri' ? this.get('port') : undefined;
    let hosts = p.hosts;
    if (queryHost !== undefined) hosts = queryHost.split(',').map((h) => ({ host: h }));
    if (queryPort !== undefined) {
      const ports = queryPort.split(',');
      hosts = (hosts.length ? hosts : [{ host: '' }]).map((h, i) => ({ host: h.host, port: ports[ports.length === 1 ? 0 : i] ?? '' }));
    }
    const user = p.syntax !== 'keyword' ? this.get('user') : undefined;
    const password = p.syntax !== 'keyword' ? this.get('password') : undefined;
    const dbname = p.syntax === 'uri' ? this.get('dbname') : undefined;
    if (user ?? p.user) r.user = (user ?? p.user)!;
    if ((password ?? p.password) !== undefined) r.password = (password ?? p.password)!;
    if (dbname ?? p.database) r.database = (dbname ?? p.database)!;
    if (this.client === 'pgjdbc' && hosts.length === 0) hosts = [{ host: 'localhost' }];
    if (hosts.length === 0 || hosts.every((h) => h.host === '')) {
      this.fail('No host is named, so libpq would connect over a Unix-domain socket, where TLS does not apply; name a TCP host');
    }
    const hostaddr = this.get('hostaddr');
    const addrs = hostaddr?.split(',');
    r.hosts = hosts.map((h, i) => {
      const spill = passwordSpillsIntoHost(this.input);
      if (h.host.startsWith('/') || h.host.startsWith('@')) this.fail(spill ? `The host is a Unix-domain socket path: ${SPILL_HINT}` : `The host "${h.host}" is a Unix-domain socket, where TLS does not apply`);
      const port = h.port ? Number(h.port) : this.family.defaultPort;
      if (!Number.isInteger(port) || port < 1 || port > 65535) this.fail(spill ? `The port is not a TCP port number: ${SPILL_HINT}` : `The port "${h.port}" is not a TCP port number`);
      return { host: addrs?.[i] || h.host, port };
    });
    if (addrs && hosts[0]?.host && addrs[0] && addrs[0] !== hosts[0].host) {
      r.servername = fromParameter(hosts[0].host, 'host', hosts[0].host, 'hostaddr is the address connected to; host is the name the certificate is verified against');
    }
    if (r.hosts.length > 1) {
      this.warn(`${r.hosts.length} hosts are listed; dbtls connects to the first (${r.hosts[0]!.host}:${r.hosts[0]!.port}) only. Translations keep the list.`, 'host');
    }
  }

  private mode(value: string, parameter: string): SslMode {
    const mode = ownValue(LIBPQ_MODES, this.client === 'pgjdbc' ? value.toLowerCase() : value);
    if (!mode) {
      const valid = this.client === 'prisma' ? 'prefer, disable, require' : 'disable, allow, prefer, require, verify-ca, verify-full';
      this.fail(`${parameter}="${value}" is not a valid sslmode (${valid})`);
    }
    if (value.toLowerCase() === 'allow') {
      this.warn(`${parameter}=allow (plain text first, TLS only when the server insists) is read as preferred: dbtls tries TLS first, which is stronger.`, parameter);
    }
    return mode;
  }

  private versions(): void {
    const r = this.reading;
    for (const [param, key] of [['ssl_min_protocol_version', 'minTlsVersion'], ['ssl_max_protocol_version', 'maxTlsVersion']] as const) {
      const raw = this.get(param);
      if (raw === undefined || raw === '') continue;
      if (!/^tlsv1(\.[123])?$/i.test(raw)) this.fail(`${param}="${raw}" is not a TLS version (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)`);
      r[key] = fromParameter(parseTlsVersion(raw), param, raw);
    }
    if (!r.minTlsVersion && (this.client === 'libpq' || this.client === 'pgx')) {
      r.minTlsVersion = fromDefault<TlsVersion>('TLSv1.2', `${this.client} default ssl_min_protocol_version`);
    }
    if (r.minTlsVersion && r.maxTlsVersion && r.minTlsVersion.value > r.maxTlsVersion.value) {
      this.fail(`ssl_min_protocol_version=${r.minTlsVersion.value} is above ssl_max_protocol_version=${r.maxTlsVersion.value} (libpq: invalid SSL protocol version range)`);
    }
  }

  private file<K extends 'caFile' | 'certFile' | 'keyFile' | 'crlFile' | 'crlDir'>(key: K, param: string): string | undefined {
    const value = this.get(param);
    if (value === undefined || value === '') return undefined;
    this.reading[key] = fromParameter(value, param, value) as ConnectionReading[K];
    return value;
  }

  private defaultFile(name: string): string | undefined {
    if (!this.context.homeDir) return undefined;
    const path = join(this.context.homeDir, '.postgresql', name);
    return this.context.fileExists(path) ? path : undefined;
  }

  /** libpq's rules, shared by pgx. */
  private readLibpq(): void {
    const r = this.reading;
    const client = this.client;
    const sslmode = this.getAny('sslmode', 'ssl-mode');
    const rootcert = this.get('sslrootcert');
    let mode: ReadingField<SslMode> = sslmode ? fromParameter(this.mode(sslmode.value, sslmode.name), sslmode.name, sslmode.value) : fromDefault<SslMode>('preferred', `${client} default sslmode=prefer`);
    if (this.get('requiressl') === '1' && !sslmode) mode = fromParameter<SslMode>('required', 'requiressl', '1', 'deprecated libpq spelling of sslmode=require');

    if (rootcert === 'system') {
      r.systemCa = fromParameter(true, 'sslrootcert', 'system', "the SSL library's (here: Node's) trusted roots");
      if (!sslmode) mode = implied<SslMode>('verify-identity', 'sslrootcert', 'sslrootcert=system makes verify-full the default');
      else if (mode.value !== 'verify-identity') this.fail(`sslmode=${sslmode.value} may not be used with sslrootcert=system (libpq: use "verify-full")`);
    } else if (rootcert) {
      const exists = this.context.fileExists(rootcert);
      if (exists || mode.value === 'verify-ca' || mode.value === 'verify-identity') {
        r.caFile = fromParameter(rootcert, 'sslrootcert', rootcert);
        if (mode.value === 'required') mode = implied<SslMode>('verify-ca', 'sslrootcert', `${client}: with sslmode=require, a root certificate file makes it verify the chain as verify-ca does`);
        if (mode.value === 'preferred' && exists) {
          this.warn(`With sslmode=prefer and a root certificate file, ${client} checks the chain but falls back to plain text when the check fails; dbtls reads it as preferred (TLS without chain check, plain text only when the server has no TLS). Use verify-ca to keep the check.`, 'sslrootcert');
        }
      } else {
        this.warn(`sslrootcert=${rootcert} does not exist; with sslmode=${sslmode?.value ?? 'prefer'} ${client} then does not verify the chain, and neither does dbtls.`, 'sslrootcert');
      }
    } else if (client === 'libpq') {
      const home = this.defaultFile('root.crt');
      if (home && mode.value !== 'disabled') {
        r.caFile = fromDefault(home, 'libpq default sslrootcert (~/.postgresql/root.crt exists)');
        if (mode.value === 'required') mode = implied<SslMode>('verify-ca', 'sslrootcert', 'libpq: ~/.postgresql/root.crt exists, so sslmode=require verifies the chain as verify-ca does');
      } else if (mode.value === 'verify-ca' || mode.value === 'verify-identity') {
        this.warn(`libpq refuses sslmode=${sslmode?.value} without a root certificate file (~/.postgresql/root.crt is absent); dbtls checks the chain against Node's trust store instead, which libpq spells sslrootcert=system.`, 'sslrootcert');
      }
    }
    r.mode = mode;

    const certmode = this.get('sslcertmode');
    if (certmode !== undefined && !['allow', 'disable', 'require'].includes(certmode)) this.fail(`sslcertmode="${certmode}" is not valid (allow, disable, require)`);
    if (certmode === 'require') {
      this.fail('sslcertmode=require (fail unless the server asks for the client certificate) cannot be honoured: Node does not tell whether the server requested a certificate');
    }
    if (certmode !== 'disable') {
      const cert = this.file('certFile', 'sslcert');
      const key = this.file('keyFile', 'sslkey');
      if (client === 'libpq' && !cert && !key) {
        const homeCert = this.defaultFile('postgresql.crt');
        const homeKey = this.defaultFile('postgresql.key');
        if (homeCert && homeKey && mode.value !== 'disabled') {
          r.certFile = fromDefault(homeCert, 'libpq default sslcert (~/.postgresql/postgresql.crt exists)');
          r.keyFile = fromDefault(homeKey, 'libpq default sslkey (~/.postgresql/postgresql.key exists)');
        }
      }
    } else {
      for (const p of ['sslcert', 'sslkey']) if (this.get(p)) this.warn(`sslcertmode=disable: ${p} is not sent, as libpq does.`, p);
    }
    this.file('crlFile', 'sslcrl');
    this.file('crlDir', 'sslcrldir');
    this.versions();
    const sni = this.get('sslsni');
    if (sni !== undefined && sni !== '') {
      if (sni !== '0' && sni !== '1') this.fail(`sslsni="${sni}" is not valid (0 or 1)`);
      r.sni = fromParameter(sni === '1', 'sslsni', sni);
    }
    const negotiation = this.get('sslnegotiation');
    if (negotiation !== undefined && negotiation !== '') {
      if (negotiation !== 'postgres' && negotiation !== 'direct') this.fail(`sslnegotiation="${negotiation}" is not valid (postgres, direct)`);
      if (negotiation === 'direct') {
        if (!['required', 'verify-ca', 'verify-identity'].includes(mode.value) || sslmode?.value === 'allow' || sslmode?.value === 'prefer' || (!sslmode && rootcert !== 'system')) {
          this.fail(`sslnegotiation=direct may not be used with sslmode=${sslmode?.value ?? 'prefer'}: a server without direct TLS would let it fall back to plain-text authentication (libpq: use "require", "verify-ca" or "verify-full")`);
        }
        r.directTls = fromParameter(true, 'sslnegotiation', 'direct', 'TLS handshake right after TCP connect, with ALPN "postgresql" (PostgreSQL 17+)');
      }
    }
    const compression = this.get('sslcompression');
    if (compression !== undefined) this.warn('sslcompression is ignored: libpq no longer compresses TLS (PostgreSQL 14+) and neither does Node.', 'sslcompression');
    if (this.get('sslkeylogfile') !== undefined) this.warn('sslkeylogfile is not honoured: dbtls never writes TLS session keys to a file.', 'sslkeylogfile');
    const gss = this.get('gssencmode');
    if (gss === 'require') this.fail('gssencmode=require asks for GSSAPI encryption, which dbtls does not implement; use sslmode instead');
    if (gss !== undefined && gss !== 'disable' && gss !== 'prefer') this.fail(`gssencmode="${gss}" is not valid (disable, prefer, require)`);
    if (gss === 'prefer') this.warn('gssencmode=prefer: dbtls does not use GSSAPI encryption; TLS is negotiated as sslmode says.', 'gssencmode');
    const binding = this.get('channel_binding');
    if (binding !== undefined && !['disable', 'prefer', 'require'].includes(binding)) this.fail(`channel_binding="${binding}" is not valid (disable, prefer, require)`);
    if (binding === 'require') {
      this.fail('channel_binding=require (SCRAM bound to the TLS channel) is not honoured by dbtls; remove it and use sslmode=verify-full, which stops the same man-in-the-middle');
    }
    if (this.get('service') !== undefined) this.fail('service= reads settings (TLS ones included) from pg_service.conf, which dbtls does not read; write the parameters into the string');
  }

  private readNodePostgres(): void {
    const r = this.reading;
    const compat = this.get('uselibpqcompat') === 'true';
    const sslmode = this.get('sslmode');
    const ssl = this.get('ssl');
    const rootcert = this.file('caFile', 'sslrootcert');
    this.file('certFile', 'sslcert');
    this.file('keyFile', 'sslkey');
    const fileGiven = Boolean(rootcert || r.certFile || r.keyFile);
    const note = 'node-postgres';
    let mode: ReadingField<SslMode> = fromDefault<SslMode>('disabled', 'node-postgres default: no ssl option means plain text');
    if (ssl !== undefined) {
      if (ssl === '0') mode = fromParameter<SslMode>('disabled', 'ssl', ssl);
      else {
        mode = fromParameter<SslMode>('verify-identity', 'ssl', ssl, 'node-postgres: ssl=true is Node\'s default TLS, which verifies chain and name');
        if (ssl !== 'true' && ssl !== '1') this.warn(`ssl=${ssl}: node-postgres treats any value but 0 as "on" (Node's defaults, chain and name verified).`, 'ssl');
      }
    }
    if (fileGiven) mode = implied<SslMode>('verify-identity', rootcert ? 'sslrootcert' : 'sslcert', 'node-postgres: a TLS file turns ssl on with Node\'s defaults (chain and name verified)');
    if (this.get('sslnegotiation') === 'direct' && ssl === undefined && !sslmode && !fileGiven) mode = implied<SslMode>('verify-identity', 'sslnegotiation', 'node-postgres: sslnegotiation=direct turns ssl on');
    if (sslmode !== undefined) {
      if (compat) {
        if (sslmode === 'disable') mode = fromParameter<SslMode>('disabled', 'sslmode', sslmode);
        else if (sslmode === 'prefer') mode = fromParameter<SslMode>('required', 'sslmode', sslmode, 'node-postgres has no plain-text fallback: prefer fails on a server without TLS, as required does');
        else if (sslmode === 'require') mode = rootcert ? implied<SslMode>('verify-ca', 'sslrootcert', 'uselibpqcompat: require with sslrootcert checks the chain as verify-ca does') : fromParameter<SslMode>('required', 'sslmode', sslmode);
        else if (sslmode === 'verify-ca') {
          if (!rootcert) this.fail('uselibpqcompat=true with sslmode=verify-ca needs sslrootcert (node-postgres refuses it: a public CA would let anyone registered with it impersonate the server)');
          mode = fromParameter<SslMode>('verify-ca', 'sslmode', sslmode);
        } else if (sslmode === 'verify-full') mode = fromParameter<SslMode>('verify-identity', 'sslmode', sslmode);
        else this.fail(`sslmode="${sslmode}" is not valid with uselibpqcompat=true (disable, prefer, require, verify-ca, verify-full)`);
      } else if (sslmode === 'disable') mode = fromParameter<SslMode>('disabled', 'sslmode', sslmode);
      else if (sslmode === 'no-verify') mode = fromParameter<SslMode>('required', 'sslmode', sslmode, 'node-postgres: encrypt without checking the certificate');
      else if (['prefer', 'require', 'verify-ca', 'verify-full'].includes(sslmode)) {
        mode = fromParameter<SslMode>('verify-identity', 'sslmode', sslmode, sslmode === 'verify-full' ? undefined : `node-postgres (without uselibpqcompat) reads sslmode=${sslmode} as verify-full`);
        if (sslmode !== 'verify-full') this.warn(`node-postgres reads sslmode=${sslmode} as verify-full unless uselibpqcompat=true; dbtls follows it (libpq would ${sslmode === 'prefer' ? 'fall back to plain text' : 'not check the name'}).`, 'sslmode');
      } else this.warn(`sslmode="${sslmode}" is not a node-postgres value; it is ignored, as node-postgres does.`, 'sslmode');
    }
    if (this.get('sslpassword') !== undefined) this.warn('sslpassword is not read by node-postgres from a URL; dbtls uses it for the client key.', 'sslpassword');
    r.mode = mode;
    void note;
    this.sharedExtras();
  }

  private readPgjdbc(): void {
    const r = this.reading;
    const sslmode = this.getAny('sslmode', 'sslMode');
    const ssl = this.get('ssl');
    let mode: ReadingField<SslMode> = sslmode
      ? fromParameter(this.mode(sslmode.value, sslmode.name), sslmode.name, sslmode.value)
      : ssl !== undefined && (ssl === '' || ssl.toLowerCase() === 'true')
        ? fromParameter<SslMode>('verify-identity', 'ssl', ssl, 'pgjdbc: ssl=true without sslmode is verify-full')
        : fromDefault<SslMode>('preferred', 'pgjdbc default sslmode=prefer');
    const rootcert = this.file('caFile', 'sslrootcert');
    this.file('certFile', 'sslcert');
    this.file('keyFile', 'sslkey');
    for (const [k, p] of [['certFile', 'sslcert'], ['keyFile', 'sslkey']] as const) {
      const path = r[k]?.value;
      if (path && /\.(pk8|der|p12|pfx)$/i.test(path)) this.warn(`${p}=${path}: pgjdbc reads DER/PKCS-8/PKCS-12 files, Node needs PEM; convert it (openssl pkcs8 / openssl pkcs12) before using it with dbtls.`, p);
    }
    const factory = this.get('sslfactory');
    if (factory) {
      const short = factory.replace(/^org\.postgresql\.ssl\./, '');
      if (short === 'NonValidatingFactory') {
        if (mode.value === 'verify-ca' || mode.value === 'verify-identity') {
          mode = implied<SslMode>('required', 'sslfactory', 'pgjdbc: NonValidatingFactory trusts every certificate; a name check without a chain check proves nothing');
          this.warn('sslfactory=NonValidatingFactory switches certificate validation off: read as required (encrypted, not verified).', 'sslfactory');
        }
      } else if (short === 'DefaultJavaSSLFactory') {
        r.systemCa = fromParameter(true, 'sslfactory', factory, "Java's default trust store; dbtls uses Node's");
        if (rootcert) this.warn('sslrootcert is not read by DefaultJavaSSLFactory; dbtls uses it anyway (stricter than the system store).', 'sslrootcert');
      } else if (short !== 'LibPQFactory') {
        this.fail(`sslfactory=${factory} is custom code whose checks dbtls cannot know; use sslmode with sslrootcert instead`);
      }
    }
    const verifier = this.get('sslhostnameverifier');
    if (verifier) this.fail(`sslhostnameverifier=${verifier} is custom code whose checks dbtls cannot know; remove it (verify-full checks the name)`);
    if (this.get('sslpasswordcallback')) this.warn('sslpasswordcallback is Java code; give the key passphrase with --passphrase-env.', 'sslpasswordcallback');
    if (mode.value === 'required' && rootcert) this.warn('pgjdbc does not check the chain in sslmode=require even with sslrootcert (unlike libpq); dbtls keeps required.', 'sslrootcert');
    r.mode = mode;
    const negotiation = this.getAny('sslNegotiation', 'sslnegotiation');
    if (negotiation && negotiation.value.toLowerCase() === 'direct') {
      if (!['required', 'verify-ca', 'verify-identity'].includes(mode.value)) this.fail(`sslNegotiation=direct may not be used with sslmode=${sslmode?.value ?? 'prefer'} (use require, verify-ca or verify-full)`);
      r.directTls = fromParameter(true, negotiation.name, negotiation.value);
    } else if (negotiation && negotiation.value.toLowerCase() !== 'postgres') this.fail(`${negotiation.name}="${negotiation.value}" is not valid (postgres, direct)`);
    this.get('sslResponseTimeout');
    this.sharedExtras();
  }

  private readPrisma(): void {
    const r = this.reading;
    const sslmode = this.get('sslmode');
    const accept = this.get('sslaccept');
    if (accept !== undefined && accept !== 'strict' && accept !== 'accept_invalid_certs') this.fail(`sslaccept="${accept}" is not valid (strict, accept_invalid_certs)`);
    let mode: ReadingField<SslMode> = fromDefault<SslMode>('preferred', 'Prisma default sslmode=prefer');
    if (sslmode !== undefined) {
      if (sslmode === 'verify-ca' || sslmode === 'verify-full') {
        this.warn(`sslmode=${sslmode} is not a Prisma value (prefer, disable, require); read with its libpq meaning.`, 'sslmode');
        mode = fromParameter(ownValue(LIBPQ_MODES, sslmode)!, 'sslmode', sslmode);
      } else if (sslmode === 'prefer' || sslmode === 'disable' || sslmode === 'require') mode = fromParameter(ownValue(LIBPQ_MODES, sslmode)!, 'sslmode', sslmode);
      else this.fail(`sslmode="${sslmode}" is not valid for Prisma (prefer, disable, require)`);
    }
    if (accept === 'strict' && (mode.value === 'preferred' || mode.value === 'required')) {
      if (mode.value === 'preferred') this.warn('sslaccept=strict with sslmode=prefer: Prisma verifies the certificate but would fall back to plain text on a server without TLS; dbtls reads it as verify-identity and never falls back.', 'sslaccept');
      mode = implied<SslMode>('verify-identity', 'sslaccept', 'Prisma: sslaccept=strict verifies the chain and the host name');
    }
    r.mode = mode;
    const ca = this.get('sslcert');
    if (ca) r.caFile = fromParameter(ca, 'sslcert', ca, 'Prisma: sslcert is the server (CA) certificate, not a client certificate');
    if (ca && mode.value !== 'verify-ca' && mode.value !== 'verify-identity' && accept !== 'strict') {
      this.warn('sslcert is only used by Prisma with sslaccept=strict; the chain is not checked.', 'sslcert');
    }
    const identity = this.get('sslidentity');
    if (identity) this.warn(`sslidentity=${identity} is a PKCS#12 client identity; dbtls needs PEM files: convert it (openssl pkcs12 -in ${identity} -clcerts -nokeys -out client.crt; openssl pkcs12 -in ${identity} -nocerts -nodes -out client.key) and pass --cert/--key.`, 'sslidentity');
    if ([ca, identity].some((p) => p && !p.startsWith('/'))) this.warn('Prisma resolves relative certificate paths against the schema.prisma folder; dbtls resolves them against the current directory.', 'sslcert');
  }

  /** Parameters node-postgres and pgjdbc do not know but dbtls honours anyway (stricter). */
  private sharedExtras(): void {
    const r = this.reading;
    const pass = this.get('sslpassword');
    if (pass) r.passphrase = fromParameter(pass, 'sslpassword', '***');
    for (const p of ['sslcrl', 'sslcrldir', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'sslsni'] as const) {
      if (this.parts.params.has(p)) this.warn(`${p} is a libpq parameter ${CLIENT_NAMES[this.client]} does not read; dbtls honours it.`, p);
    }
    this.file('crlFile', 'sslcrl');
    this.file('crlDir', 'sslcrldir');
    this.versions();
    const sni = this.get('sslsni');
    if (sni === '0') r.sni = fromParameter(false, 'sslsni', sni);
    if (this.client === 'node-postgres') {
      const negotiation = this.get('sslnegotiation');
      if (negotiation === 'direct') {
        if (r.mode.value === 'disabled') this.fail('sslnegotiation=direct requires SSL to be enabled (node-postgres)');
        r.directTls = fromParameter(true, 'sslnegotiation', negotiation);
      } else if (negotiation !== undefined && negotiation !== 'postgres') this.fail(`sslnegotiation="${negotiation}" is not valid (postgres, direct)`);
    }
  }

  /** Parameters every syntax shares: client key passphrase. */
  private readCommon(): void {
    const r = this.reading;
    if (!r.passphrase) {
      const pass = this.get('sslpassword');
      if (pass) r.passphrase = fromParameter(pass, 'sslpassword', '***');
    }
    if (r.mode.value === 'disabled') {
      for (const key of ['caFile', 'certFile', 'keyFile', 'crlFile', 'crlDir'] as const) {
        if (r[key]?.source.from === 'parameter') this.warn(`TLS is disabled: ${r[key]!.source.parameter} is not used.`, r[key]!.source.parameter);
      }
    }
    if (Boolean(r.certFile) !== Boolean(r.keyFile) && r.mode.value !== 'disabled' && this.client !== 'libpq') {
      this.warn(r.certFile ? 'A client certificate is given without its key (sslkey).' : 'A client key is given without its certificate (sslcert).', r.certFile ? 'sslcert' : 'sslkey');
    }
  }

  private checkPlainTextAlternatives(): void {
    const r = this.reading;
    if (r.directTls && r.mode.value === 'preferred') this.fail('sslnegotiation=direct cannot be combined with a plain-text fallback');
  }
}
