import { DbtlsError } from './dbtls-error.js';
import type { Diagnosis, DiagnosisCause, ErrorPattern } from './diagnosis.js';
import { SSL_MODES, NOT_APPLICABLE, type NotApplicable, type SslMode } from './ssl-mode.js';
import type { TlsMaterial, TlsOptions } from './tls-options.js';
import type { TlsReport } from './tls-report.js';
import type { ConnectionReading } from './connection-reading.js';
import type { TranslateTarget } from './translate.js';

/** The contract version this copy of `@dbtls/core` implements. */
export const ENGINE_API_VERSION = 1 as const;

/**
 * How an engine can honour `preferred`:
 * - `native`: the driver (or dbtls on one connection) uses TLS when offered, plain otherwise;
 * - `retry-plain`: a second, plain connection after the server said it has no TLS;
 * - `none`: no safe fallback; `preferred` behaves as `required`.
 */
export const FALLBACK_CAPABILITIES = ['native', 'retry-plain', 'none'] as const;
/** One of {@link FALLBACK_CAPABILITIES}. */
export type FallbackCapability = (typeof FALLBACK_CAPABILITIES)[number];

/**
 * A connection target parsed from a URL by an engine.
 *
 * @example
 * ```ts
 * { host: 'db.example.com', port: 5432, user: 'app', database: 'app', displayUrl: 'postgres://app:***@db.example.com/app', secrets: ['s3cret'], warnings: [] }
 * ```
 */
export interface EngineTarget {
  host: string;
  port: number;
  user?: string;
  database?: string;
  /** A mode given in the URL itself (`sslmode=`, `ssl-mode=`, `tls=` ...), already parsed. */
  mode?: SslMode;
  /** TLS files and names given in the URL (`sslrootcert=`, `sslcert=`, ...). */
  tls?: Partial<Omit<TlsOptions, 'mode'>>;
  /** The URL with its password masked. */
  displayUrl: string;
  /** Values to remove from any output (passwords found in the URL). */
  secrets: string[];
  /** Things the user should know about the URL. */
  warnings: string[];
}

/** Everything `connect()` needs. */
export interface EngineConnectContext {
  /** The URL as given. Contains secrets: never print it. */
  url: string;
  target: EngineTarget;
  /** TLS material with `mode` set to the effective mode. */
  tls: TlsMaterial;
  /** The mode the caller asked for. */
  requestedMode: SslMode;
  /** Deadline for the whole connect, in milliseconds. */
  timeoutMs: number;
  /** Aborted on timeout or by the caller: stop and release every socket. */
  signal: AbortSignal;
  /** Adds a warning to the result. */
  warn(message: string): void;
  /**
   * Call as soon as `preferred` goes on in plain text because the server
   * answered "no TLS", before anything else can fail: the result says
   * `fellBack: true` (and warns) whether the connection then succeeds or not.
   * Absent in contexts that have no result to report it in.
   */
  fellBack?(): void;
}

/** What a successful `connect()` found. */
export interface EngineConnectResult {
  encrypted: boolean;
  /** True when `preferred` went plain because the server offers no TLS. */
  fellBack: boolean;
  tls: TlsReport | null;
  /** The server's version, where the driver exposes it. */
  serverVersion?: string | null;
}

/**
 * The driver-native options a mode maps to, for display. File contents and
 * secrets are replaced by descriptions such as `<contents of ca.pem>`.
 */
export interface DriverOptionsView {
  /** The npm package the options are for, e.g. `pg`. */
  driver: string;
  /** The options object handed to the driver. */
  options: Record<string, unknown>;
  /** URL query parameters with the same meaning, where the driver or its ecosystem has them. */
  urlParameters?: Record<string, string> | null;
  /** Equivalents in other clients (e.g. libpq's `sslmode`). */
  equivalents?: Record<string, string>;
  /** How dbtls enforces what the driver cannot express. */
  notes: string[];
}

/** Input of {@link EngineDefinition.driverOptions}. */
export interface DriverOptionsInput {
  mode: SslMode;
  tls: Partial<Omit<TlsOptions, 'mode' | 'passphrase'>> & { passphrase?: boolean };
  host?: string;
  /**
   * The connection string asks for TLS as the first bytes instead of the
   * protocol's in-band negotiation (PostgreSQL `sslnegotiation=direct`, SQL
   * Server `Encrypt=Strict`, TDS 8).
   */
  directTls?: boolean;
}

/** Context passed to an engine's own diagnosis hook. */
export interface DiagnoseContext {
  requestedMode: SslMode | null;
  effectiveMode: SslMode | null;
  /** Whether a CA file, client certificate were given. */
  given: { ca: boolean; clientCertificate: boolean };
  host?: string;
}

/** What an engine's diagnosis hook returns: a cause and optional wording. */
export interface DiagnosisHint {
  cause: DiagnosisCause;
  note?: string;
  summary?: string;
  /** Replaces the standard detail sentence (the note, if any, still comes first). */
  detail?: string;
  /** Overrides the table's recommended mode (rarely needed). */
  recommendedMode?: SslMode | null;
  /** The error the hint was drawn from, for `original`. */
  source?: unknown;
}

/** What an engine's probe hook gets: where to go, and nothing secret. */
export interface ProbeHandshakeContext {
  /** The URL as given (for protocol options such as `sslnegotiation=direct`). Contains secrets: never print it or send them. */
  url: string;
  target: EngineTarget;
  /** The port to try (the URL's, or another TLS port of the engine). */
  port: number;
  /** SNI to send (the servername, else the host when it is a name). */
  servername?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** What one probe handshake found. */
export interface ProbeHandshake {
  /** How TLS was reached, e.g. `SSLRequest`, `PRELOGIN (ENCRYPT_OFF sent)`, `direct TLS`. */
  method: string;
  /** The server completed a TLS handshake. */
  offersTls: boolean;
  /** Whether plain text is accepted, where the protocol says so without credentials; null when it cannot tell. */
  plainAccepted: boolean | null;
  /** The unvalidated handshake's report (with the presented chain attached), when TLS was offered. */
  tls: TlsReport | null;
  /** What the server answered, in its protocol's words (`'S'`, `ENCRYPT_REQ`, greeting without CLIENT_SSL...). */
  evidence: string[];
  /** TCP connections this handshake opened. */
  connections: number;
  serverVersion?: string | null;
  /** A TLS 1.3 server asked for a client certificate and refused the connection without one. */
  clientCertificateRequired?: boolean;
  /** Why the TLS handshake failed, when it did. */
  error?: { code: string | null; message: string };
  /** Extra facts worth showing (`direct TLS: not accepted`). */
  notes?: string[];
}

/**
 * Optional engine capability used by `dbtls probe`: one unvalidated TLS
 * handshake through the protocol's own upgrade, sending no credentials and
 * no user name, then closing.
 *
 * @example
 * ```ts
 * probe: { handshake: (ctx) => probeDirectTls(ctx), tlsPorts: (port) => (port === 8123 ? [8443] : []) }
 * ```
 */
export interface EngineProbe {
  handshake(context: ProbeHandshakeContext): Promise<ProbeHandshake>;
  /** Ports where the engine usually serves TLS when `port` does not (ClickHouse 8123 → 8443). */
  tlsPorts?(port: number): number[];
  /**
   * A second, still credential-free look the probe may take when it has a
   * connection to spare (no login to confirm), e.g. PostgreSQL direct TLS.
   */
  extra?(context: ProbeHandshakeContext, first: ProbeHandshake): Promise<{ connections: number; notes: string[] }>;
}

/**
 * What an engine's {@link EngineDefinition.readConnectionString} may consult
 * besides the string: files a client looks for by default (libpq's
 * `~/.postgresql/root.crt`). Injected so that tests stay pure.
 *
 * @example
 * ```ts
 * const context: ReadContext = { homeDir: '/home/app', fileExists: (p) => p === '/home/app/.postgresql/root.crt' };
 * ```
 */
export interface ReadContext {
  /** The home directory clients look in, or undefined for none. */
  homeDir: string | undefined;
  fileExists(path: string): boolean;
}

/**
 * One database engine: how its URLs look, what its modes map to, and how to
 * connect and diagnose. Build it with {@link defineEngine}.
 */
export interface EngineDefinition {
  /** Must be {@link ENGINE_API_VERSION}. */
  apiVersion: typeof ENGINE_API_VERSION;
  /** Lower-case id, e.g. `postgres`. */
  id: string;
  displayName: string;
  /** URL schemes without the colon, e.g. `['postgres', 'postgresql']`. */
  schemes: readonly string[];
  /** Other names accepted for `--engine`. */
  aliases?: readonly string[];
  /** Default TCP port; absent for engines without a network protocol. */
  defaultPort?: number;
  /** Mode used when none is given, or `not-applicable`. */
  defaultMode: SslMode | NotApplicable;
  /** Preferred-fallback capability and a sentence saying how. */
  fallback: { capability: FallbackCapability; how: string };
  /** What a user of this engine should know about TLS. */
  guidance: string;
  /** The driver package(s) the engine uses. */
  drivers: readonly string[];
  /** The engine's server and driver error wordings. */
  errorPatterns?: readonly ErrorPattern[];
  /** Modes the driver cannot express, with the reason and the nearest mode that works. */
  unsupportedModes?: Partial<Record<SslMode, string>>;
  /** Parses a URL; throws `DbtlsError('invalid-url')` on a malformed one. */
  parseUrl(url: string): EngineTarget;
  /** Pure: the driver-native options a mode maps to. */
  driverOptions(input: DriverOptionsInput): DriverOptionsView;
  /** Opens a connection, makes one round trip, closes it. Throws the driver's error on failure. */
  connect(context: EngineConnectContext): Promise<EngineConnectResult>;
  /** Optional: recognise causes patterns cannot (e.g. from state the engine saw). */
  diagnose?(error: unknown, context: DiagnoseContext): DiagnosisHint | undefined;
  /** Optional: errors hidden inside a driver's error (per-host errors, `error` events). */
  unwrapError?(error: unknown): unknown[];
  /** Optional: is the driver installed? Resolves without importing it. */
  isAvailable?(): boolean;
  /** Optional: handshake-only probing for `dbtls probe` (network engines). */
  probe?: EngineProbe;
  /**
   * Optional: the options of the driver's own client (its pool where it has
   * one) that enforce the mode on every connection it opens. Used by
   * `configure()` and `open()`; engines without it cannot give tools a client.
   */
  configure?(context: EngineConfigureContext): Promise<EngineClientConfig>;
  /**
   * Optional: reads a connection string the way its own client does, with a
   * source for every value. Returns undefined when the string is not in a
   * syntax of this engine (so the next engine may try); throws
   * `DbtlsError('invalid-url')` for a string of its syntax that the client
   * would reject. Without it, {@link parseConnectionString} builds a reading
   * from {@link parseUrl}.
   */
  readConnectionString?(input: string, context: ReadContext): ConnectionReading | undefined;
  /** Optional: the `dbtls translate --to` targets this engine's readings can be written in. */
  translateTargets?: readonly TranslateTarget[];
}

/** Everything {@link EngineDefinition.configure} needs: a connect context without a deadline. */
export type EngineConfigureContext = Omit<EngineConnectContext, 'signal' | 'timeoutMs'> & {
  /** Connect timeout for each physical connection, in milliseconds. */
  timeoutMs: number;
};

/** A client built by {@link EngineClientConfig.open}, with its first connection made. */
export interface EngineOpenedClient {
  /** The driver's own object (pool, client). */
  client: unknown;
  /** What the first connection negotiated; absent when the driver does not show it (core then asks `connect()`). */
  first?: EngineConnectResult;
  /** Closes the client and every connection it holds. */
  close(): Promise<void>;
}

/** What {@link EngineDefinition.configure} returns. Holds secrets: core wraps it so it never prints them. */
export interface EngineClientConfig {
  /** The npm package the arguments are for, e.g. `pg`. */
  driver: string;
  /** Arguments of the driver's usual client constructor, in order. */
  args: unknown[];
  /** The options object among `args`. */
  options: Record<string, unknown>;
  /** Other ready forms, keyed by package (e.g. `mssql` for node-mssql's config). */
  forms?: Record<string, unknown>;
  /** How the mode is enforced on each connection. */
  notes: string[];
  /** Builds the client from `args`, makes one round trip on its first connection. Throws the driver's error. */
  open(signal: AbortSignal): Promise<EngineOpenedClient>;
}

/** What {@link defineEngine} accepts: the definition without `apiVersion`, or with it. */
export type EngineInput = Omit<EngineDefinition, 'apiVersion'> & { apiVersion?: typeof ENGINE_API_VERSION };

const REQUIRED_FIELDS = ['id', 'displayName', 'schemes', 'defaultMode', 'fallback', 'guidance', 'drivers', 'parseUrl', 'driverOptions', 'connect'] as const;

/**
 * Checks a value against the engine contract; throws `DbtlsError('invalid-plugin')`
 * naming the plugin and the problem.
 *
 * @example
 * ```ts
 * validateEngine(somethingLoaded, './my-plugin.js');
 * ```
 */
export function validateEngine(value: unknown, origin = 'plugin'): EngineDefinition {
  const engine = value as Partial<EngineDefinition> | null;
  const name = engine && typeof engine.id === 'string' ? `engine "${engine.id}" (${origin})` : origin;
  if (!engine || typeof engine !== 'object') throw new DbtlsError('invalid-plugin', `${name} is not an engine definition.`);
  if (engine.apiVersion !== ENGINE_API_VERSION) {
    throw new DbtlsError('invalid-plugin', `${name} declares apiVersion ${JSON.stringify(engine.apiVersion)}, but this dbtls supports apiVersion ${ENGINE_API_VERSION}. Install a matching version of the plugin.`);
  }
  for (const field of REQUIRED_FIELDS) {
    if (engine[field] === undefined || engine[field] === null) throw new DbtlsError('invalid-plugin', `${name} is missing the required field "${field}".`);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(engine.id!)) throw new DbtlsError('invalid-plugin', `${name}: id must be lower-case letters, digits and dashes.`);
  if (engine.defaultMode !== NOT_APPLICABLE && !(SSL_MODES as readonly string[]).includes(engine.defaultMode!)) {
    throw new DbtlsError('invalid-plugin', `${name}: defaultMode "${engine.defaultMode}" is not a mode.`);
  }
  if (!(FALLBACK_CAPABILITIES as readonly string[]).includes(engine.fallback!.capability)) {
    throw new DbtlsError('invalid-plugin', `${name}: fallback.capability must be one of ${FALLBACK_CAPABILITIES.join(', ')}.`);
  }
  for (const fn of ['parseUrl', 'driverOptions', 'connect'] as const) {
    if (typeof engine[fn] !== 'function') throw new DbtlsError('invalid-plugin', `${name}: "${fn}" must be a function.`);
  }
  if (engine.probe !== undefined && (typeof engine.probe !== 'object' || engine.probe === null || typeof engine.probe.handshake !== 'function')) {
    throw new DbtlsError('invalid-plugin', `${name}: "probe" must be an object with a "handshake" function.`);
  }
  return engine as EngineDefinition;
}

/**
 * Declares an engine, filling in `apiVersion` and checking the contract.
 *
 * @example
 * ```ts
 * export const myEngine = defineEngine({
 *   id: 'mydb', displayName: 'MyDB', schemes: ['mydb'], defaultPort: 7000,
 *   defaultMode: 'required', fallback: { capability: 'none', how: 'TLS is on a separate port.' },
 *   guidance: 'MyDB serves TLS on port 7001.', drivers: ['mydb-client'],
 *   parseUrl: (url) => parseGenericUrl(url, { defaultPort: 7000 }),
 *   driverOptions: ({ mode }) => ({ driver: 'mydb-client', options: { tls: mode !== 'disabled' }, notes: [] }),
 *   connect: async (ctx) => ({ encrypted: true, fellBack: false, tls: null }),
 * });
 * ```
 */
export function defineEngine(input: EngineInput): EngineDefinition {
  return validateEngine({ ...input, apiVersion: ENGINE_API_VERSION }, `engine "${input.id}"`);
}

/** Re-exported for engines that build a diagnosis themselves. */
export type { Diagnosis };
