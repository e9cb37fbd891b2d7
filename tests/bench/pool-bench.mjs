#!/usr/bin/env node
// `pnpm bench:pool`: bundles tests/bench/pool-bench.ts (which reuses the TypeScript test harness) with esbuild,
// packages left external, into tests/.tmp/pool-bench.mjs (two levels below the repository root, as the harness expects), and runs it. Arguments pass through.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, '..', '.tmp', 'pool-bench.mjs');
await build({ entryPoints: [join(here, 'pool-bench.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
