import type { SslMode } from './ssl-mode.js';
import type { TlsVersion } from './tls-options.js';

/**
 * Where one value of a {@link ConnectionReading} came from:
 * - `parameter`: written in the string (`parameter` names it as written, `value` is the raw text, masked when secret);
 * - `default`: nothing was written; the client's default applies (`note` says whose);
 * - `implied`: derived from other parameters (`parameter` names the one that implied it);
 * - `scheme`: from the URL scheme (`rediss:`, `mongodb+srv:` …).
 *
 * @example
 * ```ts
 * const source: ReadingSource = { from: 'parameter', parameter: 'sslmode', value: 'verify-full' };
 * ```
 */
export interface ReadingSource {
  from: 'parameter' | 'default' | 'implied' | 'scheme';
  parameter?: string;
  value?: string;
  note?: string;
}

/**
 * One value of a reading together with its source.
 *
 * @example
 * ```ts
 * const mode: ReadingField<SslMode> = { value: 'verify-ca', source: { from: 'implied', parameter: 'sslrootcert', note: 'libpq: require with a root certificate verifies the chain' } };
 * ```
 */
export interface ReadingField<T> {
  value: T;
  source: ReadingSource;
}

/**
 * Something the user should know about a reading; `parameter` names the
 * parameter it is about, when there is one.
 *
 * @example
 * ```ts
 * const warning: ReadingWarning = { parameter: 'sslcompression', message: 'sslcompression is ignored by libpq since PostgreSQL 14.' };
 * ```
 */
export interface ReadingWarning {
  message: string;
  parameter?: string;
}

/**
 * Whose rules a string was read by.
 *
 * @example
 * ```ts
 * const client: ReadingClient = { id: 'libpq', name: 'libpq (PostgreSQL 17)', syntax: 'keyword/value', reason: 'host=… keyword/value form' };
 * ```
 */
export interface ReadingClient {
  /** Stable id, usually the id of the matching translate target (`libpq`, `node-postgres`, `pgjdbc` …). */
  id: string;
  /** Human name, with the version whose documentation the rules follow. */
  name: string;
  /** The syntax recognised (`URI`, `keyword/value`, `JDBC URL` …). */
  syntax: string;
  /** Why this client's rules were applied (the marker that identified the syntax). */
  reason: string;
}

/** One host of a (possibly multi-host) connection string. */
export interface ReadingHost {
  host: string;
  port: number;
}

/**
 * What a connection string means, as its own client reads it: the effective
 * mode and every TLS value, each with its source, plus warnings. Passwords
 * are carried (a translated string must work); never print a reading
 * directly, use {@link describeReading}.
 *
 * @example
 * ```ts
 * const reading = parseConnectionString(registry, 'host=db sslmode=require sslrootcert=ca.pem');
 * reading.mode.value;          // 'verify-ca' (libpq verifies the chain when a root certificate is given)
 * reading.mode.source.parameter; // 'sslrootcert'
 * ```
 */
export interface ConnectionReading {
  /** The engine id (`postgres`, `mysql` …). */
  engine: string;
  client: ReadingClient;
  /** All hosts, in order; the first is where dbtls connects. */
  hosts: ReadingHost[];
  user?: string;
  /** Carried through to translations; masked in every display. */
  password?: string;
  database?: string;
  /** The effective mode: never weaker than what the string's own client would do. */
  mode: ReadingField<SslMode>;
  /** PEM file of the CA certificate(s) to trust. */
  caFile?: ReadingField<string>;
  /** True when the system (Node's) trust store is asked for explicitly (libpq `sslrootcert=system`). */
  systemCa?: ReadingField<boolean>;
  certFile?: ReadingField<string>;
  keyFile?: ReadingField<string>;
  /** The client key's passphrase. Secret. */
  passphrase?: ReadingField<string>;
  /** PEM file of certificate revocation lists. */
  crlFile?: ReadingField<string>;
  /** Directory of PEM CRL files. */
  crlDir?: ReadingField<string>;
  /** The name to verify (and send as SNI) when it is not the host. */
  servername?: ReadingField<string>;
  /** Whether SNI is sent (default: yes, for host names). */
  sni?: ReadingField<boolean>;
  minTlsVersion?: ReadingField<TlsVersion>;
  maxTlsVersion?: ReadingField<TlsVersion>;
  /** TLS from the first byte instead of an in-protocol upgrade (PostgreSQL `sslnegotiation=direct`, TDS 8 strict). */
  directTls?: ReadingField<boolean>;
  /** Other parameters the string carried (application_name, connect_timeout …), passed through to translations verbatim. */
  options: Record<string, string>;
  warnings: ReadingWarning[];
  /** Values to mask in any output (passwords, passphrases). */
  secrets: string[];
}

/** The TLS fields of a reading that carry a {@link ReadingField}. */
export const READING_TLS_FIELDS = ['caFile', 'systemCa', 'certFile', 'keyFile', 'passphrase', 'crlFile', 'crlDir', 'servername', 'sni', 'minTlsVersion', 'maxTlsVersion', 'directTls'] as const;
/** One of {@link READING_TLS_FIELDS}. */
export type ReadingTlsField = (typeof READING_TLS_FIELDS)[number];

/**
 * Shorthand for a field written in the string.
 *
 * @example
 * ```ts
 * fromParameter('verify-ca', 'sslmode', 'verify-ca'); // { value: 'verify-ca', source: { from: 'parameter', parameter: 'sslmode', value: 'verify-ca' } }
 * ```
 */
export function fromParameter<T>(value: T, parameter: string, raw?: string, note?: string): ReadingField<T> {
  return { value, source: { from: 'parameter', parameter, ...(raw !== undefined ? { value: raw } : {}), ...(note ? { note } : {}) } };
}

/**
 * Shorthand for a client default.
 *
 * @example
 * ```ts
 * fromDefault('preferred', 'libpq default sslmode=prefer');
 * ```
 */
export function fromDefault<T>(value: T, note: string): ReadingField<T> {
  return { value, source: { from: 'default', note } };
}

/**
 * Shorthand for a value implied by another parameter.
 *
 * @example
 * ```ts
 * implied('verify-identity', 'sslrootcert', 'sslrootcert=system makes verify-full the default');
 * ```
 */
export function implied<T>(value: T, parameter: string, note: string): ReadingField<T> {
  return { value, source: { from: 'implied', parameter, note } };
}

const SECRET_FIELDS = new Set<string>(['passphrase']);

/**
 * A printable (JSON-safe) view of a reading: secrets masked (unless
 * `showSecrets`), the name to verify spelled out with its source, and the
 * host list.
 *
 * @example
 * ```ts
 * describeReading(reading).mode; // { value: 'verify-ca', source: { from: 'implied', parameter: 'sslrootcert', ... } }
 * describeReading(reading).password; // '***'
 * ```
 */
export function describeReading(reading: ConnectionReading, options: { showSecrets?: boolean } = {}): Record<string, unknown> {
  const mask = (value: string) => (options.showSecrets ? value : '***');
  const first = reading.hosts[0];
  const out: Record<string, unknown> = {
    engine: reading.engine,
    client: reading.client,
    hosts: reading.hosts,
    ...(reading.user !== undefined ? { user: reading.user } : {}),
    ...(reading.password !== undefined ? { password: mask(reading.password) } : {}),
    ...(reading.database !== undefined ? { database: reading.database } : {}),
    mode: reading.mode,
  };
  for (const key of READING_TLS_FIELDS) {
    const field = reading[key];
    if (!field) continue;
    out[key] = SECRET_FIELDS.has(key)
      ? { value: mask(String(field.value)), source: { ...field.source, ...(field.source.value !== undefined ? { value: mask(field.source.value) } : {}) } }
      : field;
  }
  out.nameToVerify =
    reading.mode.value === 'verify-identity'
      ? (reading.servername ?? (first ? { value: first.host, source: { from: 'default', note: 'the host name' } } : null))
      : null;
  out.options = reading.options;
  out.warnings = reading.warnings;
  return out;
}
