import { DbtlsError } from '@dbtls/core';

/** A `${NAME}` reference; `$${` is a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{([^}]*)\}?/g;

/** What {@link interpolateEnv} found in one string. */
export interface Interpolated {
  value: string;
  /** Names of the variables used, in order. */
  variables: string[];
  /** The values substituted (they may be secrets). */
  values: string[];
}

/**
 * A bad `${...}` reference or an unset variable (a `DbtlsError` with code
 * `invalid-option`); callers add the file, target and field to the message.
 *
 * @example
 * ```ts
 * try { interpolateEnv('${NOPE}', {}); } catch (e) { if (e instanceof InterpolationError) console.log(e.message); }
 * ```
 */
export class InterpolationError extends DbtlsError {
  constructor(message: string) {
    super('invalid-option', message);
    this.name = 'InterpolationError';
  }
}

/**
 * Replaces every `${NAME}` in a string with the environment variable of that
 * name. `$${` stands for a literal `${`. An unset variable, or a reference that
 * is not `${NAME}` (letters, digits and `_`), throws {@link InterpolationError}.
 *
 * @example
 * ```ts
 * interpolateEnv('postgres://app:${PGPASSWORD}@db/app', { PGPASSWORD: 's3cret' }).value;
 * // 'postgres://app:s3cret@db/app'
 * ```
 */
export function interpolateEnv(text: string, env: NodeJS.ProcessEnv): Interpolated {
  const variables: string[] = [];
  const values: string[] = [];
  const value = text.replace(REFERENCE, (whole, name: string | undefined, bad: string | undefined) => {
    if (whole === '$${') return '${';
    if (name === undefined) throw new InterpolationError(`"\${${bad ?? ''}${whole.endsWith('}') ? '}' : ''}" is not a valid reference: write \${NAME} with letters, digits and "_" (or $\${ for a literal "\${").`);
    const found = Object.hasOwn(env, name) ? env[name] : undefined;
    if (found === undefined) throw new InterpolationError(`the environment variable ${name} is not set.`);
    variables.push(name);
    values.push(found);
    return found;
  });
  return { value, variables, values };
}

/**
 * The string with every `${NAME}` replaced by a marker made of letters and
 * digits, for working out which parts of a URL came from the environment.
 *
 * @example
 * ```ts
 * markReferences('u:${PW}@h').value; // 'u:DBTLSREF0X@h'
 * ```
 */
export function markReferences(text: string): { value: string; markers: string[] } {
  const markers: string[] = [];
  const value = text.replace(REFERENCE, (whole, name: string | undefined) => {
    if (whole === '$${') return '${';
    if (name === undefined) return whole;
    const marker = `DBTLSREF${markers.length}X`;
    markers.push(marker);
    return marker;
  });
  return { value, markers };
}
