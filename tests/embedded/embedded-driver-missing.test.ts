/**
 * @dbtls/engine-embedded installed without its optional drivers: a copy of the
 * built package in tests/.tmp/embedded/no-drivers/node_modules, where neither
 * better-sqlite3 nor @duckdb/node-api can be resolved.
 */
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, isDbtlsError, type EngineDefinition } from '@dbtls/core';
import { ROOT } from '../harness/cli.js';
import { freshDir, makeDuckdb, makeSqlite, TMP } from './embedded-env.js';

const DIST = join(ROOT, 'packages', 'engine-embedded', 'dist');
const built = existsSync(join(DIST, 'index.js'));
if (!built) console.warn(`Skipping the driver-missing tests: ${DIST} is not built (run pnpm --filter @dbtls/engine-embedded build).`);

describe.skipIf(!built)('without the optional drivers', () => {
  let engines: { sqliteEngine: EngineDefinition; duckdbEngine: EngineDefinition };
  let data: string;

  beforeAll(async () => {
    const base = freshDir('no-drivers');
    const pkg = join(base, 'node_modules', '@dbtls', 'engine-embedded');
    mkdirSync(pkg, { recursive: true });
    cpSync(DIST, join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'packages', 'engine-embedded', 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'packages', 'core'), join(base, 'node_modules', '@dbtls', 'core'), 'dir');
    engines = await import(pathToFileURL(join(pkg, 'dist', 'index.js')).href);
    data = join(TMP, 'no-drivers-data');
    freshDir('no-drivers-data');
    makeSqlite(join(data, 'app.db'));
    await makeDuckdb(join(data, 'app.duckdb'));
  });

  it('importing the package works and loads no driver', () => {
    expect(engines.sqliteEngine.id).toBe('sqlite');
    expect(engines.sqliteEngine.isAvailable?.()).toBe(false);
    expect(engines.duckdbEngine.isAvailable?.()).toBe(false);
  });

  it.each([
    ['sqliteEngine', 'sqlite', 'app.db', 'npm install better-sqlite3'],
    ['duckdbEngine', 'duckdb', 'app.duckdb', 'npm install @duckdb/node-api'],
  ] as const)('%s: connect throws driver-missing naming "%s"', async (name, scheme, file, command) => {
    let error: unknown;
    try {
      await connect(engines[name], { url: `${scheme}:${join(data, file)}` });
    } catch (e) {
      error = e;
    }
    expect(isDbtlsError(error) && error.code).toBe('driver-missing');
    expect((error as Error).message).toContain(`Install it with: ${command}`);
  });
});
