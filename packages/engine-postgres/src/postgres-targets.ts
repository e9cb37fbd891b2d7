import type { ConnectionReading, LostItem, SslMode, TargetOutput, TranslateTarget } from '@dbtls/core';
import { LIBPQ_KEYWORDS } from './postgres-syntax.js';

const FAMILY = ['postgres', 'redshift', 'cockroachdb'] as const;
const LIBPQ_MODE: Record<SslMode, string> = { disabled: 'disable', preferred: 'prefer', required: 'require', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-full' };
const KEYWORDS = new Set<string>(LIBPQ_KEYWORDS);
const VERIFY = (mode: SslMode) => mode === 'verify-ca' || mode === 'verify-identity';

/** Percent-encodes a URI component the way libpq decodes it (RFC 3986 unreserved kept). */
function enc(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hostPart(reading: ConnectionReading): string {
  return reading.hosts.map((h) => `${h.host.includes(':') ? `[${h.host}]` : enc(h.host)}:${h.port}`).join(',');
}

function userInfo(reading: ConnectionReading): string {
  if (reading.user === undefined && reading.password === undefined) return '';
  return `${enc(reading.user ?? '')}${reading.password !== undefined ? `:${enc(reading.password)}` : ''}@`;
}

/** Query values keep `/`, `:`, `,` and `@` readable; everything a query parser could misread is encoded. */
function encQuery(value: string): string {
  return enc(value).replace(/%(2F|3A|2C|40)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function query(params: [string, string][]): string {
  return params.length ? `?${params.map(([k, v]) => `${enc(k)}=${encQuery(v)}`).join('&')}` : '';
}

/** The parameters every target must drop when their client does not know them. */
function carryOptions(reading: ConnectionReading, lost: LostItem[], keep: (key: string) => boolean, target: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(reading.options)) {
    if (keep(k)) out.push([k, v]);
    else lost.push({ parameter: k, what: `not a ${target} parameter; dropped`, weakens: false });
  }
  return out;
}

/** A TLS floor above Node's and most clients' default (TLSv1.2) that a target cannot write. */
function floorLost(reading: ConnectionReading, lost: LostItem[], target: string): void {
  const min = reading.minTlsVersion;
  if (min && min.value === 'TLSv1.3') lost.push({ parameter: 'minTlsVersion', what: `${target} cannot set a TLS floor of TLSv1.3 in its connection string (its default floor is TLSv1.2)`, weakens: true });
  if (reading.maxTlsVersion) lost.push({ parameter: 'maxTlsVersion', what: `${target} cannot cap the TLS version in its connection string`, weakens: false });
}

function libpqParams(reading: ConnectionReading, lost: LostItem[], target: string): { params: [string, string][]; mode: SslMode; hostaddr?: string; host?: string } {
  const params: [string, string][] = [];
  let mode = reading.mode.value;
  let rootcert: string | undefined = reading.caFile?.value;
  if (reading.systemCa?.value || (VERIFY(mode) && !rootcert)) {
    if (mode === 'verify-identity') rootcert = 'system';
    else if (mode === 'verify-ca') lost.push({ parameter: 'systemCa', what: 'libpq allows sslrootcert=system only with verify-full; without a CA file libpq looks for ~/.postgresql/root.crt and fails when it is missing', weakens: false });
  }
  if (mode === 'required' && rootcert) {
    lost.push({ parameter: 'caFile', what: 'libpq verifies the chain whenever sslrootcert is given with sslmode=require; dropped to keep "required"', weakens: false });
    rootcert = undefined;
  }
  params.push(['sslmode', LIBPQ_MODE[mode]]);
  if (rootcert && mode !== 'disabled') params.push(['sslrootcert', rootcert]);
  if (mode !== 'disabled') {
    if (reading.certFile) params.push(['sslcert', reading.certFile.value]);
    if (reading.keyFile) params.push(['sslkey', reading.keyFile.value]);
    if (reading.passphrase) params.push(['sslpassword', reading.passphrase.value]);
    if (reading.crlFile) params.push(['sslcrl', reading.crlFile.value]);
    if (reading.crlDir) params.push(['sslcrldir', reading.crlDir.value]);
    if (reading.sni && !reading.sni.value) params.push(['sslsni', '0']);
    if (reading.minTlsVersion && reading.minTlsVersion.source.from !== 'default') params.push(['ssl_min_protocol_version', reading.minTlsVersion.value]);
    else if (reading.minTlsVersion && reading.minTlsVersion.value !== 'TLSv1.2') params.push(['ssl_min_protocol_version', reading.minTlsVersion.value]);
    if (reading.maxTlsVersion) params.push(['ssl_max_protocol_version', reading.maxTlsVersion.value]);
    if (reading.directTls?.value) params.push(['sslnegotiation', 'direct']);
  }
  let host: string | undefined;
  let hostaddr: string | undefined;
  const first = reading.hosts[0]!;
  if (reading.servername && reading.servername.value !== first.host) {
    if (/^[\d.]+$|:/.test(first.host) && reading.hosts.length === 1) {
      host = reading.servername.value;
      hostaddr = first.host;
    } else {
      lost.push({ parameter: 'servername', what: `libpq verifies the host it connects to; it cannot connect to ${first.host} and verify ${reading.servername.value} (hostaddr needs a numeric address)`, weakens: mode === 'verify-identity' });
    }
  }
  params.push(...carryOptions(reading, lost, (k) => KEYWORDS.has(k), target));
  return { params, mode, ...(host ? { host } : {}), ...(hostaddr ? { hostaddr } : {}) };
}

/**
 * libpq URI (`postgresql://…?sslmode=…`), read by psql, libpq and the
 * drivers built on it (psycopg, pgx, asyncpg’s DSN, …).
 *
 * @example
 * ```ts
 * translate(reading, libpqUriTarget).text; // 'postgresql://app@db:5432/app?sslmode=verify-full&sslrootcert=ca.pem'
 * ```
 */
export const libpqUriTarget: TranslateTarget = {
  id: 'libpq',
  displayName: 'libpq URI',
  description: 'postgresql:// URI for psql, libpq and the drivers built on it (psycopg, pgx)',
  engines: FAMILY,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const { params, mode, host, hostaddr } = libpqParams(reading, lost, 'libpq');
    const hosts = host ? `${enc(host)}:${reading.hosts[0]!.port}` : hostPart(reading);
    if (hostaddr) params.unshift(['hostaddr', hostaddr]);
    const text = `postgresql://${userInfo(reading)}${hosts}${reading.database !== undefined ? `/${enc(reading.database)}` : ''}${query(params)}`;
    return { text, mode, lost };
  },
};

function kv(value: string): string {
  return value === '' || /[\s'\\;]/.test(value) ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : value;
}

/**
 * libpq keyword/value form (`host=db port=5432 sslmode=verify-full`).
 *
 * @example
 * ```ts
 * translate(reading, libpqKeywordTarget).text; // "host=db port=5432 dbname=app sslmode=verify-full"
 * ```
 */
export const libpqKeywordTarget: TranslateTarget = {
  id: 'libpq-keyword',
  displayName: 'libpq keyword/value',
  description: 'host=… port=… sslmode=… for psql, libpq and PQconnectdb',
  engines: FAMILY,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const { params, mode, host, hostaddr } = libpqParams(reading, lost, 'libpq');
    const head: [string, string][] = [
      ['host', host ?? reading.hosts.map((h) => h.host).join(',')],
      ...(hostaddr ? [['hostaddr', hostaddr] as [string, string]] : []),
      ['port', [...new Set(reading.hosts.map((h) => String(h.port)))].length === 1 ? String(reading.hosts[0]!.port) : reading.hosts.map((h) => h.port).join(',')],
      ...(reading.user !== undefined ? [['user', reading.user] as [string, string]] : []),
      ...(reading.password !== undefined ? [['password', reading.password] as [string, string]] : []),
      ...(reading.database !== undefined ? [['dbname', reading.database] as [string, string]] : []),
    ];
    return { text: [...head, ...params].map(([k, v]) => `${k}=${kv(v)}`).join(' '), mode, lost };
  },
};

/**
 * node-postgres (`pg`) connection string, as read by pg-connection-string 2.
 *
 * @example
 * ```ts
 * translate(reading, nodePostgresTarget).text; // 'postgres://app@db:5432/app?sslmode=no-verify'
 * ```
 */
export const nodePostgresTarget: TranslateTarget = {
  id: 'node-postgres',
  displayName: 'node-postgres (pg)',
  description: 'postgres:// connectionString for new pg.Client / pg.Pool (pg-connection-string rules)',
  engines: FAMILY,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const params: [string, string][] = [];
    let mode = reading.mode.value;
    const ca = reading.caFile?.value;
    switch (mode) {
      case 'disabled':
        params.push(['sslmode', 'disable']);
        break;
      case 'preferred':
        mode = 'required';
        params.push(['sslmode', 'no-verify']);
        lost.push({ parameter: 'mode', what: 'node-postgres has no plain-text fallback: preferred becomes required (fails on a server without TLS)', weakens: false });
        break;
      case 'required':
        params.push(['sslmode', 'no-verify']);
        if (ca) lost.push({ parameter: 'caFile', what: 'not used when the certificate is not checked', weakens: false });
        break;
      case 'verify-ca':
        if (ca) params.push(['uselibpqcompat', 'true'], ['sslmode', 'verify-ca'], ['sslrootcert', ca]);
        else {
          mode = 'verify-identity';
          params.push(['sslmode', 'verify-full']);
          lost.push({ parameter: 'mode', what: 'node-postgres refuses verify-ca without sslrootcert; written as verify-full (the name is checked too)', weakens: false });
        }
        break;
      case 'verify-identity':
        params.push(['sslmode', 'verify-full']);
        if (ca) params.push(['sslrootcert', ca]);
        break;
    }
    if (reading.mode.value !== 'disabled') {
      if (reading.certFile) params.push(['sslcert', reading.certFile.value]);
      if (reading.keyFile) params.push(['sslkey', reading.keyFile.value]);
      if (reading.passphrase) lost.push({ parameter: 'sslpassword', what: 'pg-connection-string does not read sslpassword; pass ssl.passphrase in code', weakens: false });
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: reading.crlFile ? 'sslcrl' : 'sslcrldir', what: 'node-postgres URLs cannot name a CRL; pass ssl.crl in code', weakens: true });
      if (reading.servername && reading.servername.value !== reading.hosts[0]!.host) lost.push({ parameter: 'servername', what: 'node-postgres URLs cannot set the name to verify; pass ssl.servername in code', weakens: mode === 'verify-identity' });
      if (reading.sni && !reading.sni.value) lost.push({ parameter: 'sslsni', what: 'node-postgres always sends SNI for host names', weakens: false });
      floorLost(reading, lost, 'node-postgres');
      if (reading.directTls?.value) params.push(['sslnegotiation', 'direct']);
    }
    if (reading.hosts.length > 1) lost.push({ parameter: 'host', what: `node-postgres connects to one host; only ${reading.hosts[0]!.host} is kept`, weakens: false });
    const first = reading.hosts[0]!;
    params.push(...carryOptions(reading, lost, (k) => ['application_name', 'options', 'client_encoding', 'connect_timeout', 'fallback_application_name', 'replication', 'keepalives', 'keepalives_idle'].includes(k), 'node-postgres'));
    const text = `postgres://${userInfo(reading)}${first.host.includes(':') ? `[${first.host}]` : enc(first.host)}:${first.port}${reading.database !== undefined ? `/${enc(reading.database)}` : ''}${query(params)}`;
    return { text, mode, lost };
  },
};

/**
 * PostgreSQL JDBC (pgjdbc) URL.
 *
 * @example
 * ```ts
 * translate(reading, pgjdbcTarget).text; // 'jdbc:postgresql://db:5432/app?user=app&sslmode=verify-full&sslrootcert=ca.pem'
 * ```
 */
export const pgjdbcTarget: TranslateTarget = {
  id: 'pgjdbc',
  displayName: 'PostgreSQL JDBC (pgjdbc)',
  description: 'jdbc:postgresql:// URL for pgjdbc 42.x',
  engines: FAMILY,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const params: [string, string][] = [];
    if (reading.user !== undefined) params.push(['user', reading.user]);
    if (reading.password !== undefined) params.push(['password', reading.password]);
    const mode = reading.mode.value;
    params.push(['sslmode', LIBPQ_MODE[mode]]);
    if (mode !== 'disabled') {
      const ca = reading.caFile?.value;
      if (VERIFY(mode)) {
        if (ca) params.push(['sslrootcert', ca]);
        else params.push(['sslfactory', 'org.postgresql.ssl.DefaultJavaSSLFactory']);
        if (!ca) lost.push({ parameter: 'systemCa', what: "the chain is checked against Java's default trust store instead of Node's", weakens: false });
      } else if (ca) lost.push({ parameter: 'caFile', what: `pgjdbc does not check the chain in sslmode=${LIBPQ_MODE[mode]}`, weakens: false });
      if (reading.certFile) params.push(['sslcert', reading.certFile.value]);
      if (reading.keyFile) {
        params.push(['sslkey', reading.keyFile.value]);
        lost.push({ parameter: 'sslkey', what: 'pgjdbc reads the key as PKCS-8 DER (or PKCS-12): convert a PEM key with openssl pkcs8 -topk8 -outform DER', weakens: false });
      }
      if (reading.passphrase) params.push(['sslpassword', reading.passphrase.value]);
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: reading.crlFile ? 'sslcrl' : 'sslcrldir', what: 'pgjdbc has no CRL parameter (only JVM-wide revocation settings)', weakens: true });
      if (reading.servername && reading.servername.value !== reading.hosts[0]!.host) lost.push({ parameter: 'servername', what: 'pgjdbc verifies the host it connects to', weakens: mode === 'verify-identity' });
      if (reading.sni && !reading.sni.value) lost.push({ parameter: 'sslsni', what: 'pgjdbc sends SNI for host names', weakens: false });
      floorLost(reading, lost, 'pgjdbc');
      if (reading.directTls?.value) params.push(['sslNegotiation', 'direct']);
    }
    params.push(...carryOptions(reading, lost, (k) => ['application_name', 'options', 'connect_timeout', 'target_session_attrs'].includes(k), 'pgjdbc'));
    const mapped = params.map(([k, v]): [string, string] => [k === 'application_name' ? 'ApplicationName' : k === 'connect_timeout' ? 'connectTimeout' : k === 'target_session_attrs' ? 'targetServerType' : k, v]);
    const text = `jdbc:postgresql://${hostPart(reading)}/${reading.database !== undefined ? enc(reading.database) : ''}${query(mapped)}`;
    return { text, mode, lost };
  },
};

/**
 * Prisma ORM PostgreSQL URL (`sslmode`, `sslaccept`, `sslcert` = CA).
 *
 * @example
 * ```ts
 * translate(reading, prismaTarget).text; // 'postgresql://app@db:5432/app?sslmode=require&sslaccept=strict&sslcert=ca.pem'
 * ```
 */
export const prismaTarget: TranslateTarget = {
  id: 'prisma',
  displayName: 'Prisma ORM',
  description: 'postgresql:// datasource URL for Prisma (sslmode, sslaccept, sslcert)',
  engines: FAMILY,
  write(reading): TargetOutput {
    const lost: LostItem[] = [];
    const params: [string, string][] = [];
    let mode = reading.mode.value;
    const ca = reading.caFile?.value;
    switch (mode) {
      case 'disabled':
        params.push(['sslmode', 'disable']);
        break;
      case 'preferred':
        params.push(['sslmode', 'prefer']);
        break;
      case 'required':
        params.push(['sslmode', 'require'], ['sslaccept', 'accept_invalid_certs']);
        break;
      case 'verify-ca':
        mode = 'verify-identity';
        lost.push({ parameter: 'mode', what: 'Prisma has no verify-ca: sslaccept=strict checks the host name too', weakens: false });
      // falls through
      case 'verify-identity':
        params.push(['sslmode', 'require'], ['sslaccept', 'strict']);
        if (ca) params.push(['sslcert', ca]);
        break;
    }
    if (reading.mode.value !== 'disabled') {
      if (reading.certFile || reading.keyFile) lost.push({ parameter: 'sslcert', what: 'Prisma takes the client certificate as one PKCS#12 file (sslidentity=, sslpassword=): convert with openssl pkcs12 -export -in cert.pem -inkey key.pem -out client.p12', weakens: false });
      if (reading.crlFile || reading.crlDir) lost.push({ parameter: reading.crlFile ? 'sslcrl' : 'sslcrldir', what: 'Prisma has no CRL parameter', weakens: true });
      if (reading.servername && reading.servername.value !== reading.hosts[0]!.host) lost.push({ parameter: 'servername', what: 'Prisma verifies the host it connects to', weakens: mode === 'verify-identity' });
      if (reading.sni && !reading.sni.value) lost.push({ parameter: 'sslsni', what: 'Prisma sends SNI for host names', weakens: false });
      floorLost(reading, lost, 'Prisma');
      if (reading.directTls?.value) lost.push({ parameter: 'sslnegotiation', what: 'Prisma negotiates TLS with the SSLRequest (one round trip more); the security is the same', weakens: false });
    }
    if (reading.hosts.length > 1) lost.push({ parameter: 'host', what: `Prisma connects to one host; only ${reading.hosts[0]!.host} is kept`, weakens: false });
    const first = reading.hosts[0]!;
    params.push(...carryOptions(reading, lost, (k) => ['schema', 'connection_limit', 'connect_timeout', 'pool_timeout', 'socket_timeout', 'pgbouncer', 'statement_cache_size', 'application_name', 'options'].includes(k), 'Prisma'));
    const text = `postgresql://${userInfo(reading)}${first.host.includes(':') ? `[${first.host}]` : enc(first.host)}:${first.port}/${reading.database !== undefined ? enc(reading.database) : ''}${query(params)}`;
    return { text, mode, lost };
  },
};

/** The translate targets of the PostgreSQL family. */
export const POSTGRES_TARGETS: readonly TranslateTarget[] = [libpqUriTarget, libpqKeywordTarget, nodePostgresTarget, pgjdbcTarget, prismaTarget];
