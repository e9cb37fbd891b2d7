import type { ConnectionReading } from './connection-reading.js';
import { DbtlsError } from './dbtls-error.js';
import { SSL_MODES, type SslMode } from './ssl-mode.js';

/**
 * A value the translation could not keep. `weakens` is true when losing it
 * makes the result less safe than the source (a CRL, a CA, a TLS floor, the
 * name to verify); false when it only changes behaviour (a client
 * certificate that becomes inline PEM, a fallback).
 *
 * @example
 * ```ts
 * const lost: LostItem = { parameter: 'sslcrl', what: 'node-postgres URLs cannot name a CRL file; pass ssl.crl in code', weakens: true };
 * ```
 */
export interface LostItem {
  /** The source parameter or reading field that is lost. */
  parameter: string;
  what: string;
  weakens: boolean;
}

/**
 * What a target writes: the text, the mode the target's own client will
 * apply to it, and what could not be expressed.
 *
 * @example
 * ```ts
 * const out: TargetOutput = { text: 'postgresql://db/app?sslmode=verify-full', mode: 'verify-identity', lost: [] };
 * ```
 */
export interface TargetOutput {
  text: string;
  /** The mode the target's client applies to `text`. */
  mode: SslMode;
  lost: LostItem[];
}

/**
 * A client syntax a reading can be written in. Engines contribute targets
 * through {@link EngineDefinition.translateTargets}; `engines` lists the
 * engine ids whose readings it accepts.
 *
 * @example
 * ```ts
 * const target: TranslateTarget = {
 *   id: 'libpq', displayName: 'libpq URI', engines: ['postgres'],
 *   description: 'postgresql:// URI for psql, libpq and most drivers built on it',
 *   write: (reading) => ({ text: 'postgresql://…', mode: reading.mode.value, lost: [] }),
 * };
 * ```
 */
export interface TranslateTarget {
  /** Lower-case id used with `--to` (`libpq`, `node-postgres` …). */
  id: string;
  displayName: string;
  description: string;
  /** Engine ids this target fits. */
  engines: readonly string[];
  /** Pure: writes the reading in the target's syntax. */
  write(reading: ConnectionReading): TargetOutput;
}

/** Options of {@link translate}. */
export interface TranslateOptions {
  /** Return a result that is weaker than the source instead of throwing. */
  allowWeaker?: boolean;
}

/**
 * The result of {@link translate}. `text` carries the password; mask it
 * with `secrets` before showing it.
 *
 * @example
 * ```ts
 * const { text, lost, weaker } = translate(reading, target);
 * ```
 */
export interface TranslateResult {
  target: string;
  text: string;
  lost: LostItem[];
  /** Why the result is weaker than the source; empty when it is not. */
  weaker: string[];
  mode: { source: SslMode; target: SslMode };
  /** Values to mask in any display of `text`. */
  secrets: string[];
}

/**
 * Reasons the output of a target is weaker than the reading it came from:
 * a weaker mode, or a lost item marked `weakens`.
 *
 * @example
 * ```ts
 * weakerReasons(reading, { text, mode: 'required', lost: [] }); // ['mode verify-identity becomes required']
 * ```
 */
export function weakerReasons(reading: ConnectionReading, output: TargetOutput): string[] {
  const reasons: string[] = [];
  const source = reading.mode.value;
  if (SSL_MODES.indexOf(output.mode) < SSL_MODES.indexOf(source)) reasons.push(`the mode ${source} becomes ${output.mode}`);
  for (const item of output.lost) if (item.weakens) reasons.push(`${item.parameter} is lost: ${item.what}`);
  return reasons;
}

/**
 * Writes a reading in another client's syntax. Throws
 * `DbtlsError('weaker-translation')` when the result would be weaker than the
 * source (unless `allowWeaker`), and `DbtlsError('invalid-option')` when the
 * target does not fit the reading's engine.
 *
 * @example
 * ```ts
 * const reading = parseConnectionString(registry, 'postgres://app:pw@db/app?sslmode=verify-full');
 * const { text, lost } = translate(reading, registry.getTarget('pgjdbc'));
 * // text: 'jdbc:postgresql://db:5432/app?user=app&password=pw&sslmode=verify-full', lost: []
 * ```
 */
export function translate(reading: ConnectionReading, target: TranslateTarget, options: TranslateOptions = {}): TranslateResult {
  if (!target.engines.includes(reading.engine)) {
    throw new DbtlsError('invalid-option', `The target "${target.id}" writes ${target.engines.join('/')} connection strings; this one is for ${reading.engine}.`);
  }
  const output = target.write(reading);
  const weaker = weakerReasons(reading, output);
  if (weaker.length && !options.allowWeaker) {
    throw new DbtlsError(
      'weaker-translation',
      `Translating to ${target.displayName} would be weaker than the source: ${weaker.join('; ')}. Pass --allow-weaker (allowWeaker: true) to accept it.`,
    );
  }
  return { target: target.id, text: output.text, lost: output.lost, weaker, mode: { source: reading.mode.value, target: output.mode }, secrets: [...reading.secrets] };
}
