/**
 * Writes a measured conformance matrix into README.md between
 * `<!-- matrix:ID:start -->` and `<!-- matrix:ID:end -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMatrix, type ConformanceScenario } from '@dbtls/core/testing';
import type { SslMode } from '@dbtls/core';
import { ROOT } from './cli.js';

export interface MeasuredCell {
  scenario: ConformanceScenario;
  mode: SslMode;
  outcome: string;
}

export function writeMatrix(id: string, title: string, cells: MeasuredCell[]): void {
  if (cells.length === 0) return;
  const file = join(ROOT, 'README.md');
  let readme: string;
  try {
    readme = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const start = `<!-- matrix:${id}:start -->`;
  const end = `<!-- matrix:${id}:end -->`;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) return;
  const body = `${start}\n${renderMatrix(title, cells)}\n\n_Measured ${new Date().toISOString().slice(0, 10)} by the test suite._\n${end}`;
  writeFileSync(file, readme.slice(0, i) + body + readme.slice(j + end.length));
}
