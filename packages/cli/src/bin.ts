#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs; elsewhere this is a no-op. It must run before the
// program is imported, so the program comes in through a dynamic import.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { createProgram } = await import('./program.js');

const program = createProgram({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
});
const code = await program.run(process.argv.slice(2));
// The work is done: exit now, even if a plugin or a driver left a timer or a socket behind. stdout and
// stderr are flushed first (a pipe is asynchronous in Node), so nothing printed is lost.
process.exitCode = code;
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => (s.writableNeedDrain ? s.once('drain', done) : done()))));
process.exit(code);
