/**
 * Records a measured conformance matrix as a test result, in `tests/.tmp/results/matrix-ID.json`
 * (untracked). Tests never write tracked files: `pnpm docs:matrices` renders these results into the
 * docs pages between `<!-- matrix:ID:start -->` and `<!-- matrix:ID:end -->`, and
 * `pnpm docs:check` (run by CI after the tests) fails when a page and the results disagree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceScenario } from '@dbtls/core/testing';
import type { SslMode } from '@dbtls/core';
import { ROOT } from './cli.js';

export interface MeasuredCell {
  scenario: ConformanceScenario;
  mode: SslMode;
  outcome: string;
}

/** Where the conformance suites leave their results (see scripts/docs-matrices.mjs). */
export const RESULTS_DIR = join(ROOT, 'tests', '.tmp', 'results');

export function writeMatrix(id: string, title: string, cells: MeasuredCell[]): void {
  if (cells.length === 0) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `matrix-${id}.json`), `${JSON.stringify({ id, title, cells }, null, 1)}\n`);
}
