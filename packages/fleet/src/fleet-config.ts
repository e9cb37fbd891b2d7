import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import { DbtlsError, parseSslMode, parseTlsVersion } from '@dbtls/core';

/** Default name of the targets file of `dbtls check` and `dbtls exporter`. */
export const TARGETS_FILE = 'dbtls.targets.yaml';

/**
 * Target names: short, label-safe, no URL or secret can hide in one.
 *
 * @example
 * ```ts
 * TARGET_NAME.test('orders-db'); // true
 * TARGET_NAME.test('postgres://u:p@h/db'); // false
 * ```
 */
export const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const mode = z.string().superRefine((value, ctx) => {
  try {
    parseSslMode(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const tlsVersion = z.string().superRefine((value, ctx) => {
  try {
    parseTlsVersion(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const days = z.number().int().min(0).max(3650);
const timeoutMs = z.number().int().positive().max(600_000);
const envName = z.string().regex(ENV_NAME, 'must be an environment variable name (letters, digits and "_")');

/**
 * A policy, in the file or from flags; the strictest of all that apply wins.
 *
 * @example
 * ```ts
 * policySchema.parse({ minMode: 'verify-ca', failDays: 7 });
 * ```
 */
export const policySchema = z.strictObject({
  minMode: mode.optional(),
  noFallback: z.boolean().optional(),
  warnDays: days.optional(),
  failDays: days.optional(),
  requireTls: z.boolean().optional(),
});

const connection = {
  engine: z.string().min(1).optional(),
  mode: mode.optional(),
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  passphraseEnv: envName.optional(),
  servername: z.string().min(1).optional(),
  minTls: tlsVersion.optional(),
  timeoutMs: timeoutMs.optional(),
};

/**
 * One target of the file.
 *
 * @example
 * ```ts
 * targetSchema.parse({ name: 'orders', url: 'postgres://app:${PW}@db/orders', mode: 'verify-identity' });
 * ```
 */
export const targetSchema = z
  .strictObject({
    name: z.string().regex(TARGET_NAME, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
    url: z.string().min(1).optional(),
    urlEnv: envName.optional(),
    ...connection,
    policy: policySchema.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.url === undefined) === (t.urlEnv === undefined)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of "url" (may use ${VAR}) and "urlEnv" (the name of a variable holding the URL)' });
    if (t.cert !== undefined && t.key === undefined) ctx.addIssue({ code: 'custom', path: ['key'], message: '"cert" needs "key"' });
    if (t.key !== undefined && t.cert === undefined) ctx.addIssue({ code: 'custom', path: ['cert'], message: '"key" needs "cert"' });
  });

/**
 * The targets file: `targets` (required), `defaults` for every target,
 * `policy` for every target, and `plugins`. Unknown keys are errors.
 *
 * @example
 * ```ts
 * fleetConfigSchema.safeParse({ targets: [{ name: 'db', url: 'postgres://db/app', sslmode: 'x' }] }).success; // false
 * ```
 */
export const fleetConfigSchema = z
  .strictObject({
    version: z.literal(1).optional(),
    plugins: z.array(z.string().min(1)).optional(),
    defaults: z.strictObject({ mode: connection.mode, ca: connection.ca, minTls: connection.minTls, timeoutMs: connection.timeoutMs }).optional(),
    policy: policySchema.optional(),
    targets: z.array(targetSchema).min(1, 'list at least one target'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.targets.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `the name "${t.name}" is used twice` });
      seen.add(t.name);
    });
  });

/** The file's policy section. */
export type PolicyInput = z.infer<typeof policySchema>;
/** One target as written in the file. */
export type TargetInput = z.infer<typeof targetSchema>;
/** The whole file, validated. */
export type FleetConfigInput = z.infer<typeof fleetConfigSchema>;

/** A validated targets file and where it lives. */
export interface FleetConfig extends FleetConfigInput {
  /** The file as given (for messages). */
  file: string;
  /** Its directory: relative paths in it are relative to this. */
  dir: string;
}

/**
 * The path of a field for messages: `target "orders" (targets[2]) field "mode"`.
 *
 * @example
 * ```ts
 * describePath(['targets', 0, 'policy', 'minMode'], [{ name: 'orders' }]); // 'target "orders" (targets[0]), field "policy.minMode"'
 * ```
 */
export function describePath(path: readonly PropertyKey[], targets?: readonly { name?: unknown }[]): string {
  if (path[0] === 'targets' && typeof path[1] === 'number') {
    const name = targets?.[path[1]]?.name;
    const who = typeof name === 'string' && TARGET_NAME.test(name) ? `target "${name}" (targets[${path[1]}])` : `targets[${path[1]}]`;
    const rest = path.slice(2).map(String).join('.');
    return rest ? `${who}, field "${rest}"` : who;
  }
  return path.length ? `field "${path.map(String).join('.')}"` : 'the top level';
}

function fail(file: string, where: string, message: string, cause?: unknown): never {
  throw new DbtlsError('invalid-option', `${file}: ${where}: ${message}`, cause === undefined ? undefined : { cause });
}

/**
 * Validates already-parsed file contents. Throws `DbtlsError('invalid-option')`
 * naming the file, the target and the field of the first problem.
 *
 * @example
 * ```ts
 * const config = validateFleetConfig({ targets: [{ name: 'db', url: 'postgres://db/app' }] }, 'inline');
 * config.targets[0].name; // 'db'
 * ```
 */
export function validateFleetConfig(data: unknown, file: string, dir = process.cwd()): FleetConfig {
  const parsed = fleetConfigSchema.safeParse(data);
  if (!parsed.success) {
    // An unknown key first: it often explains the other problems (a misspelt required key).
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    const targets = Array.isArray((data as { targets?: unknown })?.targets) ? ((data as { targets: { name?: unknown }[] }).targets) : undefined;
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    const message = keys.length ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see docs/check.md for the schema)` : issue.message;
    const more = parsed.error.issues.length > 1 ? ` (${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? 's' : ''} after this one)` : '';
    fail(file, describePath(issue.path, targets), `${message}${more}.`);
  }
  return { ...parsed.data, file, dir };
}

/**
 * Reads and validates a targets file: YAML (`.yaml`, `.yml`) or JSON (`.json`).
 *
 * @example
 * ```ts
 * const config = await loadFleetConfig('dbtls.targets.yaml');
 * console.log(config.targets.map((t) => t.name));
 * ```
 */
export async function loadFleetConfig(file: string, cwd = process.cwd()): Promise<FleetConfig> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(file, 'cannot read the targets file', code === 'ENOENT' ? 'it does not exist.' : `${code ?? (error as Error).message}.`, error);
  }
  let data: unknown;
  if (extname(path).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      fail(file, 'not valid JSON', `${(error as Error).message}.`, error);
    }
  } else {
    const { parseDocument } = await import('yaml');
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0];
      fail(file, `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}`, `${problem.message.split('\n')[0]}`, problem);
    }
    data = doc.toJS();
  }
  return validateFleetConfig(data, file, dirname(path));
}
