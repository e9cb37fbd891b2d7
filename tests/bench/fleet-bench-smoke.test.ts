/**
 * The fleet benchmark is a script, not a timed test: this only checks that it runs end to end on a
 * small fleet (every target connects, the lines are printed); its time ratio is not asserted here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';

describe('tests/bench/fleet-bench.mjs', () => {
  it('checks a small fleet and prints per-target time, expected and measured time, and memory', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'tests', 'bench', 'fleet-bench.mjs'), '24', '4', '1'], { cwd: join(ROOT, 'tests'), encoding: 'utf8', timeout: 90_000 });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).toMatch(/^dbtls check at fleet scale: 24 loopback targets, verify-identity, concurrency 4/m);
    expect(r.stdout).toMatch(/^per-target time \(40 targets, one at a time\) +\d+\.\d ms/m);
    expect(r.stdout).toMatch(/^expected: \(24 \/ 4\) x \d+\.\d ms +\d+\.\d\d s$/m);
    expect(r.stdout).toMatch(/^measured: 24 targets +\d+\.\d\d s +\(ratio \d+\.\d\d, goal <= 1\.5\)$/m);
    expect(r.stdout).toMatch(/^peak heap above baseline: 6 targets \d+\.\d MB, 24 targets \d+\.\d MB/m);
  });
});
