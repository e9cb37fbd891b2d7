/**
 * The SQLite engine on whatever Node.js runs the suite. CI runs the suite on Node 20, 22 and 24 with
 * one better-sqlite3 build (compiled for Node 20: a build for 22/24 needs their headers, which only
 * nodejs.org serves). Where the native module loads, SQLite opens; where it was built for another
 * Node, connect must not crash: it is `driver-missing` with the command that rebuilds it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, isDbtlsError } from '@dbtls/core';
import { sqliteEngine } from '@dbtls/engine-embedded/sqlite';
import { ROOT } from '../harness/cli.js';

// Probed in a child process: a native module that failed to load once cannot be retried in the same process.
const probe = spawnSync(process.execPath, ['-e', "const D = require('better-sqlite3'); new D(':memory:').close()"], { cwd: join(ROOT, 'packages', 'engine-embedded'), encoding: 'utf8' });
const loadError = probe.status === 0 ? undefined : (/Error: ([^\n]+)/.exec(probe.stderr)?.[1] ?? probe.stderr.trim()).slice(0, 160);

describe(`SQLite on Node.js ${process.versions.node}`, () => {
  it('runs on the Node.js CI asked for', () => {
    const expected = process.env.DBTLS_EXPECT_NODE_MAJOR;
    if (expected) expect(process.versions.node.split('.')[0]).toBe(expected);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });

  it(loadError ? `better-sqlite3 does not load here (${loadError}): connect says to rebuild it` : 'better-sqlite3 loads here: sqlite::memory: opens', async () => {
    if (!loadError) {
      const r = await connect(sqliteEngine, { url: 'sqlite::memory:' });
      expect(r.ok).toBe(true);
      return;
    }
    let error: unknown;
    let result: unknown;
    try {
      result = await connect(sqliteEngine, { url: 'sqlite::memory:' });
    } catch (e) {
      error = e;
    }
    expect(isDbtlsError(error) && error.code, String((error as Error)?.stack ?? JSON.stringify(result))).toBe('driver-missing');
    expect((error as Error).message).toMatch(/native module is missing or was built for another Node\.js version\. Reinstall it with: npm rebuild better-sqlite3/);
  });
});
