/**
 * `engines.node` says which Node.js versions are supported: the same range in every package, and
 * each Node CI runs the suite on (20, and 22 and 24 from .ci/run) satisfies it — this test runs
 * under each of them. Checked with npm's own semver, as npm checks it on install.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/cli.js';

const SUPPORTED = '^20.19.0 || ^22.12.0 || >=24.0.0';
// npm's own semver, found from the npm on PATH (npm/bin/npm-cli.js), whichever Node runs this.
const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
const semver = createRequire(join(dirname(dirname(npmCli)), 'package.json'))('semver') as { satisfies(v: string, range: string): boolean };
const manifests = [join(ROOT, 'package.json'), ...readdirSync(join(ROOT, 'packages')).map((d) => join(ROOT, 'packages', d, 'package.json'))];
const enginesOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;

describe('engines.node', () => {
  it.each(manifests.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    expect(enginesOf(file)).toBe(SUPPORTED);
  });

  it(`admits this Node.js (${process.version}) and the majors CI runs`, () => {
    expect(semver.satisfies(process.version, SUPPORTED)).toBe(true);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const others = /DBTLS_CI_NODES-([\d ]+)\}/.exec(ci)?.[1]?.trim().split(/\s+/);
    expect(others).toEqual(['22', '24']);
    for (const v of ['20.19.0', '22.12.0', '24.0.0']) expect(semver.satisfies(v, SUPPORTED)).toBe(true);
    for (const v of ['18.20.0', '20.18.0', '21.7.0', '22.11.0', '23.11.0']) expect(semver.satisfies(v, SUPPORTED)).toBe(false);
  });
});
