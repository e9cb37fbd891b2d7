/**
 * Pack and install, as a user would: every workspace package is packed with `pnpm pack` (the built
 * dist, exactly the files npm would publish) and installed with npm into an empty project outside
 * the workspace, with registry dependencies only from the npm registry. For each package:
 *   - `npm ls --all` shows only that package's own driver (and no other dbtls engine);
 *   - every export (subpaths included) loads with ESM `import` and CJS `require`;
 * and, in one project holding every package, the types resolve and type-check (with skipLibCheck
 * off, so the declarations themselves are checked) under moduleResolution node16 (ESM and CJS
 * files), bundler, and node10 with `module: commonjs` and no `esModuleInterop`.
 * The CLI is also installed globally (npm -g --prefix) and run with `npm exec` (npx), to check which
 * engines it sees and the install command it prints.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';

const DRIVERS = ['pg', 'mysql2', 'tedious', 'mongodb', 'ioredis', 'cassandra-driver', '@clickhouse/client', 'oracledb', 'etcd3', 'better-sqlite3', '@duckdb/node-api'];

interface PackageCase {
  dir: string;
  name: string;
  /** Other workspace packages it needs (installed from their tarballs too). */
  with: string[];
  /** Registry packages the user adds next to it (its driver). */
  add: string[];
  /** The drivers `npm ls --all` may show, exactly. */
  drivers: string[];
}

const CASES: PackageCase[] = [
  { dir: 'core', name: '@dbtls/core', with: [], add: [], drivers: [] },
  { dir: 'engine-postgres', name: '@dbtls/engine-postgres', with: ['core'], add: [], drivers: ['pg'] },
  { dir: 'engine-mysql', name: '@dbtls/engine-mysql', with: ['core'], add: [], drivers: ['mysql2'] },
  { dir: 'engine-mssql', name: '@dbtls/engine-mssql', with: ['core'], add: [], drivers: ['tedious'] },
  { dir: 'engine-nosql', name: '@dbtls/engine-nosql', with: ['core'], add: [], drivers: [] },
  // The README's own command: current DuckDB releases are all `-r` prereleases, which the peer range must admit.
  { dir: 'engine-embedded', name: '@dbtls/engine-embedded', with: ['core'], add: ['@duckdb/node-api'], drivers: ['@duckdb/node-api'] },
  { dir: 'fleet', name: '@dbtls/fleet', with: ['core'], add: [], drivers: [] },
  { dir: 'cli', name: '@dbtls/cli', with: ['core', 'fleet'], add: [], drivers: [] },
];

const work = mkdtempSync(join(tmpdir(), 'dbtls-pack-install-'));
const packs = join(work, 'packs');
const tarball: Record<string, string> = {};
afterAll(() => rmSync(work, { recursive: true, force: true }));

// pnpm's bin shims export NODE_PATH into the workspace store: drop it, as a user's shell would not have it.
const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1', ...extra };
  for (const k of Object.keys(env)) if (k === 'NODE_PATH' || k.startsWith('npm_package_') || k === 'npm_config_user_agent' || k === 'npm_command' || k === 'npm_lifecycle_event') delete env[k];
  return env;
};
function run(cmd: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(extra), timeout: 240_000 });
}
function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `check-${name}`, private: true, version: '1.0.0' }));
  return dir;
}
const npmInstall = (dir: string, specs: string[]) => run('npm', ['install', '--prefer-offline', ...specs], dir);
const npmInstallAsync = async (dir: string, specs: string[], extra: string[] = []) => {
  await promisify(execFile)('npm', ['install', '--prefer-offline', ...extra, ...specs], { cwd: dir, env: cleanEnv(), timeout: 280_000, maxBuffer: 16 << 20 });
};
/** The installs of every project below, started together (npm spends most of its time waiting on the network). */
const installs: Record<string, Promise<void>> = {};

/** Every package name in `npm ls --all --json`. */
function installedNames(dir: string): Set<string> {
  const tree = JSON.parse(run('npm', ['ls', '--all', '--json'], dir)) as { dependencies?: Record<string, unknown> };
  const names = new Set<string>();
  const walk = (deps: Record<string, { dependencies?: Record<string, unknown> }> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      names.add(name);
      walk(node.dependencies as never);
    }
  };
  walk(tree.dependencies as never);
  // An optional peer that is not installed is listed as an empty entry: keep what is on disk.
  return new Set([...names].filter((n) => existsSync(join(dir, 'node_modules', n, 'package.json')) || [...names].length === 0));
}

/** The export subpaths of a package (`.`, `./testing`, …), without `./package.json`. */
function subpaths(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports).filter((k) => k !== './package.json');
}
const specOf = (name: string, sub: string) => (sub === '.' ? name : `${name}/${sub.slice(2)}`);

beforeAll(() => {
  mkdirSync(packs, { recursive: true });
  // dist is built by `pnpm build` (turbo) before the tests run; pack it as npm would publish it.
  for (const c of CASES) run('pnpm', ['pack', '--config.ignore-scripts=true', '--pack-destination', packs], join(ROOT, 'packages', c.dir));
  for (const file of readdirSync(packs)) {
    const c = CASES.find((k) => file === `${k.name.slice(1).replace('/', '-')}-${JSON.parse(readFileSync(join(ROOT, 'packages', k.dir, 'package.json'), 'utf8')).version}.tgz`);
    if (c) tarball[c.dir] = join(packs, file);
  }
  for (const c of CASES) installs[c.dir] = npmInstallAsync(project(c.dir), [...c.with.map((w) => tarball[w]!), tarball[c.dir]!, ...c.add]);
  installs.npx = npmInstallAsync(project('npx-app'), [tarball.core!, tarball['engine-nosql']!, 'ioredis@^5']);
  const globalLib = join(work, 'global', 'lib');
  mkdirSync(globalLib, { recursive: true });
  installs.global = npmInstallAsync(globalLib, [tarball.core!, tarball.fleet!, tarball.cli!, tarball['engine-nosql']!], ['--no-save', '--prefix', globalLib]);
  installs.types = npmInstallAsync(project('types'), CASES.map((c) => tarball[c.dir]!));
  // Rejections are reported by the test that awaits them.
  for (const p of Object.values(installs)) p.catch(() => undefined);
}, 120_000);

describe('each package, packed and installed with npm into an empty project', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let dir = '';
      beforeAll(async () => {
        dir = join(work, c.dir);
        await installs[c.dir];
      }, 300_000);

      it(`brings only its own driver (${c.drivers.join(', ') || 'none'}) and no other dbtls engine`, () => {
        const names = installedNames(dir);
        expect(names.has(c.name)).toBe(true);
        expect(DRIVERS.filter((d) => names.has(d)).sort()).toEqual([...c.drivers].sort());
        const dbtls = [...names].filter((n) => n.startsWith('@dbtls/')).sort();
        expect(dbtls).toEqual([c.name, ...c.with.map((w) => CASES.find((k) => k.dir === w)!.name)].sort());
      });

      it('every export loads with ESM import and CJS require', () => {
        const specs = subpaths(c.dir).map((s) => specOf(c.name, s));
        writeFileSync(join(dir, 'esm.mjs'), `const out = {};\nfor (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(await import(s)).length;\nconsole.log(JSON.stringify(out));\n`);
        writeFileSync(join(dir, 'cjs.cjs'), `const out = {};\nfor (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(require(s)).length;\nconsole.log(JSON.stringify(out));\n`);
        for (const file of ['esm.mjs', 'cjs.cjs']) {
          const counts = JSON.parse(run(process.execPath, [file], dir)) as Record<string, number>;
          expect(Object.keys(counts).sort(), file).toEqual([...specs].sort());
          for (const s of specs) expect(counts[s], `${file} ${s}`).toBeGreaterThan(0);
        }
      });
    });
  }

  it('DuckDB connects through the installed engine, from ESM and from CJS', () => {
    const dir = join(work, 'engine-embedded');
    writeFileSync(join(dir, 'duck.mjs'), "import { connect } from '@dbtls/core';\nimport { duckdbEngine } from '@dbtls/engine-embedded/duckdb';\nconst r = await connect(duckdbEngine, { url: 'duckdb::memory:' });\nconsole.log(JSON.stringify({ ok: r.ok, v: r.serverVersion }));\n");
    writeFileSync(join(dir, 'duck.cjs'), "const { connect } = require('@dbtls/core');\nconst { duckdbEngine } = require('@dbtls/engine-embedded/duckdb');\nconnect(duckdbEngine, { url: 'duckdb::memory:' }).then((r) => console.log(JSON.stringify({ ok: r.ok, v: r.serverVersion })));\n");
    for (const file of ['duck.mjs', 'duck.cjs']) {
      const r = JSON.parse(run(process.execPath, [file], dir)) as { ok: boolean; v: string };
      expect(r.ok, file).toBe(true);
      expect(r.v).toMatch(/^DuckDB v1\./);
    }
  });
});

describe('the CLI finds the engines of the project, beside itself, and says what to install', () => {
  let dir = '';
  beforeAll(() => {
    dir = join(work, 'cli');
  });

  it('without engines: --version from package.json, and a hint for this project', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')).version as string;
    expect(run(join(dir, 'node_modules', '.bin', 'dbtls'), ['--version'], dir).trim()).toBe(version);
    expect(run(join(dir, 'node_modules', '.bin', 'dbtls'), ['engines'], dir)).toContain('Install one, e.g.: npm install @dbtls/engine-postgres');
    const none = spawnSync(join(dir, 'node_modules', '.bin', 'dbtls'), ['connect', 'postgres://localhost/app'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/@dbtls\/engine-postgres: npm install @dbtls\/engine-postgres/);
  });

  it('with @dbtls/engine-postgres added to the project: found, and its driver reported installed from ESM and CJS', () => {
    npmInstall(dir, [tarball['engine-postgres']!]);
    const esm = JSON.parse(run(join(dir, 'node_modules', '.bin', 'dbtls'), ['engines', '--json'], dir)) as { engines: { id: string; driverInstalled: boolean | null }[] };
    expect(esm.engines.find((e) => e.id === 'postgres')?.driverInstalled).toBe(true);
    writeFileSync(
      join(dir, 'cli.cjs'),
      "const { createProgram } = require('@dbtls/cli');\nconst out = [];\ncreateProgram({ out: (t) => out.push(t), err: () => {}, env: {}, cwd: process.cwd() }).run(['engines', '--json']).then(() => console.log(out.join('')));\n",
    );
    const cjs = JSON.parse(run(process.execPath, ['cli.cjs'], dir)) as typeof esm;
    expect(cjs.engines.map((e) => [e.id, e.driverInstalled])).toEqual(esm.engines.map((e) => [e.id, e.driverInstalled]));
    expect(cjs.engines.find((e) => e.id === 'postgres')?.driverInstalled).toBe(true);
  }, 120_000);

  it('npx @dbtls/cli sees the drivers installed in the project', async () => {
    const app = join(work, 'npx-app');
    await installs.npx;
    const out = run('npm', ['exec', '--yes', `--package=${tarball.core}`, `--package=${tarball.fleet}`, `--package=${tarball.cli}`, '--', 'dbtls', 'engines', '--json'], app, { npm_config_cache: join(work, 'npm-cache-npx'), npm_config_prefer_offline: 'true' });
    const engines = (JSON.parse(out) as { engines: { id: string; driverInstalled: boolean | null }[] }).engines;
    expect(engines.find((e) => e.id === 'redis')?.driverInstalled).toBe(true);
    expect(engines.find((e) => e.id === 'mongodb')?.driverInstalled).toBe(false);
  }, 300_000);

  // `npm install -g` gives each package its own dependency tree and would fetch @dbtls/core from the
  // registry, where this version is not published: the global layout (CLI and engine side by side in
  // <prefix>/lib/node_modules, run from another directory) is made with a plain install into the prefix.
  it('installed globally: the engine beside it is found, and a missing driver is a global install', async () => {
    const prefix = join(work, 'global', 'lib');
    await installs.global;
    const elsewhere = project('elsewhere');
    const r = spawnSync(join(prefix, 'node_modules', '.bin', 'dbtls'), ['connect', 'mongodb://127.0.0.1:9/app', '--timeout', '1000'], { cwd: elsewhere, encoding: 'utf8', env: cleanEnv() });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('Install it with: npm install -g mongodb');
  }, 300_000);
});

describe('the types of every package, installed together', () => {
  let dir = '';
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // @dbtls/fleet's declarations use zod 4, whose own declarations do not type-check with skipLibCheck
  // off (and not under node10); fleet is checked with skipLibCheck on, every other package with it off.
  const groups = { own: CASES.filter((c) => c.dir !== 'fleet'), fleet: CASES.filter((c) => c.dir === 'fleet') };
  beforeAll(async () => {
    dir = join(work, 'types');
    await installs.types;
    const base = { strict: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')], target: 'ES2022', lib: ['ES2023'] };
    for (const [group, cases] of Object.entries(groups)) {
      const specs = cases.flatMap((c) => subpaths(c.dir).map((s) => specOf(c.name, s)));
      const lines = (style: 'esm' | 'cjs-require') =>
        specs.map((s, i) => (style === 'esm' ? `import * as m${i} from '${s}';` : `import m${i} = require('${s}');`)).join('\n') + `\nexport const all: unknown[] = [${specs.map((_, i) => `m${i}`).join(', ')}];\n`;
      // A typed use of a main API, so a resolution to \`any\` would not pass unnoticed.
      const typed = group === 'own'
        ? "import { parseSslMode } from '@dbtls/core';\nexport const mode: 'disabled' | 'preferred' | 'required' | 'verify-ca' | 'verify-identity' = parseSslMode('verify-full');\n"
        : "import { DEFAULT_CONCURRENCY } from '@dbtls/fleet';\nexport const n: number = DEFAULT_CONCURRENCY;\n";
      writeFileSync(join(dir, `${group}-esm.mts`), lines('esm') + typed);
      writeFileSync(join(dir, `${group}-cjs.cts`), lines('cjs-require'));
      writeFileSync(join(dir, `${group}.ts`), lines('esm') + typed);
      const lib = { skipLibCheck: group === 'fleet' };
      writeFileSync(join(dir, `tsconfig.${group}-node16.json`), JSON.stringify({ compilerOptions: { ...base, ...lib, module: 'node16', moduleResolution: 'node16' }, files: [`${group}-esm.mts`, `${group}-cjs.cts`] }));
      writeFileSync(join(dir, `tsconfig.${group}-bundler.json`), JSON.stringify({ compilerOptions: { ...base, ...lib, module: 'esnext', moduleResolution: 'bundler' }, files: [`${group}.ts`] }));
      writeFileSync(join(dir, `tsconfig.${group}-node10.json`), JSON.stringify({ compilerOptions: { ...base, ...lib, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: false }, files: [`${group}.ts`] }));
    }
  }, 300_000);

  it.each(['own-node16', 'own-bundler', 'own-node10', 'fleet-node16', 'fleet-bundler', 'fleet-node10'])('%s: every export resolves and type-checks', (config) => {
    const r = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${config}.json`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
