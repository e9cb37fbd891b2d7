#!/usr/bin/env node
// Renders the conformance matrices measured by the test suite into the docs.
//
//   node scripts/docs-matrices.mjs           rewrite every <!-- matrix:ID:start --> … <!-- matrix:ID:end --> block
//                                            in docs/**/*.md from tests/.tmp/results/matrix-ID.json
//   node scripts/docs-matrices.mjs --check   change nothing; exit 1 if a block differs from the results or has none
//
// The results are written by the conformance tests (tests/harness/matrix.ts); the tests themselves never
// touch a tracked file. CI runs the tests, then --check.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'tests', '.tmp', 'results');
const check = process.argv.includes('--check');
const coreTesting = join(root, 'packages', 'core', 'dist', 'testing', 'index.js');
if (!existsSync(coreTesting)) {
  console.error('docs-matrices: build @dbtls/core first (pnpm build).');
  process.exit(2);
}
const { renderMatrix } = await import(coreTesting);

function* markdownFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* markdownFiles(path);
    else if (entry.name.endsWith('.md')) yield path;
  }
}

const FOOTER = '_Measured by the test suite; written by `pnpm docs:matrices` from its results._';

function render(id) {
  const file = join(resultsDir, `matrix-${id}.json`);
  if (!existsSync(file)) return null;
  const { title, cells } = JSON.parse(readFileSync(file, 'utf8'));
  return `${renderMatrix(title, cells)}\n\n${FOOTER}`;
}

const problems = [];
let blocks = 0;
let changed = 0;
for (const file of markdownFiles(join(root, 'docs'))) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/<!-- matrix:([a-z0-9-]+):start -->\n([\s\S]*?)<!-- matrix:\1:end -->/g, (whole, id, body) => {
    blocks++;
    const fresh = render(id);
    if (fresh === null) {
      problems.push(`${relative(root, file)}: no test result for matrix "${id}" (tests/.tmp/results/matrix-${id}.json); run its conformance suite`);
      return whole;
    }
    if (body.trim() !== fresh) {
      if (check) problems.push(`${relative(root, file)}: matrix "${id}" differs from the test results; run pnpm docs:matrices`);
      changed++;
    }
    return `<!-- matrix:${id}:start -->\n${fresh}\n<!-- matrix:${id}:end -->`;
  });
  if (!check && next !== text) writeFileSync(file, next);
}
for (const p of problems) console.error(`docs-matrices: ${p}`);
console.log(`docs-matrices: ${blocks} matrices, ${changed} ${check ? 'stale' : 'rewritten'}, ${problems.length} problems`);
process.exit(problems.length > 0 ? 1 : 0);
