import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRegistry, DbtlsError, ENGINE_API_VERSION, isDbtlsError, type EngineDefinition, type EngineRegistry } from '@dbtls/core';
import { cliPackageDir, discoverEnginePackages, isInstalledFrom, nodeModulesChain, packageEntry, type EngineOrigin } from './engine-discovery.js';
import { detectRunContext, driverInstallHint, engineInstallHint, installCommand, withInstallHint, type RunContext } from './install-hint.js';
import { knownEngineFor } from './known-engines.js';

/** First-party engine packages (found like any other installed engine package; see engine-discovery.ts). */
export const FIRST_PARTY_PLUGINS = [
  '@dbtls/engine-postgres',
  '@dbtls/engine-mysql',
  '@dbtls/engine-mssql',
  '@dbtls/engine-nosql',
  '@dbtls/engine-embedded',
] as const;

/** Name of the config file, looked up in the working directory and upwards. */
export const CONFIG_FILE = 'dbtls.config.json';

/** A loaded plugin module and where it came from. */
/** What `dbtls engines` shows of an engine: its static description (from a package's manifest, or the definition). */
export type EngineListing = Pick<EngineDefinition, 'id' | 'displayName' | 'schemes' | 'aliases' | 'defaultPort' | 'defaultMode' | 'fallback' | 'guidance' | 'drivers' | 'isAvailable'>;

/** The engines of a first-party package as its build described them (dist/engines-manifest.json), if it has one. */
function manifestListing(dir: string): EngineListing[] | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'engines-manifest.json'), 'utf8')) as { engines: (EngineListing & { defaultPort: number | null })[] };
    if (!Array.isArray(manifest.engines)) return undefined;
    return manifest.engines.map(({ defaultPort, ...e }) => ({ ...e, ...(defaultPort === null ? {} : { defaultPort }) }));
  } catch {
    return undefined;
  }
}

export interface LoadedPlugin {
  spec: string;
  engines: EngineDefinition[];
  /** Where it was found: the project, beside the CLI, or named in the config / with --plugin. */
  origin: EngineOrigin;
  /** The package (or plugin file's) directory, when known. */
  dir?: string;
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

async function importSpec(spec: string, cwd: string): Promise<{ mod: Record<string, unknown>; dir?: string }> {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const path = resolve(cwd, spec);
    if (!existsSync(path)) throw new DbtlsError('invalid-plugin', `The plugin file "${spec}" does not exist.`);
    return { mod: (await import(pathToFileURL(path).href)) as Record<string, unknown>, dir: dirname(path) };
  }
  // A package name: the config's (or working) directory and upwards first, then beside the CLI.
  for (const nodeModules of [...nodeModulesChain(cwd), join(cliPackageDir(), 'node_modules'), ...nodeModulesChain(dirname(cliPackageDir()))]) {
    const dir = join(nodeModules, spec);
    const entry = existsSync(join(dir, 'package.json')) ? packageEntry(dir) : undefined;
    if (entry) return { mod: (await import(pathToFileURL(entry).href)) as Record<string, unknown>, dir };
  }
  const error = Object.assign(new Error(`Cannot find package '${spec}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  throw error;
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

function withDriverHints(engine: EngineDefinition, found: { name: string; dir: string; origin: EngineOrigin } | undefined, context: RunContext): EngineDefinition {
  if (!found) return engine;
  const hinted: EngineDefinition = {
    ...engine,
    // Where the engine package is, its driver must be: answer from there (also in the CommonJS build).
    isAvailable: engine.isAvailable ?? (() => (engine.drivers.length === 0 ? true : engine.drivers.every((d) => isInstalledFrom(d, found.dir) !== false))),
    async connect(ctx) {
      try {
        return await engine.connect(ctx);
      } catch (error) {
        if (isDbtlsError(error) && error.code === 'driver-missing') {
          error.message = withInstallHint(error.message, (spec) => driverInstallHint({ driver: spec, enginePackage: found.name, origin: found.origin, context }));
        }
        throw error;
      }
    },
  };
  return hinted;
}

function withEngineHints(registry: EngineRegistry, context: RunContext): EngineRegistry {
  const hint = (error: unknown, name: string): never => {
    const known = knownEngineFor(name);
    if (isDbtlsError(error) && error.code === 'unknown-engine' && known) {
      const packages = 'driver' in known ? [known.package, known.driver] : [known.package];
      error.message = `${error.message} ${name.replace(/:$/, '')} is handled by ${known.package}: ${engineInstallHint(packages.join(' '), context)}`;
    }
    throw error;
  };
  return {
    ...registry,
    get(name) {
      try {
        return registry.get(name);
      } catch (error) {
        return hint(error, name);
      }
    },
    resolve(url, engine) {
      try {
        return registry.resolve(url, engine);
      } catch (error) {
        return hint(error, engine ?? /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? '');
      }
    },
  };
}

/**
 * The config file for `cwd`: `dbtls.config.json` in the working directory or the nearest directory
 * above it that has one.
 *
 * @example
 * ```ts
 * findConfigFile('/srv/app/sub'); // '/srv/app/dbtls.config.json' when only /srv/app has one
 * ```
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Builds the registry from the engine packages installed in the project and beside the CLI (see
 * `discoverEnginePackages`), the config file's plugins and `--plugin` specs. Importing a plugin
 * loads its engine definitions only, never a driver. A missing driver or engine is reported with the
 * install command for the way this `dbtls` runs (local, global or npx; npm, pnpm or yarn).
 *
 * @example
 * ```ts
 * const { registry } = await loadRegistry({ cwd: process.cwd() });
 * registry.resolve('postgres://localhost/app').id; // 'postgres' when @dbtls/engine-postgres is installed
 * ```
 */
export async function loadRegistry(options: {
  plugins?: string[];
  config?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  cliDir?: string;
  need?: string;
  /** Only list: first-party packages with a build manifest are described from it, not imported (`dbtls engines`). */
  listOnly?: boolean;
}): Promise<{ registry: EngineRegistry; loaded: LoadedPlugin[]; context: RunContext; listed: EngineListing[] }> {
  const cwd = options.cwd ?? process.cwd();
  const cliDir = options.cliDir ?? cliPackageDir();
  const context = detectRunContext({ cliDir, cwd, env: options.env ?? process.env });
  const loaded: LoadedPlugin[] = [];
  const listed: EngineListing[] = [];
  const extra: { spec: string; base: string }[] = [];
  const configFile = options.config ? resolve(cwd, options.config) : findConfigFile(cwd);
  if (configFile) {
    const { plugins, base } = readConfigPlugins(configFile);
    extra.push(...plugins.map((spec) => ({ spec, base })));
  }
  extra.push(...(options.plugins ?? []).map((spec) => ({ spec, base: cwd })));
  const named = new Set(extra.map((e) => e.spec));
  const rank = (name: string) => ((FIRST_PARTY_PLUGINS as readonly string[]).includes(name) ? (FIRST_PARTY_PLUGINS as readonly string[]).indexOf(name) : FIRST_PARTY_PLUGINS.length);
  const all = discoverEnginePackages({ cwd, cliDir }).sort((a, b) => rank(a.name) - rank(b.name));
  // A command about one engine (an id, alias or URL) loads, of the first-party packages, only the one
  // that handles it: first-party packages never claim each other's names, and each one loaded costs start-up.
  const scheme = options.need ? (/^([a-z][a-z0-9+.-]*):/i.exec(options.need)?.[1] ?? options.need) : undefined;
  const wanted = scheme ? knownEngineFor(scheme)?.package : undefined;
  const firstParty = FIRST_PARTY_PLUGINS as readonly string[];
  const discovered = wanted && all.some((f) => f.name === wanted) ? all.filter((f) => f.name === wanted || !firstParty.includes(f.name)) : all;
  for (const found of discovered) {
    if (named.has(found.name)) continue;
    const described = options.listOnly && firstParty.includes(found.name) ? manifestListing(found.dir) : undefined;
    if (described) {
      // As for an imported package: where the engine package is, its driver must be.
      listed.push(...described.map((e) => ({ ...e, isAvailable: () => e.drivers.length === 0 || e.drivers.every((d) => isInstalledFrom(d, found.dir) !== false) })));
      continue;
    }
    const mod = (await import(pathToFileURL(found.entry).href)) as Record<string, unknown>;
    loaded.push({ spec: found.name, engines: enginesOf(mod, found.name).map((e) => withDriverHints(e, found, context)), origin: found.origin, dir: found.dir });
  }
  for (const { spec, base } of extra) {
    if (loaded.some((p) => p.spec === spec)) continue;
    let mod: Record<string, unknown>;
    let dir: string | undefined;
    try {
      ({ mod, dir } = await importSpec(spec, base));
    } catch (error) {
      if (isDbtlsError(error) || (error as { code?: string }).code === 'invalid-plugin') throw error;
      if (isMissing(error, spec)) throw new DbtlsError('invalid-plugin', `The plugin "${spec}" is not installed (${installCommand([spec], context.manager, context.kind === 'global' ? 'global' : 'project')}) or the path is wrong.`);
      throw new DbtlsError('invalid-plugin', `The plugin "${spec}" failed to load: ${(error as Error).message}`, { cause: error });
    }
    const found = dir ? { name: spec, dir, origin: 'config' as const } : undefined;
    loaded.push({ spec, engines: enginesOf(mod, spec).map((e) => withDriverHints(e, found, context)), origin: 'config', ...(dir ? { dir } : {}) });
  }
  // Listed (not imported) engines still take part in the clash checks: a plugin may not claim their names.
  const unloaded = (): never => {
    throw new DbtlsError('invalid-option', 'This engine was only listed, not loaded.');
  };
  const listedStubs = listed.map((e) => ({ ...e, apiVersion: ENGINE_API_VERSION, parseUrl: unloaded, driverOptions: unloaded, connect: unloaded }) as EngineDefinition);
  const checked = createRegistry(
    [...(listedStubs.length ? [listedStubs] : []), ...loaded.map((p) => p.engines)],
    [...(listedStubs.length ? ['the installed first-party engines'] : []), ...loaded.map((p) => `plugin ${p.spec}`)],
  );
  const registry = listedStubs.length ? createRegistry(loaded.map((p) => p.engines), loaded.map((p) => `plugin ${p.spec}`)) : checked;
  return { registry: withEngineHints(registry, context), loaded, context, listed };
}
