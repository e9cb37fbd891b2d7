#!/usr/bin/env node
import { createProgram } from './program.js';

const program = createProgram({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = await program.run(process.argv.slice(2));
