import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fromDefault, type ConnectionReading, type ReadingClient, type ReadingField, type ReadingHost, type ReadingSource } from './connection-reading.js';
import type { TlsVersion } from './tls-options.js';
import { DbtlsError } from './dbtls-error.js';
import type { EngineDefinition, EngineTarget, ReadContext } from './engine.js';
import { redactUrl } from './redact.js';
import type { EngineRegistry } from './registry.js';
import { NOT_APPLICABLE, type SslMode } from './ssl-mode.js';

/** Options of {@link parseConnectionString}. */
export interface ParseConnectionStringOptions {
  /** Engine id or alias, for strings whose syntax does not name one. */
  engine?: string;
  /** Overrides the home directory and file checks (tests). */
  context?: Partial<ReadContext>;
}

/**
 * The default {@link ReadContext}: the real home directory and file system.
 *
 * @example
 * ```ts
 * defaultReadContext().fileExists('/etc/hosts'); // true
 * ```
 */
export function defaultReadContext(): ReadContext {
  let home: string | undefined;
  try {
    home = homedir() || undefined;
  } catch {
    home = undefined;
  }
  return { homeDir: home, fileExists: (path) => existsSync(path) };
}

/**
 * What an engine that parses its strings into an {@link EngineTarget} knows
 * besides the target: whose rules applied, where each value came from, and
 * the values an {@link EngineTarget} has no place for.
 *
 * @example
 * ```ts
 * const details: TargetReadingDetails = { client: { id: 'mysql2', name: 'mysql2', syntax: 'URL', reason: 'mysql://' }, sources: { mode: { from: 'parameter', parameter: 'ssl-mode' } } };
 * ```
 */
export interface TargetReadingDetails {
  client?: ReadingClient;
  /** Source per reading field (`mode`, `caFile`, `servername` …); fields without one get "from the URL". */
  sources?: Partial<Record<string, ReadingSource>>;
  /** A mode the client's rules give when the target carries none (a client default). */
  defaultMode?: ReadingField<SslMode>;
  password?: string;
  hosts?: ReadingHost[];
  maxTlsVersion?: TlsVersion;
  crlFile?: string;
  directTls?: boolean;
  options?: Record<string, string>;
}

/**
 * A reading built from an engine's {@link EngineTarget}, for engines that do
 * not read connection strings themselves, or that read them into a target
 * and know the sources (`details`).
 *
 * @example
 * ```ts
 * readingFromTarget(engine, engine.parseUrl('redis://localhost')).mode.value; // the engine default
 * ```
 */
export function readingFromTarget(engine: EngineDefinition, target: EngineTarget, details: TargetReadingDetails = {}): ConnectionReading {
  const sources = details.sources ?? {};
  const url = (name: string): ReadingSource => sources[name] ?? { from: 'parameter' as const, parameter: name, note: 'from the URL' };
  const mode: ReadingField<SslMode> = target.mode
    ? { value: target.mode, source: url('mode') }
    : (details.defaultMode ?? fromDefault(engine.defaultMode === NOT_APPLICABLE ? 'disabled' : engine.defaultMode, `${engine.displayName} default in dbtls`));
  const reading: ConnectionReading = {
    engine: engine.id,
    client: details.client ?? { id: engine.id, name: `dbtls ${engine.displayName} URL`, syntax: 'URL', reason: 'the URL scheme' },
    hosts: details.hosts ?? [{ host: target.host, port: target.port }],
    ...(target.user !== undefined ? { user: target.user } : {}),
    ...(details.password !== undefined ? { password: details.password } : {}),
    ...(target.database !== undefined ? { database: target.database } : {}),
    mode,
    options: details.options ?? {},
    warnings: target.warnings.map((message) => ({ message })),
    secrets: [...target.secrets],
  };
  const tls = target.tls ?? {};
  if (tls.caFile) reading.caFile = { value: tls.caFile, source: url('caFile') };
  if (tls.certFile) reading.certFile = { value: tls.certFile, source: url('certFile') };
  if (tls.keyFile) reading.keyFile = { value: tls.keyFile, source: url('keyFile') };
  if (tls.passphrase) reading.passphrase = { value: tls.passphrase, source: url('passphrase') };
  if (tls.servername) reading.servername = { value: tls.servername, source: url('servername') };
  if (tls.minTlsVersion) reading.minTlsVersion = { value: tls.minTlsVersion, source: url('minTlsVersion') };
  if (details.maxTlsVersion) reading.maxTlsVersion = { value: details.maxTlsVersion, source: url('maxTlsVersion') };
  if (details.crlFile) reading.crlFile = { value: details.crlFile, source: url('crlFile') };
  if (details.directTls) reading.directTls = { value: true, source: url('directTls') };
  return reading;
}

const SCHEME = /^(?:jdbc:)?([a-z][a-z0-9+.-]*):/i;

/**
 * Reads a connection string the way its own client does: the engine is
 * found from the scheme (`jdbc:` prefixes included) or, for strings without
 * one (libpq `host=… sslmode=…`, ADO.NET `Server=…;`), by asking each
 * engine. Every value of the result carries its source; warnings name what
 * is not honoured. A string its client would reject throws
 * `DbtlsError('invalid-url')`.
 *
 * @example
 * ```ts
 * import { createRegistry, parseConnectionString } from '@dbtls/core';
 * import { engines } from '@dbtls/engine-postgres';
 * const registry = createRegistry([engines]);
 * const reading = parseConnectionString(registry, 'host=db.example.com sslmode=verify-full sslrootcert=/etc/ca.pem');
 * reading.mode.value;    // 'verify-identity'
 * reading.caFile?.value; // '/etc/ca.pem'
 * reading.client.id;     // 'libpq'
 * ```
 */
export function parseConnectionString(registry: EngineRegistry, input: string, options: ParseConnectionStringOptions = {}): ConnectionReading {
  const text = String(input ?? '').trim();
  if (!text) throw new DbtlsError('invalid-url', 'The connection string is empty.');
  const context: ReadContext = { ...defaultReadContext(), ...options.context };
  const scheme = SCHEME.exec(text)?.[1];
  const bySchema = scheme ? registry.findByScheme(scheme) : undefined;
  const candidates: EngineDefinition[] = options.engine
    ? [registry.get(options.engine)]
    : [...(bySchema ? [bySchema] : []), ...registry.list().filter((e) => e !== bySchema && e.readConnectionString)];
  for (const engine of candidates) {
    const reading = engine.readConnectionString?.(text, context);
    if (reading) return reading;
  }
  const fallback = options.engine ? candidates[0] : bySchema;
  if (fallback && /^[a-z][a-z0-9+.-]*:/i.test(text)) return readingFromTarget(fallback, fallback.parseUrl(text));
  const shown = redactUrl(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  throw new DbtlsError(
    'invalid-url',
    `"${shown}" is not a connection string any installed engine reads${scheme ? ` (no engine handles "${scheme}:")` : ''}. Use a URL with a scheme (postgres://host/db), a client's own syntax (host=… sslmode=…), or name the engine with --engine.`,
  );
}

