/**
 * The SQLite engine on whatever Node.js runs the suite. CI runs the suite on Node 20, 22 and 24, with
 * better-sqlite3 compiled for each one's ABI (.ci/better-sqlite3-for-node), so the workspace's driver
 * must load and open here. A native module built for another Node (or not a native module at all)
 * must not crash connect: it is `driver-missing` with the command that rebuilds it. That case is
 * checked with a copy of better-sqlite3 installed beside a copy of the built engine package, holding
 * (a) a file that is not a shared object, and (b) a better-sqlite3 build for another Node ABI: the
 * workspace's own one that .ci/better-sqlite3-for-node set aside for this run, or one from its cache.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, isDbtlsError, type EngineDefinition } from '@dbtls/core';
import { sqliteEngine } from '@dbtls/engine-embedded/sqlite';
import { ROOT } from '../harness/cli.js';
import { freshDir, makeSqlite } from './embedded-env.js';

const ABI = process.versions.modules;
const DRIVER = realpathSync(join(ROOT, 'packages', 'engine-embedded', 'node_modules', 'better-sqlite3'));
const DRIVER_VERSION = (JSON.parse(readFileSync(join(DRIVER, 'package.json'), 'utf8')) as { version: string }).version;
const DIST = join(ROOT, 'packages', 'engine-embedded', 'dist');

/** A better-sqlite3 build for another Node ABI than this one, if this machine has one. */
function otherAbiBuild(): { file: string; why: string } | undefined {
  const setAside = join(DRIVER, 'build', 'Release', 'better_sqlite3.node.dbtls-orig');
  if (existsSync(setAside)) return { file: setAside, why: "the workspace's own build, set aside for this Node" };
  const cache = join(process.env.DBTLS_CI_NATIVE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dbtls-ci', 'better-sqlite3'), DRIVER_VERSION);
  const other = existsSync(cache) ? readdirSync(cache).find((d) => /^node-\d+-/.test(d) && d.split('-')[1] !== ABI && existsSync(join(cache, d, 'better_sqlite3.node'))) : undefined;
  return other ? { file: join(cache, other, 'better_sqlite3.node'), why: `the CI cache's build for ABI ${other.split('-')[1]}` } : undefined;
}
const other = otherAbiBuild();

describe(`SQLite on Node.js ${process.versions.node} (ABI ${ABI})`, () => {
  it('runs on the Node.js CI asked for', () => {
    const expected = process.env.DBTLS_EXPECT_NODE_MAJOR;
    if (expected) expect(process.versions.node.split('.')[0]).toBe(expected);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  it("the workspace's better-sqlite3 is built for this Node: sqlite::memory: opens", async () => {
    const r = await connect(sqliteEngine, { url: 'sqlite::memory:' });
    expect(r.ok).toBe(true);
  });
});

describe('a better-sqlite3 whose native module cannot load here', () => {
  let sqlite: EngineDefinition;
  let base: string;
  let db: string;
  beforeAll(async () => {
    base = freshDir('native-broken');
    const modules = join(base, 'node_modules');
    const pkg = join(modules, '@dbtls', 'engine-embedded');
    mkdirSync(pkg, { recursive: true });
    cpSync(DIST, join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'packages', 'engine-embedded', 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'packages', 'core'), join(modules, '@dbtls', 'core'), 'dir');
    // better-sqlite3's JavaScript (it finds build/Release from its own files) and its one runtime dependency.
    cpSync(join(DRIVER, 'package.json'), join(modules, 'better-sqlite3', 'package.json'));
    cpSync(join(DRIVER, 'lib'), join(modules, 'better-sqlite3', 'lib'), { recursive: true });
    symlinkSync(realpathSync(join(DRIVER, '..', 'bindings')), join(modules, 'bindings'), 'dir');
    mkdirSync(join(modules, 'better-sqlite3', 'build', 'Release'), { recursive: true });
    sqlite = ((await import(pathToFileURL(join(pkg, 'dist', 'sqlite.js')).href)) as { sqliteEngine: EngineDefinition }).sqliteEngine;
    db = join(base, 'app.db');
    makeSqlite(db);
  });

  // better-sqlite3 looks for its addon in build/Release first, and retries the load on every open
  // until one succeeds, so the cases can share the copy.
  async function connectWith(binary: Buffer | string): Promise<unknown> {
    const release = join(base, 'node_modules', 'better-sqlite3', 'build', 'Release');
    const target = join(release, 'better_sqlite3.node');
    if (typeof binary === 'string') cpSync(binary, target);
    else writeFileSync(target, binary);
    try {
      return await connect(sqlite, { url: `sqlite:${db}` });
    } catch (e) {
      return e;
    }
  }
  const expectRebuildHint = (error: unknown) => {
    expect(isDbtlsError(error) && error.code, String((error as Error)?.stack ?? JSON.stringify(error))).toBe('driver-missing');
    expect((error as Error).message).toMatch(/native module is missing or was built for another Node\.js version\. Reinstall it with: npm rebuild better-sqlite3/);
  };

  it('not a shared object: connect is driver-missing, saying to rebuild it', async () => {
    expectRebuildHint(await connectWith(Buffer.from('this is not an ELF file\n')));
  });

  // CI prepares the builds for Node 22 and 24 before the first suite, unless told to skip them (DBTLS_CI_NODES="").
  it.skipIf(!other && !(process.env.CI && process.env.DBTLS_CI_NODES !== ''))(`built for another Node ABI${other ? ` (${other.why})` : ' (none on this machine: run .ci/run once)'}: connect is driver-missing, saying to rebuild it`, async () => {
    expect(other, 'CI has a better-sqlite3 build for another ABI (.ci/better-sqlite3-for-node)').toBeDefined();
    expectRebuildHint(await connectWith(other!.file));
  });
});
