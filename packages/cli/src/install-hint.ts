import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { nodeModulesChain, type EngineOrigin } from './engine-discovery.js';

/** Package managers whose install commands the CLI prints. */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn'] as const;
/** One of {@link PACKAGE_MANAGERS}. */
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** How this `dbtls` was started: from the project's dependencies, a global install, or a one-off `npx`/`dlx` run. */
export const RUN_KINDS = ['local', 'global', 'npx'] as const;
/** One of {@link RUN_KINDS}. */
export type RunKind = (typeof RUN_KINDS)[number];

/** Where `dbtls` runs, as far as install commands are concerned. */
export interface RunContext {
  kind: RunKind;
  /** The package manager of the project (local, npx) or of the global install. */
  manager: PackageManager;
}

/** Reads a package manager from `npm_config_user_agent` (`pnpm/10.3.0 npm/? node/v20…`). */
export function managerFromUserAgent(agent: string | undefined): PackageManager | undefined {
  const name = agent?.split('/')[0];
  return (PACKAGE_MANAGERS as readonly string[]).includes(name ?? '') ? (name as PackageManager) : undefined;
}

/** The package manager whose lockfile is nearest above `cwd`, if any. */
export function managerFromLockfile(cwd: string): PackageManager | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-lock.yaml')) || existsSync(join(dir, 'pnpm-workspace.yaml'))) return 'pnpm';
    if (existsSync(join(dir, 'yarn.lock'))) return 'yarn';
    if (existsSync(join(dir, 'package-lock.json')) || existsSync(join(dir, 'npm-shrinkwrap.json'))) return 'npm';
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Works out how this `dbtls` runs from where its package is and the environment: inside an npx or
 * dlx cache is `npx`; inside the project's `node_modules` (or its workspace) is `local`; anywhere
 * else is `global`. The package manager comes from the project's lockfile, then from the user agent
 * of the command that started us, then (global) from the install path, else npm.
 *
 * @example
 * ```ts
 * detectRunContext({ cliDir: '/usr/lib/node_modules/@dbtls/cli', cwd: '/srv/app', env: {} }); // { kind: 'global', manager: 'npm' }
 * ```
 */
export function detectRunContext(options: { cliDir: string; cwd: string; env: NodeJS.ProcessEnv }): RunContext {
  const cliDir = real(options.cliDir);
  const cwd = real(options.cwd);
  const agent = managerFromUserAgent(options.env.npm_config_user_agent);
  const inside = (dir: string) => cliDir === dir || cliDir.startsWith(dir + sep);
  const parts = cliDir.split(sep);
  if (parts.includes('_npx') || parts.some((p) => p === 'dlx' || p.startsWith('dlx-') || p.startsWith('xfs-'))) {
    return { kind: 'npx', manager: managerFromLockfile(cwd) ?? agent ?? 'npm' };
  }
  const projectRoots = nodeModulesChain(cwd).map((nm) => dirname(nm));
  if (nodeModulesChain(cwd).some((nm) => inside(real(nm))) || projectRoots.some((root) => inside(real(root)) && existsSync(join(root, 'package.json')))) {
    return { kind: 'local', manager: managerFromLockfile(cwd) ?? agent ?? 'npm' };
  }
  const fromPath: PackageManager | undefined = parts.includes('pnpm') || parts.some((p) => p.startsWith('.pnpm')) ? 'pnpm' : parts.includes('.yarn') || cliDir.includes(`${sep}yarn${sep}global${sep}`) ? 'yarn' : undefined;
  return { kind: 'global', manager: fromPath ?? agent ?? 'npm' };
}

/**
 * The command that installs `packages` for the project (`dev` adds them as development dependencies)
 * or globally.
 *
 * @example
 * ```ts
 * installCommand(['ioredis'], 'pnpm', 'global'); // 'pnpm add -g ioredis'
 * ```
 */
export function installCommand(packages: readonly string[], manager: PackageManager, where: 'project' | 'global', dev = false): string {
  const list = packages.join(' ');
  if (where === 'global') return manager === 'npm' ? `npm install -g ${list}` : manager === 'pnpm' ? `pnpm add -g ${list}` : `yarn global add ${list}`;
  if (manager === 'npm') return `npm install ${dev ? '--save-dev ' : ''}${list}`;
  return `${manager} add ${dev ? '-D ' : ''}${list}`;
}

/**
 * How to install a missing driver for an engine package found at `origin`: where the engine is, the
 * driver must be. An engine beside a global CLI gets a global install; an engine in an npx cache
 * would lose the driver on the next run, so both go into the project (which `npx @dbtls/cli` searches).
 *
 * @example
 * ```ts
 * driverInstallHint({ driver: 'ioredis', enginePackage: '@dbtls/engine-nosql', origin: 'cli', context: { kind: 'npx', manager: 'npm' } });
 * // 'npm install --save-dev @dbtls/engine-nosql ioredis (npx @dbtls/cli finds the packages of the project it runs in)'
 * ```
 */
export function driverInstallHint(options: { driver: string; enginePackage?: string; origin?: EngineOrigin; context: RunContext }): string {
  const { driver, enginePackage, origin, context } = options;
  if (origin === 'cli' && context.kind === 'global') return installCommand([driver], context.manager, 'global');
  if (origin === 'cli' && context.kind === 'npx' && enginePackage) {
    return `${installCommand([enginePackage, driver], context.manager, 'project', true)} (npx @dbtls/cli finds the packages of the project it runs in)`;
  }
  return installCommand([driver], context.manager, 'project');
}

/**
 * How to add an engine package when none is installed for a URL or id.
 *
 * @example
 * ```ts
 * engineInstallHint('@dbtls/engine-postgres', { kind: 'global', manager: 'npm' }); // 'npm install -g @dbtls/engine-postgres'
 * ```
 */
export function engineInstallHint(packages: string, context: RunContext): string {
  const list = packages.split(' ');
  if (context.kind === 'global') return installCommand(list, context.manager, 'global');
  return installCommand(list, context.manager, 'project', context.kind === 'npx');
}

/**
 * Replaces the generic `npm install …` / `npm rebuild …` advice of a `driver-missing` message with
 * the command for this run context.
 *
 * @example
 * ```ts
 * withInstallHint('… Install it with: npm install ioredis', (spec) => `pnpm add ${spec}`); // '… Install it with: pnpm add ioredis'
 * ```
 */
export function withInstallHint(message: string, command: (spec: string) => string): string {
  return message
    .replace(/Install it with: npm install (\S+?)(\.?)$/, (_, spec: string, dot: string) => `Install it with: ${command(spec)}${dot}`)
    .replace(/\(or npm install (\S+?)\)/, (_, spec: string) => `(or ${command(spec)})`);
}
