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

describe('better-sqlite3 per Node.js version', () => {
  it('says what to install on each Node.js', async () => {
    const { sqliteDriverSpec } = await import('./embedded-drivers.js');
    expect(sqliteDriverSpec('20.19.0')).toBe('better-sqlite3@12');
    expect(sqliteDriverSpec('22.12.0')).toBe('better-sqlite3');
    expect(sqliteDriverSpec('24.4.1')).toBe('better-sqlite3');
  });
  it('refuses 13.x on Node 20 before loading it, naming the version that works', async () => {
    const { sqliteDriverMismatch } = await import('./embedded-drivers.js');
    expect(sqliteDriverMismatch('13.2.0', '20.19.0')).toMatch(/better-sqlite3 13\.2\.0 needs Node\.js 22 or newer, and this is Node\.js 20\.19\.0\. .*npm install better-sqlite3@12$/);
    expect(sqliteDriverMismatch('13.2.0', '22.1.0')).toBeNull();
    expect(sqliteDriverMismatch('12.11.1', '20.19.0')).toBeNull();
    expect(sqliteDriverMismatch('12.11.1', '24.0.0')).toBeNull();
  });
});
