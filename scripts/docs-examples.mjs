#!/usr/bin/env node
// Type-checks every TypeScript example in the docs: each ```ts block of README.md, docs/**/*.md and
// packages/*/README.md becomes a module under tests/.tmp/doc-examples and is checked with tsc
// (strict, moduleResolution bundler) against the built declarations of the workspace packages.
// A block may be preceded by `<!-- example-context: TypeScript -->` (declarations the fragment
// assumes, e.g. `declare const myEngine: EngineDefinition;`), which is prepended and not shown.
// Exits 1 naming the file and line of every example that does not type-check.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'tests', '.tmp', 'doc-examples');

function* markdown(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* markdown(p);
    else if (e.name.endsWith('.md')) yield p;
  }
}
const files = [join(root, 'README.md'), ...markdown(join(root, 'docs')), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')).filter(existsSync)];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const examples = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !lines[j].startsWith('```')) j++;
    const context = /^<!-- example-context: (.*) -->$/.exec(lines[i - 1] ?? '')?.[1] ?? /^<!-- example-context: (.*) -->$/.exec(lines[i - 2] ?? '')?.[1] ?? '';
    const name = `${relative(root, file).replace(/[/.]/g, '_')}_L${start}.ts`;
    // Examples are top-level module code (top-level await allowed); unused locals are fine in an example.
    writeFileSync(join(out, name), `${context}\n${lines.slice(start, j).join('\n')}\nexport {};\n`);
    examples.push({ name, where: `${relative(root, file)}:${start}`, contextLines: 1 });
    i = j;
  }
}

// Resolve every export of every workspace package to its built declarations.
const paths = {};
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgFile = join(root, 'packages', dir, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    const types = target?.import?.types;
    if (!types) continue;
    paths[sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`] = [join(root, 'packages', dir, types)];
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'esnext', moduleResolution: 'bundler', lib: ['ES2023'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], skipLibCheck: true, paths },
    include: ['*.ts'],
  }),
);
let output = '';
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', out], { encoding: 'utf8', stdio: 'pipe' });
} catch (error) {
  output = String(error.stdout ?? '') + String(error.stderr ?? '');
}
const byName = new Map(examples.map((e) => [e.name, e]));
const problems = output
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const m = /^(?:.*\/)?([^/(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    const e = m && byName.get(m[1]);
    if (!e) return line;
    const [file, start] = e.where.split(':');
    return `${file}:${Number(start) + Number(m[2]) - 1 - e.contextLines}: ${m[4]}`;
  });
for (const p of problems) console.error(`docs-examples: ${p}`);
console.log(`docs-examples: ${examples.length} TypeScript examples in ${files.length} files, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
