import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isResolvable } from './embedded-drivers.js';

const dir = mkdtempSync(join(tmpdir(), 'dbtls-embedded-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isResolvable', () => {
  it('finds a package in a node_modules folder above, as import() would', () => {
    mkdirSync(join(dir, 'node_modules', '@scope', 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '@scope', 'pkg', 'package.json'), '{"name":"@scope/pkg"}');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    expect(isResolvable('@scope/pkg', join(dir, 'a', 'b', 'index.js'))).toBe(true);
  });

  it('is false when no node_modules folder above has it', () => {
    expect(isResolvable('dbtls-no-such-package', join(dir, 'a', 'b', 'index.js'))).toBe(false);
  });

  it('finds the real drivers from this package', () => {
    expect(isResolvable('better-sqlite3')).toBe(true);
    expect(isResolvable('@duckdb/node-api')).toBe(true);
  });
});
