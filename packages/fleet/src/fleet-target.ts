import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DbtlsError, isDbtlsError, parseSslMode, parseTlsVersion, planConnect, redactText, redactUrl, type ConnectOptions, type EngineDefinition, type EngineRegistry, type NotApplicable, type SslMode } from '@dbtls/core';
import { describePath, type FleetConfig, type PolicyInput, type TargetInput } from './fleet-config.js';
import { strictestPolicy, type FleetPolicy } from './fleet-policy.js';
import { interpolateEnv, InterpolationError, markReferences } from './interpolate.js';

/** Per-target timeout of fleet checks and probes when nothing says otherwise, in ms. */
export const DEFAULT_FLEET_TIMEOUT_MS = 5000;

/**
 * A target ready to connect: engine resolved, environment interpolated, files
 * checked, policy combined. `options.url` holds secrets: never print it; print
 * `displayUrl`.
 */
export interface PreparedTarget {
  name: string;
  engine: EngineDefinition;
  options: ConnectOptions & { timeoutMs: number };
  /** The effective mode the URL alone asks for. */
  urlMode: SslMode | NotApplicable;
  /** The URL with every secret masked. */
  displayUrl: string;
  host: string;
  port: number;
  /** Values removed from every output of this target. */
  secrets: string[];
  policy: FleetPolicy;
}

/** Options of {@link prepareFleet}. */
export interface PrepareOptions {
  env: NodeJS.ProcessEnv;
  /** Accept passwords written in clear in the file (each one is warned about). */
  allowLiteralPasswords?: boolean;
  /** Policy from flags; combined with the file's, strictest wins. */
  policy?: PolicyInput;
  /** Timeout for targets that give none; default {@link DEFAULT_FLEET_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Targets ready to run, and what the user should know about the file. */
export interface PreparedFleet {
  targets: PreparedTarget[];
  warnings: string[];
}

/**
 * Resolves every target of a validated file: interpolates `${VAR}`, reads
 * `urlEnv`, picks the engine, parses the URL, checks modes and files, refuses
 * passwords written in clear (unless accepted) and combines the policies.
 * Throws `DbtlsError('invalid-option')` naming the target and the field.
 *
 * @example
 * ```ts
 * const { targets } = prepareFleet(config, registry, { env: process.env, policy: { minMode: 'verify-ca' } });
 * ```
 */
export function prepareFleet(config: FleetConfig, registry: EngineRegistry, options: PrepareOptions): PreparedFleet {
  const warnings: string[] = [];
  const targets = config.targets.map((input, index) => prepareTarget(config, input, index, registry, options, warnings));
  return { targets, warnings };
}

function prepareTarget(config: FleetConfig, input: TargetInput, index: number, registry: EngineRegistry, options: PrepareOptions, warnings: string[]): PreparedTarget {
  const where = (field: string) => `${config.file}: ${describePath(['targets', index, ...field.split('.')], config.targets)}`;
  const bad = (field: string, message: string, cause?: unknown): never => {
    throw new DbtlsError('invalid-option', `${where(field)}: ${message}`, cause === undefined ? undefined : { cause });
  };
  const env = options.env;
  const secrets: string[] = [];
  const text = (field: 'url' | 'ca' | 'cert' | 'key' | 'servername', value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    try {
      return interpolateEnv(value, env).value;
    } catch (error) {
      if (error instanceof InterpolationError) return bad(field, error.message);
      throw error;
    }
  };

  let url: string;
  let urlField = 'url';
  if (input.urlEnv !== undefined) {
    urlField = 'urlEnv';
    const value = env[input.urlEnv];
    if (value === undefined || value === '') bad('urlEnv', `the environment variable ${input.urlEnv} is not set.`);
    url = value!;
  } else {
    url = text('url', input.url)!;
  }

  let engine: EngineDefinition;
  try {
    engine = registry.resolve(url, input.engine);
  } catch (error) {
    return bad(input.engine ? 'engine' : urlField, (error as Error).message, error);
  }
  let target;
  try {
    target = engine.parseUrl(url);
  } catch (error) {
    return bad(urlField, isDbtlsError(error) ? error.message : `${engine.displayName} cannot read this URL.`, error);
  }
  secrets.push(...target.secrets);

  if (input.url !== undefined && target.secrets.length && hasLiteralSecret(input.url, engine, target.secrets)) {
    if (!options.allowLiteralPasswords) {
      bad('url', 'the URL holds a password in clear text. Put the password in an environment variable and write ${VAR} in its place (e.g. postgres://app:${ORDERS_PASSWORD}@db/orders), or use "urlEnv"; --allow-literal-passwords accepts it with a warning.');
    }
    warnings.push(`${where('url')}: the URL holds a password in clear text in the file (accepted with --allow-literal-passwords); move it to an environment variable.`);
  }

  const dir = config.dir;
  const file = (field: 'ca' | 'cert' | 'key', value: string | undefined): string | undefined => {
    const path = text(field, value);
    if (path === undefined) return undefined;
    const full = resolve(dir, path);
    if (!existsSync(full)) bad(field, `the file "${path}" does not exist (relative paths are relative to the targets file).`);
    return full;
  };
  const defaults = config.defaults ?? {};
  const connect: ConnectOptions & { timeoutMs: number } = { url, timeoutMs: input.timeoutMs ?? defaults.timeoutMs ?? options.timeoutMs ?? DEFAULT_FLEET_TIMEOUT_MS };
  const mode = input.mode ?? defaults.mode;
  if (mode !== undefined) connect.mode = parseSslMode(mode);
  const ca = file('ca', input.ca ?? defaults.ca);
  if (ca) connect.caFile = ca;
  const cert = file('cert', input.cert);
  if (cert) connect.certFile = cert;
  const key = file('key', input.key);
  if (key) connect.keyFile = key;
  const servername = text('servername', input.servername);
  if (servername) connect.servername = servername;
  const minTls = input.minTls ?? defaults.minTls;
  if (minTls) connect.minTlsVersion = parseTlsVersion(minTls);
  if (input.passphraseEnv !== undefined) {
    const value = env[input.passphraseEnv];
    if (value === undefined) bad('passphraseEnv', `the environment variable ${input.passphraseEnv} is not set.`);
    connect.passphrase = value!;
    secrets.push(value!);
  }

  let urlMode: SslMode | NotApplicable;
  try {
    planConnect(engine, connect);
    urlMode = planConnect(engine, { url }).effective;
  } catch (error) {
    const code = isDbtlsError(error) ? error.code : undefined;
    return bad(code === 'mode-unsupported' && input.mode ? 'mode' : code === 'invalid-option' || code === 'invalid-ssl-mode' ? 'mode' : urlField, (error as Error).message, error);
  }
  return {
    name: input.name,
    engine,
    options: connect,
    urlMode,
    displayUrl: displayUrl(url, secrets),
    host: target.host,
    port: target.port,
    secrets,
    policy: strictestPolicy([config.policy, input.policy, options.policy]),
  };
}

/**
 * The URL for output: every known secret removed first (so that a password
 * holding `@` or `/` cannot leave a piece behind), then the URL masking of core.
 *
 * @example
 * ```ts
 * displayUrl('postgres://app:p@ss@db/x', ['p@ss']); // 'postgres://app:***@db/x'
 * ```
 */
export function displayUrl(url: string, secrets: readonly string[]): string {
  return redactUrl(redactText(url, secrets));
}

/**
 * True when a URL as written in the file (before `${VAR}` substitution) holds
 * a secret of its own: part of a password that no `${VAR}` supplies.
 *
 * @example
 * ```ts
 * hasLiteralSecret('postgres://app:${PW}@db/app', postgresEngine, ['s3cret']); // false
 * hasLiteralSecret('postgres://app:s3cret@db/app', postgresEngine, ['s3cret']); // true
 * ```
 */
export function hasLiteralSecret(raw: string, engine: EngineDefinition, secrets: readonly string[]): boolean {
  const { value, markers } = markReferences(raw);
  try {
    const marked = engine.parseUrl(value).secrets;
    return marked.some((s) => markers.reduce((rest, m) => rest.split(m).join(''), s).length > 0);
  } catch {
    // The markers made the URL unreadable (e.g. ${PORT}): look for the secrets themselves.
    return secrets.some((s) => s.length > 0 && (value.includes(s) || value.includes(encodeURIComponent(s))));
  }
}

/**
 * Targets from URLs given on the command line, named `host:port`.
 *
 * @example
 * ```ts
 * const { targets } = prepareUrls(['postgres://db:5432/app'], registry, { env: process.env });
 * targets[0].name; // 'db:5432'
 * ```
 */
export function prepareUrls(urls: readonly string[], registry: EngineRegistry, options: PrepareOptions & { mode?: string; caFile?: string; engine?: string; cwd?: string }): PreparedFleet {
  const names = new Map<string, number>();
  const targets = urls.map((url): PreparedTarget => {
    const engine = registry.resolve(url, options.engine);
    const target = engine.parseUrl(url);
    const connect: ConnectOptions & { timeoutMs: number } = { url, timeoutMs: options.timeoutMs ?? DEFAULT_FLEET_TIMEOUT_MS };
    if (options.mode) connect.mode = parseSslMode(options.mode);
    if (options.caFile) connect.caFile = resolve(options.cwd ?? process.cwd(), options.caFile);
    planConnect(engine, connect);
    const base = target.port ? `${target.host}:${target.port}` : target.host || engine.id;
    const seen = (names.get(base) ?? 0) + 1;
    names.set(base, seen);
    return {
      name: seen > 1 ? `${base}#${seen}` : base,
      engine,
      options: connect,
      urlMode: planConnect(engine, { url }).effective,
      displayUrl: displayUrl(url, target.secrets),
      host: target.host,
      port: target.port,
      secrets: [...target.secrets],
      policy: strictestPolicy([options.policy]),
    };
  });
  return { targets, warnings: [] };
}
