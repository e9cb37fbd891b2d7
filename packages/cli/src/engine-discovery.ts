import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __filename: string | undefined;

/** Where an engine package was found: the user's project, beside the CLI itself, or named in the config. */
export const ENGINE_ORIGINS = ['project', 'cli', 'config'] as const;
/** One of {@link ENGINE_ORIGINS}. */
export type EngineOrigin = (typeof ENGINE_ORIGINS)[number];

/** An installed engine package found by {@link discoverEnginePackages}. */
export interface FoundEnginePackage {
  /** Package name, e.g. `@dbtls/engine-postgres`. */
  name: string;
  /** Absolute directory of the package (symlinks resolved). */
  dir: string;
  /** Absolute path of the ESM entry point (or the CommonJS one when the package has no ESM entry). */
  entry: string;
  origin: EngineOrigin;
}

/** Package names that are dbtls engines: `@dbtls/engine-*`, `dbtls-engine-*` and `@scope/dbtls-engine-*`. */
export function isEnginePackageName(name: string): boolean {
  return /^@dbtls\/engine-[a-z0-9._-]+$/.test(name) || /^(@[a-z0-9._-]+\/)?dbtls-engine-[a-z0-9._-]+$/.test(name);
}

/** Absolute path of this module, in the ESM and in the CommonJS build. */
export function selfFile(): string {
  return typeof __filename === 'string' && __filename ? __filename : fileURLToPath(import.meta.url);
}

/** The `node_modules` folders Node searches from `dir` upwards, nearest first. */
export function nodeModulesChain(dir: string): string[] {
  const out: string[] = [];
  let current = resolve(dir);
  for (;;) {
    if (!current.endsWith(`${sep}node_modules`)) {
      const candidate = join(current, 'node_modules');
      if (existsSync(candidate)) out.push(candidate);
    }
    const parent = dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null | undefined;

function pickExport(target: ExportTarget, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  for (const [key, value] of Object.entries(target)) {
    if (key === 'types') continue;
    if (conditions.includes(key)) {
      const found = pickExport(value, conditions);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The file `import(name)` would load for the package in `dir`: its `exports["."]` with the `import`,
 * `node` and `default` conditions, else `module`, else `main`, else `index.js`.
 *
 * @example
 * ```ts
 * packageEntry('/app/node_modules/@dbtls/engine-postgres'); // '/app/node_modules/@dbtls/engine-postgres/dist/index.js'
 * ```
 */
export function packageEntry(dir: string): string | undefined {
  const pkg = readJson(join(dir, 'package.json'));
  if (!pkg) return undefined;
  const exp = pkg.exports as ExportTarget | Record<string, ExportTarget>;
  let rel: string | undefined;
  if (exp && typeof exp === 'object' && '.' in exp) rel = pickExport((exp as Record<string, ExportTarget>)['.'], ['import', 'node', 'default', 'require']);
  else if (exp) rel = pickExport(exp as ExportTarget, ['import', 'node', 'default', 'require']);
  rel ??= (pkg.module as string | undefined) ?? (pkg.main as string | undefined) ?? 'index.js';
  const file = join(dir, rel);
  return existsSync(file) ? file : undefined;
}

/** Engine packages directly inside one `node_modules` folder. */
export function enginePackagesIn(nodeModules: string): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  let entries: string[];
  try {
    entries = readdirSync(nodeModules);
  } catch {
    return out;
  }
  for (const entry of entries.sort()) {
    if (entry.startsWith('@')) {
      let scoped: string[];
      try {
        scoped = readdirSync(join(nodeModules, entry));
      } catch {
        continue;
      }
      for (const sub of scoped.sort()) {
        const name = `${entry}/${sub}`;
        if (isEnginePackageName(name)) out.push({ name, dir: join(nodeModules, entry, sub) });
      }
    } else if (isEnginePackageName(entry)) {
      out.push({ name: entry, dir: join(nodeModules, entry) });
    }
  }
  return out;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The directory of the `@dbtls/cli` package this module belongs to (where its package.json is). */
export function cliPackageDir(from: string = selfFile()): string {
  let dir = dirname(real(from));
  for (;;) {
    if (readJson(join(dir, 'package.json'))?.name === '@dbtls/cli') return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(real(from));
    dir = parent;
  }
}

/**
 * Finds the engine packages that are installed: first in the project (every `node_modules` from `cwd`
 * upwards, as Node resolves), then beside the CLI itself (its own dependencies, and the `node_modules`
 * folder it is installed in, which for a global install is the global one). A package found twice is
 * kept where it was found first, so a project's engines win over global ones.
 *
 * @example
 * ```ts
 * for (const p of discoverEnginePackages({ cwd: process.cwd() })) console.log(p.name, p.origin, p.dir);
 * ```
 */
export function discoverEnginePackages(options: { cwd: string; cliDir?: string }): FoundEnginePackage[] {
  const cliDir = options.cliDir ?? cliPackageDir();
  const searches: { nodeModules: string; origin: EngineOrigin }[] = [
    ...nodeModulesChain(options.cwd).map((nodeModules) => ({ nodeModules, origin: 'project' as const })),
    ...[join(cliDir, 'node_modules'), ...nodeModulesChain(dirname(cliDir))].map((nodeModules) => ({ nodeModules, origin: 'cli' as const })),
  ];
  const found: FoundEnginePackage[] = [];
  const seen = new Set<string>();
  for (const { nodeModules, origin } of searches) {
    for (const { name, dir } of enginePackagesIn(nodeModules)) {
      if (seen.has(name)) continue;
      const realDir = real(dir);
      const entry = packageEntry(realDir);
      if (!entry) continue;
      seen.add(name);
      found.push({ name, dir: realDir, entry, origin });
    }
  }
  return found;
}

/**
 * True when `packageName` is installed where a module in `fromDir` would find it (walking up the
 * `node_modules` folders as Node does), without importing it; under Yarn Plug'n'Play, unknown (`null`).
 *
 * @example
 * ```ts
 * isInstalledFrom('ioredis', '/app/node_modules/@dbtls/engine-nosql'); // true when /app/node_modules/ioredis exists
 * ```
 */
export function isInstalledFrom(packageName: string, fromDir: string): boolean | null {
  if ((process.versions as Record<string, string | undefined>).pnp) return null;
  return nodeModulesChain(fromDir).some((nm) => existsSync(join(nm, packageName, 'package.json')));
}
