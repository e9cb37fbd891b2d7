import { escapeText } from './terminal-safe.js';
import { describeReading, parseConnectionString, REDACTED, translate, type ConnectionReading, type EngineRegistry, type TranslateResult } from '@dbtls/core';
import { colors } from './output.js';

/** Options of `dbtls translate`. */
export interface TranslateCommandOptions {
  to?: string;
  engine?: string;
  allowWeaker?: boolean;
  showPassword?: boolean;
}

/** What `dbtls translate` prints: the JSON value and the human text, both already masked as asked. */
export interface TranslateCommandOutput {
  json: Record<string, unknown>;
  human: string;
  /** Secrets the caller must still mask in anything else it prints (empty with --show-password). */
  secrets: string[];
}

function targetList(registry: EngineRegistry, reading: ConnectionReading): string {
  const targets = registry.targets(reading.engine);
  if (!targets.length) return `No installed engine contributes translate targets for ${reading.engine}.`;
  const width = Math.max(...targets.map((t) => t.id.length));
  return [`Targets for ${reading.engine} (dbtls translate URL --to TARGET):`, ...targets.map((t) => `  ${t.id.padEnd(width)}  ${t.description}`)].join('\n');
}

/** The reading with its password and key passphrase replaced by the mask, for printing. */
function maskedReading(reading: ConnectionReading): ConnectionReading {
  return {
    ...reading,
    ...(reading.password !== undefined && reading.password !== '' ? { password: REDACTED } : {}),
    ...(reading.passphrase ? { passphrase: { ...reading.passphrase, value: REDACTED } } : {}),
    secrets: [],
  };
}

/**
 * `dbtls translate <string> --to <target>`: reads the string with its own
 * client's rules and writes it for another client. Without `--to`, lists the
 * targets that fit the string's engine. Throws `DbtlsError` for bad input
 * and for a result weaker than the source (unless `allowWeaker`).
 *
 * @example
 * ```ts
 * const out = runTranslate(registry, 'host=db sslmode=verify-full', { to: 'pgjdbc' });
 * console.log(out.human);
 * ```
 */
export function runTranslate(registry: EngineRegistry, input: string, options: TranslateCommandOptions): TranslateCommandOutput {
  const reading = parseConnectionString(registry, input, options.engine ? { engine: options.engine } : {});
  const secrets = options.showPassword ? [] : [...reading.secrets];
  if (!options.to) {
    const targets = registry.targets(reading.engine).map((t) => ({ id: t.id, displayName: t.displayName, description: t.description }));
    return { json: { engine: reading.engine, client: reading.client, targets }, human: targetList(registry, reading), secrets };
  }
  const target = registry.getTarget(options.to, reading.engine);
  const result: TranslateResult = translate(reading, target, { allowWeaker: Boolean(options.allowWeaker) });
  // Masked at the source: the target writes the placeholder where the secrets go, so no other
  // part of the text can be altered (a short password never blanks letters of the host or keys).
  // URL-encoding targets write the placeholder as %2A%2A%2A: shown as the mask it is.
  const text = options.showPassword ? result.text : translate(maskedReading(reading), target, { allowWeaker: true }).text.replaceAll('%2A%2A%2A', REDACTED);
  const json = {
    engine: reading.engine,
    from: reading.client,
    to: { id: target.id, displayName: target.displayName },
    text,
    mode: result.mode,
    lost: result.lost,
    weaker: result.weaker,
    warnings: reading.warnings,
    passwordMasked: !options.showPassword && reading.secrets.length > 0,
  };
  const lines = [escapeText(text)];
  const note = (line: string) => lines.push(line);
  if (result.mode.source !== result.mode.target) note(`${colors.yellow('!')} mode ${result.mode.source} becomes ${result.mode.target}`);
  for (const item of result.lost) note(`${colors.yellow(item.weakens ? '✖ lost (weaker):' : '! lost:')} ${escapeText(item.parameter)}: ${escapeText(item.what)}`);
  for (const reason of result.weaker) if (!result.lost.some((l) => reason.startsWith(`${l.parameter} is lost`))) note(`${colors.red('✖ weaker:')} ${escapeText(reason)}`);
  for (const w of reading.warnings) note(`${colors.yellow('!')} ${escapeText(w.message)}`);
  if (json.passwordMasked) note(colors.dim('(password masked; --show-password prints it)'));
  return { json, human: lines.join('\n'), secrets };
}

/**
 * The reading part of `dbtls explain <string> --json`: the reading with its
 * sources, secrets masked.
 *
 * @example
 * ```ts
 * explainReading(registry, 'postgres://db/app?sslmode=require').mode; // { value: 'required', source: { from: 'parameter', ... } }
 * ```
 */
export function explainReading(registry: EngineRegistry, input: string, engine?: string): { reading: ConnectionReading; view: Record<string, unknown> } {
  const reading = parseConnectionString(registry, input, engine ? { engine } : {});
  return { reading, view: describeReading(reading) };
}

/**
 * Human lines for a reading (`dbtls explain` on a connection string).
 *
 * @example
 * ```ts
 * formatReading(reading).join('\n');
 * ```
 */
export function formatReading(reading: ConnectionReading): string[] {
  const view = describeReading(reading);
  const lines = [`Read with ${reading.client.name} rules (${reading.client.syntax}; ${reading.client.reason}):`];
  const src = (field: { source: { from: string; parameter?: string; note?: string } }) =>
    colors.dim(`(${field.source.from === 'parameter' ? field.source.parameter : field.source.from === 'implied' ? `implied by ${field.source.parameter}` : field.source.from}${field.source.note ? `: ${field.source.note}` : ''})`);
  lines.push(`  ${'mode'.padEnd(16)}${reading.mode.value} ${src(reading.mode)}`);
  for (const key of ['caFile', 'systemCa', 'certFile', 'keyFile', 'passphrase', 'crlFile', 'crlDir', 'nameToVerify', 'sni', 'minTlsVersion', 'maxTlsVersion', 'directTls'] as const) {
    const field = view[key] as { value: unknown; source: { from: string; parameter?: string; note?: string } } | null | undefined;
    if (field) lines.push(`  ${key.padEnd(16)}${String(field.value)} ${src(field)}`);
  }
  return lines;
}
