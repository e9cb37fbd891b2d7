import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPackageDir, discoverEnginePackages, isEnginePackageName, isInstalledFrom, nodeModulesChain, packageEntry } from './engine-discovery.js';

const root = mkdtempSync(join(tmpdir(), 'dbtls-discovery-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pkg(dir: string, json: Record<string, unknown>, files: string[] = ['dist/index.js']): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'export const engines = [];\n');
  }
  return dir;
}

// A project with two engines and a driver, in a sub-directory that is the working directory,
// and a "global" node_modules holding the CLI and one engine of its own plus a duplicate.
const project = join(root, 'app');
pkg(project, { name: 'app' }, []);
pkg(join(project, 'node_modules/@dbtls/engine-nosql'), { name: '@dbtls/engine-nosql', exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: './dist/index.cjs' } } });
pkg(join(project, 'node_modules/dbtls-engine-acme'), { name: 'dbtls-engine-acme', main: 'main.js' }, ['main.js']);
pkg(join(project, 'node_modules/ioredis'), { name: 'ioredis' }, []);
pkg(join(project, 'node_modules/not-an-engine'), { name: 'not-an-engine' });
mkdirSync(join(project, 'src/deep'), { recursive: true });
const globalNm = join(root, 'global/lib/node_modules');
const cli = pkg(join(globalNm, '@dbtls/cli'), { name: '@dbtls/cli' }, ['dist/bin.js']);
pkg(join(globalNm, '@dbtls/engine-postgres'), { name: '@dbtls/engine-postgres', module: './dist/index.js' });
pkg(join(globalNm, '@dbtls/engine-nosql'), { name: '@dbtls/engine-nosql', main: './dist/index.js' });

describe('engine discovery', () => {
  it('recognises engine package names', () => {
    expect(['@dbtls/engine-postgres', 'dbtls-engine-acme', '@acme/dbtls-engine-x'].every(isEnginePackageName)).toBe(true);
    expect(['@dbtls/core', '@dbtls/cli', 'pg', 'engine-postgres'].some(isEnginePackageName)).toBe(false);
  });

  it('walks node_modules folders upwards as Node does', () => {
    const chain = nodeModulesChain(join(project, 'src/deep'));
    expect(chain[0]).toBe(join(project, 'node_modules'));
  });

  it("reads the ESM entry from exports, module or main", () => {
    expect(packageEntry(join(project, 'node_modules/@dbtls/engine-nosql'))).toBe(join(project, 'node_modules/@dbtls/engine-nosql/dist/index.js'));
    expect(packageEntry(join(project, 'node_modules/dbtls-engine-acme'))).toBe(join(project, 'node_modules/dbtls-engine-acme/main.js'));
  });

  it('finds the project engines first, then those beside the CLI, and keeps the project copy of a duplicate', () => {
    const found = discoverEnginePackages({ cwd: join(project, 'src/deep'), cliDir: cli });
    expect(found.map((f) => `${f.name}:${f.origin}`)).toEqual(['@dbtls/engine-nosql:project', 'dbtls-engine-acme:project', '@dbtls/engine-postgres:cli']);
  });

  it('finds nothing in an empty project without a CLI beside it', () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(discoverEnginePackages({ cwd: empty, cliDir: join(empty, 'cli') })).toEqual([]);
  });

  it('says whether a driver is installed where an engine package would import it from', () => {
    expect(isInstalledFrom('ioredis', join(project, 'node_modules/@dbtls/engine-nosql'))).toBe(true);
    expect(isInstalledFrom('mongodb', join(project, 'node_modules/@dbtls/engine-nosql'))).toBe(false);
  });

  it('finds its own package directory', () => {
    expect(cliPackageDir(join(cli, 'dist/bin.js'))).toBe(cli);
  });
});
