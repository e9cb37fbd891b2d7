/**
 * `pnpm bench` is not run in CI (its goals are ratios measured in one run, never timed tests); this
 * only checks that the bench script builds and starts: it bundles bench.ts and lists its groups.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';

describe('pnpm bench', () => {
  it('builds and starts (--list prints the benchmark groups, no server is started)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'tests', 'bench', 'run-bench.mjs'), '--list'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['start-up', 'cli', 'library', 'direct-tls', 'preferred', 'probe', 'memory']);
  });
  it('refuses an unknown group', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'tests', 'bench', 'run-bench.mjs'), '--only', 'nosuch', '--list'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('unknown group "nosuch"');
  });
});
