#!/usr/bin/env node
// The release dry run: what `pnpm release` would publish, checked without publishing.
//
//   node scripts/check-packages.mjs [--out DIR]
//
// 1. `changeset status`: the pending changesets parse and name known packages;
// 2. `pnpm build` (turbo: only what changed since the last build), then `pnpm pack` of every
//    publishable package into DIR (default tests/.tmp/packs), the tarballs the pack-and-install
//    test installs. Each package's prepack script must be its build script (so that a publish
//    builds it too); packing here skips it, as the turbo build just made the same dist (running
//    tsup again per package took 4 of the 6 minutes of this script in CI);
// 3. publint and @arethetypeswrong/cli on every tarball (node10, node16 CJS and ESM, bundler).
// Exits 1 when any step finds a problem.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'tests', '.tmp', 'packs'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const failures = [];

function step(label, cmd, args, cwd = root) {
  const started = Date.now();
  try {
    const output = execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: undefined } });
    console.log(`ok    ${label} (${Date.now() - started} ms)`);
    return output;
  } catch (error) {
    failures.push(label);
    console.log(`FAIL  ${label}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}`);
    return '';
  }
}

// `changeset status` compares with the base branch; a clone whose HEAD is not on a local `main`
// (a CI clone of another branch) compares with origin/main, else with HEAD itself.
const hasRef = (ref) => {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const base = ['main', 'origin/main'].find(hasRef) ?? 'HEAD';
step(`changeset status (since ${base})`, bin('changeset'), ['status', `--since=${base}`]);

step('build (turbo)', 'pnpm', ['build']);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);
for (const { dir, pkg } of packages) {
  for (const field of ['repository', 'homepage', 'bugs', 'license', 'engines']) if (!pkg[field]) failures.push(`${pkg.name}: no "${field}" in package.json`);
  if (!pkg.scripts?.prepack) failures.push(`${pkg.name}: no prepack script (the package would be packed unbuilt)`);
  else if (pkg.scripts.prepack !== pkg.scripts.build) failures.push(`${pkg.name}: prepack ("${pkg.scripts.prepack}") is not the build script ("${pkg.scripts.build}")`);
  for (const file of ['README.md', 'LICENSE']) if (!readdirSync(dir).includes(file)) failures.push(`${pkg.name}: no ${file}`);
  step(`pack ${pkg.name}`, 'pnpm', ['pack', '--config.ignore-scripts=true', '--pack-destination', out], dir);
}
for (const tarball of readdirSync(out).filter((f) => f.endsWith('.tgz')).sort()) {
  step(`publint ${tarball}`, bin('publint'), ['run', '--strict', join(out, tarball)]);
  step(`attw ${tarball}`, bin('attw'), [join(out, tarball), '--format', 'ascii']);
}
for (const f of failures.filter((f) => f.includes(': '))) console.log(`FAIL  ${f}`);
console.log(`check-packages: ${packages.length} packages, ${failures.length} problems${failures.length ? '' : `; tarballs in ${out}`}`);
process.exit(failures.length ? 1 : 0);
