import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRegistry, DbtlsError, type EngineDefinition, type EngineRegistry } from '@dbtls/core';

/** First-party engine packages, found when installed beside the CLI. */
export const FIRST_PARTY_PLUGINS = [
  '@dbtls/engine-postgres',
  '@dbtls/engine-mysql',
  '@dbtls/engine-mssql',
  '@dbtls/engine-nosql',
  '@dbtls/engine-embedded',
] as const;

/** Name of the config file looked up in the working directory. */
export const CONFIG_FILE = 'dbtls.config.json';

/** A loaded plugin module and where it came from. */
export interface LoadedPlugin {
  spec: string;
  engines: EngineDefinition[];
}

function enginesOf(mod: Record<string, unknown>, spec: string): EngineDefinition[] {
  const pick = mod.engines ?? (mod.default as Record<string, unknown> | undefined)?.engines ?? mod.default;
  if (Array.isArray(pick)) return pick as EngineDefinition[];
  if (pick && typeof pick === 'object' && 'apiVersion' in pick) return [pick as EngineDefinition];
  const named = Object.values(mod).filter((v) => v && typeof v === 'object' && 'apiVersion' in (v as object)) as EngineDefinition[];
  if (named.length) return named;
  throw new DbtlsError('invalid-plugin', `The plugin "${spec}" exports no engines (expected an "engines" array or a default export made with defineEngine).`);
}

function isMissing(error: unknown, spec: string): boolean {
  const e = error as NodeJS.ErrnoException;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && String(e.message).includes(spec);
}

async function importSpec(spec: string, cwd: string): Promise<Record<string, unknown>> {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const path = resolve(cwd, spec);
    if (!existsSync(path)) throw new DbtlsError('invalid-plugin', `The plugin file "${spec}" does not exist.`);
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  }
  // A package name: the user's project first, then beside the CLI.
  try {
    const local = createRequire(resolve(cwd, 'package.json')).resolve(spec);
    return (await import(pathToFileURL(local).href)) as Record<string, unknown>;
  } catch {
    return (await import(spec)) as Record<string, unknown>;
  }
}

/** Reads the `plugins` list of a config file. */
export function readConfigPlugins(file: string): { plugins: string[]; base: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DbtlsError('invalid-option', code === 'ENOENT' ? `The config file "${file}" does not exist.` : `The config file "${file}" is not valid JSON.`);
  }
  const plugins = (data as { plugins?: unknown }).plugins;
  if (plugins !== undefined && (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string'))) {
    throw new DbtlsError('invalid-option', `"plugins" in "${file}" must be a list of package names or paths.`);
  }
  return { plugins: (plugins as string[] | undefined) ?? [], base: dirname(resolve(file)) };
}

/**
 * Builds the registry from the first-party engines that are installed, the
 * config file's plugins and `--plugin` specs. Importing a plugin loads its
 * engine definitions only, never a driver.
 */
export async function loadRegistry(options: { plugins?: string[]; config?: string; cwd?: string }): Promise<{ registry: EngineRegistry; loaded: LoadedPlugin[] }> {
  const cwd = options.cwd ?? process.cwd();
  const loaded: LoadedPlugin[] = [];
  for (const spec of FIRST_PARTY_PLUGINS) {
    try {
      loaded.push({ spec, engines: enginesOf((await import(spec)) as Record<string, unknown>, spec) });
    } catch (error) {
      if (!isMissing(error, spec)) throw error;
    }
  }
  const extra: { spec: string; base: string }[] = [];
  const configFile = options.config ?? (existsSync(resolve(cwd, CONFIG_FILE)) ? resolve(cwd, CONFIG_FILE) : undefined);
  if (configFile) {
    const { plugins, base } = readConfigPlugins(configFile);
    extra.push(...plugins.map((spec) => ({ spec, base })));
  }
  extra.push(...(options.plugins ?? []).map((spec) => ({ spec, base: cwd })));
  for (const { spec, base } of extra) {
    if (loaded.some((p) => p.spec === spec)) continue;
    let mod: Record<string, unknown>;
    try {
      mod = await importSpec(spec, base);
    } catch (error) {
      if (error instanceof DbtlsError || (error as { code?: string }).code === 'invalid-plugin') throw error;
      if (isMissing(error, spec)) throw new DbtlsError('invalid-plugin', `The plugin "${spec}" is not installed (npm install ${spec}) or the path is wrong.`);
      throw new DbtlsError('invalid-plugin', `The plugin "${spec}" failed to load: ${(error as Error).message}`, { cause: error });
    }
    loaded.push({ spec, engines: enginesOf(mod, spec) });
  }
  const registry = createRegistry(
    loaded.map((p) => p.engines),
    loaded.map((p) => `plugin ${p.spec}`),
  );
  return { registry, loaded };
}
