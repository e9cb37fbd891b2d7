import { checkTimeout } from './timeout.js';
import { DbtlsError, isDbtlsError } from './dbtls-error.js';
import type { Diagnosis } from './diagnosis.js';
import { diagnoseError } from './diagnose.js';
import type { EngineDefinition, EngineTarget } from './engine.js';
import { redactText } from './redact.js';
import { NOT_APPLICABLE, parseSslMode, type NotApplicable, type SslMode } from './ssl-mode.js';
import { loadTlsMaterial, type TlsOptions, type TlsMaterial } from './tls-options.js';
import type { TlsReport } from './tls-report.js';
import { withCertificateHealth } from './certificate-health.js';
import { hostedAdviceFor, hostedModeWarnings, type HostedAdvice } from './hosted-services.js';
import { refineDiagnosis } from './refine-diagnosis.js';

/** Default connect timeout, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of {@link connect}. Flags given here win over what the URL says.
 *
 * @example
 * ```ts
 * { url: 'postgres://app@db/app', mode: 'verify-identity', caFile: 'ca.pem', timeoutMs: 5000 }
 * ```
 */
export interface ConnectOptions extends Partial<Omit<TlsOptions, 'mode'>> {
  url: string;
  /** Mode in any accepted spelling. Default: the URL's mode, else the engine's default. */
  mode?: SslMode | string;
  /** Deadline for the whole attempt. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Certificates expiring within this many days get a warning. Default {@link DEFAULT_WARN_DAYS}. */
  warnDays?: number;
  signal?: AbortSignal;
}

interface ResultBase {
  engine: string;
  host: string;
  port: number;
  /** Advice for the hosted service the host belongs to, or null. */
  hosted: HostedAdvice | null;
  mode: { requested: SslMode | NotApplicable; effective: SslMode | NotApplicable };
  warnings: string[];
  elapsedMs: number;
}

/** A connection that opened and answered a round trip. */
export interface ConnectSuccess extends ResultBase {
  ok: true;
  encrypted: boolean;
  /** True when `preferred` went on in plain text because the server answered "no TLS". */
  fellBack: boolean;
  tls: TlsReport | null;
  serverVersion: string | null;
}

/** A connection that failed, with its diagnosis. */
export interface ConnectFailure extends ResultBase {
  ok: false;
  /** True when `preferred` had gone on in plain text (the server answered "no TLS") before it failed. */
  fellBack: boolean;
  diagnosis: Diagnosis;
}

/** The warning of a result whose `preferred` connection fell back to plain text. */
export const FELL_BACK_WARNING = 'The server does not offer TLS: "preferred" fell back to an unencrypted connection (password and data were not encrypted).';

/** Result of {@link connect}. */
export type ConnectResult = ConnectSuccess | ConnectFailure;

/** The resolved plan of a connect, before any network traffic. */
export interface ConnectPlan {
  target: EngineTarget;
  requested: SslMode | NotApplicable;
  effective: SslMode | NotApplicable;
  tlsOptions: TlsOptions | null;
  warnings: string[];
}

/**
 * Works out mode and TLS options from the URL, the flags and the engine's
 * defaults. Pure apart from URL parsing; throws `DbtlsError` on bad input.
 *
 * @example
 * ```ts
 * planConnect(postgresEngine, { url: 'postgres://h/db?sslmode=require' }).requested; // 'required'
 * ```
 */
export function planConnect(engine: EngineDefinition, options: ConnectOptions): ConnectPlan {
  const target = engine.parseUrl(options.url);
  // A NUL or another control character is valid in no host, user or database name of any protocol;
  // sent on, it would be cut short or misread by the server (and diagnosed as something else).
  for (const [what, value] of [['host', target.host], ['user name', target.user], ['database name', target.database], ['servername', options.servername]] as const) {
    if (typeof value === 'string' && /[\u0000-\u001f\u007f]/.test(value)) {
      throw new DbtlsError('invalid-url', `The ${what} in "${target.displayUrl}" contains a control character (such as NUL or a newline), which no server accepts there.`);
    }
  }
  if (engine.defaultMode !== NOT_APPLICABLE && target.host.length > 253) {
    throw new DbtlsError('invalid-url', `The host name in "${target.displayUrl.slice(0, 120)}…" is ${target.host.length} characters long; a DNS name has at most 253.`);
  }
  const warnings = [...target.warnings];
  const explicit = options.mode === undefined ? undefined : parseSslMode(options.mode);
  if (engine.defaultMode === NOT_APPLICABLE) {
    if (explicit || target.mode || options.caFile || options.certFile || options.keyFile) {
      warnings.push(`${engine.displayName} has no network protocol: TLS modes and certificates do not apply and were ignored.`);
    }
    return { target, requested: NOT_APPLICABLE, effective: NOT_APPLICABLE, tlsOptions: null, warnings };
  }
  const requested: SslMode = explicit ?? target.mode ?? engine.defaultMode;
  let effective: SslMode = requested;
  if (requested === 'preferred' && engine.fallback.capability === 'none') {
    effective = 'required';
    warnings.push(`${engine.displayName} cannot fall back to plain text safely, so "preferred" behaves as "required": the connection fails if the server offers no TLS.`);
  }
  const unsupported = engine.unsupportedModes?.[effective];
  if (unsupported) throw new DbtlsError('mode-unsupported', `${engine.displayName} cannot honour "${effective}": ${unsupported}`);
  const pick = <K extends keyof TlsOptions>(key: K): TlsOptions[K] | undefined => (options[key as keyof ConnectOptions] as TlsOptions[K] | undefined) ?? target.tls?.[key as Exclude<K, 'mode'>];
  const tlsOptions: TlsOptions = { mode: effective };
  for (const key of ['caFile', 'systemCa', 'certFile', 'keyFile', 'passphrase', 'servername', 'minTlsVersion', 'maxTlsVersion', 'crlFile', 'crlDir', 'sni'] as const) {
    const value = pick(key);
    if (value !== undefined) (tlsOptions as unknown as Record<string, unknown>)[key] = value;
  }
  if (effective === 'disabled' && (tlsOptions.caFile || tlsOptions.certFile)) {
    warnings.push('TLS is disabled: the CA and client certificate files given are not used.');
  }
  return { target, requested, effective, tlsOptions, warnings };
}

/**
 * Connects with an engine: plans the mode, checks the TLS files, opens the
 * connection, makes one round trip and closes it. Bad input throws a
 * `DbtlsError`; a failed connection resolves to `{ ok: false, diagnosis }`.
 *
 * @example
 * ```ts
 * const result = await connect(postgresEngine, { url: 'postgres://localhost/test', mode: 'required' });
 * if (result.ok) console.log(result.tls?.protocol); else console.log(result.diagnosis.summary);
 * ```
 */
export async function connect(engine: EngineDefinition, options: ConnectOptions): Promise<ConnectResult> {
  const started = performance.now();
  const plan = planConnect(engine, options);
  const { target, requested, effective } = plan;
  const warnings = plan.warnings;
  const secrets = [...target.secrets, ...(options.passphrase ? [options.passphrase] : [])];
  const material: TlsMaterial = plan.tlsOptions ? loadTlsMaterial(plan.tlsOptions) : { mode: 'disabled', files: {} };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (options.warnDays !== undefined && (!Number.isInteger(options.warnDays) || options.warnDays < 0)) throw new DbtlsError('invalid-option', `The warning period must be a whole number of days, not ${options.warnDays}.`);
  checkTimeout(timeoutMs, 'timeoutMs');
  const hosted = engine.defaultPort === undefined ? null : hostedAdviceFor(target.host, { engine: engine.id, port: target.port });
  if (hosted && effective !== NOT_APPLICABLE) warnings.push(...hostedModeWarnings(hosted, effective, { caGiven: Boolean(material.ca) }));
  const base = { engine: engine.id, host: target.host, port: target.port, hosted, mode: { requested, effective } };
  const elapsed = () => Math.round(performance.now() - started);

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(new DbtlsError('aborted', 'The connection attempt was aborted.'));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timeoutError = Object.assign(new Error(`No answer from ${target.port ? `${target.host}:${target.port}` : target.host} within ${timeoutMs} ms.`), { code: 'DBTLS_TIMEOUT' });
  const timer = setTimeout(() => controller.abort(timeoutError), timeoutMs);
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => undefined);
  let fellBack = false;
  try {
    const result = await Promise.race([
      engine.connect({
        url: options.url,
        target,
        tls: material,
        requestedMode: requested === NOT_APPLICABLE ? 'disabled' : requested,
        timeoutMs,
        signal: controller.signal,
        warn: (m) => warnings.push(redactText(m, secrets)),
        fellBack: () => {
          fellBack = true;
        },
      }),
      aborted,
    ]);
    fellBack ||= result.fellBack;
    if (fellBack) warnings.push(FELL_BACK_WARNING);
    const tls = await withCertificateHealth(result.tls, {
      ...(options.warnDays !== undefined ? { warnDays: options.warnDays } : {}),
      trust: { ...(material.files.ca ? { caFile: material.files.ca, ...(material.systemCa ? {} : { caPem: material.ca }) } : {}), ...(material.systemCa ? { systemCa: true } : {}) },
      host: material.servername ?? target.host,
    });
    if (tls?.health) warnings.push(...tls.health.warnings);
    return {
      ok: true,
      ...base,
      encrypted: result.encrypted,
      fellBack,
      tls,
      serverVersion: result.serverVersion ?? null,
      warnings,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    if (isDbtlsError(error) && error.code !== 'timeout') throw error;
    const diagnosis = diagnoseError(
      engine,
      error,
      {
        requestedMode: requested === NOT_APPLICABLE ? null : requested,
        effectiveMode: effective === NOT_APPLICABLE ? null : effective,
        given: { ca: Boolean(material.ca), clientCertificate: Boolean(material.cert) },
        host: material.servername ?? target.host,
      },
      secrets,
    );
    if (fellBack) warnings.push(`${FELL_BACK_WARNING} The failure below happened on that unencrypted connection.`);
    return { ok: false, ...base, fellBack, diagnosis: refineDiagnosis(diagnosis, { hosted, material, mode: effective, directTls: engine.fallback.capability === 'none' }), warnings, elapsedMs: elapsed() };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!controller.signal.aborted) controller.abort(new DbtlsError('aborted', 'finished'));
  }
}
