import { checkTimeout } from './timeout.js';
import { inspect } from 'node:util';
import { connect, DEFAULT_TIMEOUT_MS, FELL_BACK_WARNING, planConnect, type ConnectFailure, type ConnectOptions, type ConnectSuccess } from './connect.js';
import { DbtlsError, isDbtlsError } from './dbtls-error.js';
import type { Diagnosis } from './diagnosis.js';
import { diagnoseError } from './diagnose.js';
import { hideSecrets, printableOptions } from './driver-config.js';
import type { DiagnoseContext, EngineDefinition, EngineOpenedClient } from './engine.js';
import { redactText } from './redact.js';
import { NOT_APPLICABLE, type NotApplicable, type SslMode } from './ssl-mode.js';
import { loadTlsMaterial, type TlsMaterial } from './tls-options.js';
import { withCertificateHealth } from './certificate-health.js';
import { hostedAdviceFor } from './hosted-services.js';

const CONTEXT = Symbol.for('dbtls.driver-config.context');

/**
 * Options of {@link configure} and {@link open}: the same as `connect()`.
 * `timeoutMs` is the connect timeout of each physical connection.
 *
 * @example
 * ```ts
 * { url: 'postgres://app@db/app', mode: 'verify-identity', caFile: 'ca.pem' }
 * ```
 */
export type ConfigureOptions = ConnectOptions;

/**
 * A driver's own client configuration that keeps the mode on every
 * connection the client opens (pools and reconnects included). Spread `args`
 * into the driver's usual constructor. Logging, `util.inspect` or
 * `JSON.stringify` never show key material or passwords.
 *
 * @example
 * ```ts
 * const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url, mode: 'verify-identity', caFile: 'ca.pem' });
 * const pool = new pg.Pool(...cfg.args);
 * ```
 */
export interface DriverConfig<Args extends unknown[] = any[], Options = Record<string, any>> {
  /** The engine id, e.g. `postgres`. */
  engine: string;
  /** The npm package the arguments are for (`pg`, `mysql2`, `ioredis` …). */
  driver: string;
  /** Arguments of the driver's usual client constructor, in order, ready to spread. */
  args: Args;
  /** The options object among `args`. */
  options: Options;
  /** Other ready forms keyed by package (e.g. `mssql`: node-mssql's config). */
  forms: Record<string, any>;
  mode: { requested: SslMode | NotApplicable; effective: SslMode | NotApplicable };
  warnings: string[];
  /** How the mode is enforced on every connection. */
  notes: string[];
  /** Diagnoses an error the client gave later, as `connect()` would. */
  diagnose(error: unknown): Diagnosis;
}

interface HiddenContext {
  engine: EngineDefinition;
  context: DiagnoseContext;
  secrets: string[];
  open: (signal: AbortSignal) => Promise<EngineOpenedClient>;
  options: ConfigureOptions;
}

function hidden(config: DriverConfig): HiddenContext {
  const ctx = (config as unknown as Record<symbol, HiddenContext | undefined>)[CONTEXT];
  if (!ctx) throw new DbtlsError('invalid-option', 'This object was not made by configure().');
  return ctx;
}

/**
 * Builds the options of the engine's driver client (its pool where it has one)
 * for a URL and a mode, with the same options as `connect()`. TLS files are
 * read once, here. Nothing of the driver is imported before this is called.
 * Bad input throws a `DbtlsError`; no network traffic happens (except where
 * an engine must read a server greeting to honour `preferred`, which it says
 * in `notes`).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { configure } from '@dbtls/core';
 * import { postgresEngine } from '@dbtls/engine-postgres';
 * const cfg = await configure<[pg.PoolConfig]>(postgresEngine, { url: process.env.DATABASE_URL!, mode: 'verify-identity', caFile: 'ca.pem' });
 * const pool = new pg.Pool(...cfg.args);
 * ```
 */
export async function configure<Args extends unknown[] = any[], Options = Record<string, any>>(engine: EngineDefinition, options: ConfigureOptions): Promise<DriverConfig<Args, Options>> {
  if (typeof engine.configure !== 'function') {
    throw new DbtlsError('invalid-option', `The ${engine.displayName} engine cannot configure a driver client (it has no "configure" capability); use connect() to check a connection.`);
  }
  const plan = planConnect(engine, options);
  const { target, requested, effective } = plan;
  const warnings = plan.warnings;
  const secrets = [...target.secrets, ...(options.passphrase ? [options.passphrase] : [])];
  const material: TlsMaterial = plan.tlsOptions ? loadTlsMaterial(plan.tlsOptions) : { mode: 'disabled', files: {} };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkTimeout(timeoutMs, 'timeoutMs');
  const made = await engine.configure({
    url: options.url,
    target,
    tls: material,
    requestedMode: requested === NOT_APPLICABLE ? 'disabled' : requested,
    timeoutMs,
    warn: (m) => warnings.push(redactText(m, secrets)),
  });
  const context: DiagnoseContext = {
    requestedMode: requested === NOT_APPLICABLE ? null : requested,
    effectiveMode: effective === NOT_APPLICABLE ? null : effective,
    given: { ca: Boolean(material.ca), clientCertificate: Boolean(material.cert) },
    host: material.servername ?? target.host,
  };
  const forms = made.forms ?? {};
  hideSecrets(made.options, secrets);
  hideSecrets(forms, secrets);
  for (const arg of made.args) if (arg && typeof arg === 'object') hideSecrets(arg, secrets);
  const config = {
    engine: engine.id,
    driver: made.driver,
    args: made.args as Args,
    options: made.options as Options,
    forms,
    mode: { requested, effective },
    warnings,
    notes: made.notes,
    diagnose: (error: unknown) => diagnoseError(engine, error, context, secrets),
  } satisfies DriverConfig<Args, Options>;
  const printable = () => printableOptions({ engine: config.engine, driver: config.driver, args: config.args, mode: config.mode, warnings: config.warnings, notes: config.notes }, secrets);
  Object.defineProperty(config, 'toJSON', { value: printable, enumerable: false });
  Object.defineProperty(config, inspect.custom, { value: printable, enumerable: false });
  Object.defineProperty(config, CONTEXT, { value: { engine, context, secrets, open: made.open, options } satisfies HiddenContext, enumerable: false });
  return config;
}

/** A client that opened and answered a round trip on its first connection. */
export interface OpenSuccess<Client = any> {
  ok: true;
  /** The driver's own object (its pool where it has one), built from {@link configure}. */
  client: Client;
  /** What `connect()` reports for the first connection. */
  report: ConnectSuccess;
  /** The configuration the client was built from. */
  config: DriverConfig;
  /** Closes the client and all its connections. */
  close(): Promise<void>;
}

/** Result of {@link open}: a working client, or `connect()`'s failure with its diagnosis. */
export type OpenResult<Client = any> = OpenSuccess<Client> | ConnectFailure;

/**
 * Configures the driver (see {@link configure}), builds its client (its pool
 * where it has one), and makes one round trip on the first connection.
 * Resolves to `{ ok: true, client, report, close }` or to the same
 * `{ ok: false, diagnosis }` that `connect()` gives.
 *
 * @example
 * ```ts
 * const opened = await open<pg.Pool>(postgresEngine, { url, mode: 'verify-identity', caFile: 'ca.pem' });
 * if (!opened.ok) throw new Error(opened.diagnosis.summary);
 * const { rows } = await opened.client.query('SELECT 1');
 * await opened.close();
 * ```
 */
export async function open<Client = any>(engine: EngineDefinition, options: ConfigureOptions): Promise<OpenResult<Client>> {
  const started = performance.now();
  const config = await configure(engine, options);
  const ctx = hidden(config);
  const plan = planConnect(engine, options);
  const hosted = engine.defaultPort === undefined ? null : hostedAdviceFor(plan.target.host, { engine: engine.id, port: plan.target.port });
  const base = { engine: engine.id, host: plan.target.host, port: plan.target.port, hosted, mode: config.mode };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(new DbtlsError('aborted', 'Opening the client was aborted.'));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(Object.assign(new Error(`No answer from ${plan.target.host}:${plan.target.port} within ${timeoutMs} ms.`), { code: 'DBTLS_TIMEOUT' })), timeoutMs);
  try {
    const opened = await ctx.open(controller.signal);
    let report: ConnectSuccess;
    if (opened.first) {
      const first = opened.first;
      if (first.fellBack && !config.warnings.some((w) => w.includes('fell back'))) config.warnings.push(FELL_BACK_WARNING);
      const tls = await withCertificateHealth(first.tls, {
        ...(options.warnDays !== undefined ? { warnDays: options.warnDays } : {}),
        trust: { ...(plan.tlsOptions?.caFile ? { caFile: plan.tlsOptions.caFile } : {}), ...(plan.tlsOptions?.systemCa ? { systemCa: true } : {}) },
        host: plan.tlsOptions?.servername ?? plan.target.host,
      });
      if (tls?.health) config.warnings.push(...tls.health.warnings);
      report = { ok: true, ...base, encrypted: first.encrypted, fellBack: first.fellBack, tls, serverVersion: first.serverVersion ?? null, warnings: config.warnings, elapsedMs: Math.round(performance.now() - started) };
    } else {
      const checked = await connect(engine, { ...options, signal: controller.signal });
      if (!checked.ok) {
        await opened.close().catch(() => undefined);
        return checked;
      }
      report = { ...checked, warnings: [...new Set([...config.warnings, ...checked.warnings])], elapsedMs: Math.round(performance.now() - started) };
    }
    return { ok: true, client: opened.client as Client, report, config, close: opened.close };
  } catch (error) {
    if (isDbtlsError(error) && error.code !== 'timeout' && error.code !== 'aborted') throw error;
    const cause = controller.signal.aborted && controller.signal.reason ? controller.signal.reason : error;
    return { ok: false, ...base, fellBack: false, diagnosis: config.diagnose(cause), warnings: config.warnings, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Diagnoses an error that a configured client gave later (a pool that cannot
 * reconnect, a certificate that changed), with the same structured diagnosis
 * as `connect()` failures. Pass the {@link DriverConfig} (or a partial
 * context) so the diagnosis knows the mode and the files given.
 *
 * @example
 * ```ts
 * pool.on('error', (error) => console.error(diagnose(postgresEngine, error, cfg).summary));
 * ```
 */
export function diagnose(engine: EngineDefinition, error: unknown, context?: DriverConfig | Partial<DiagnoseContext>): Diagnosis {
  const ctx = context && (context as unknown as Record<symbol, unknown>)[CONTEXT] ? hidden(context as DriverConfig) : undefined;
  if (ctx) return diagnoseError(engine, error, ctx.context, ctx.secrets);
  const partial = (context ?? {}) as Partial<DiagnoseContext>;
  return diagnoseError(engine, error, {
    requestedMode: partial.requestedMode ?? null,
    effectiveMode: partial.effectiveMode ?? partial.requestedMode ?? null,
    given: partial.given ?? { ca: false, clientCertificate: false },
    ...(partial.host ? { host: partial.host } : {}),
  });
}
