import { isAbsolute, resolve } from 'node:path';
import { DbtlsError, type EngineRegistry } from '@dbtls/core';
import type { Io, OptionSpec, OptionValues } from './command.js';

/**
 * Parses a whole-number flag, or throws a usage error naming it.
 *
 * @example
 * ```ts
 * wholeNumber('--concurrency', '8', 1, 1024); // 8
 * ```
 */
export function wholeNumber(flag: string, value: OptionValues[string], min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || n < min || n > max) throw new DbtlsError('invalid-option', `${flag} must be a whole number from ${min} to ${max}, not "${String(value)}".`);
  return n;
}

/**
 * The registry for a targets file: first-party engines, the file's `plugins`
 * (relative to the file) and `--plugin`. The targets file is not a plugin
 * config, so the program's `registry()` (which reads `--config` as one) is not used.
 *
 * @example
 * ```ts
 * const registry = await fleetRegistry(io, config, values.plugin as string[]);
 * ```
 */
export async function fleetRegistry(io: Io, config: { plugins?: string[]; dir: string } | undefined, flagPlugins: readonly string[] = []): Promise<EngineRegistry> {
  const { loadRegistry } = await import('./plugins.js');
  const fromFile = (config?.plugins ?? []).map((p) => (p.startsWith('.') || isAbsolute(p) ? resolve(config!.dir, p) : p));
  const plugins = [...fromFile, ...flagPlugins];
  return (await loadRegistry({ ...(plugins.length ? { plugins } : {}), cwd: io.cwd, env: io.env })).registry;
}

/**
 * The `--plugin` and `--allow-literal-passwords` options of the fleet commands.
 *
 * @example
 * ```ts
 * options: { config: { type: 'string', description: 'targets file' }, ...FLEET_OPTIONS }
 * ```
 */
export const FLEET_OPTIONS = {
  plugin: { type: 'string', multiple: true, value: 'package-or-path', description: 'load a third-party engine plugin (repeatable)' },
  'allow-literal-passwords': { type: 'boolean', description: 'accept passwords written in clear in the targets file (each is warned about)' },
} as const satisfies Record<string, OptionSpec>;
