import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { assertDatabaseFile, existingFiles, sniffDatabaseFormat } from './embedded-file.js';

const dir = mkdtempSync(join(tmpdir(), 'dbtls-embedded-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    return isDbtlsError(error) ? error.code : 'not-a-dbtls-error';
  }
  return undefined;
}

describe('assertDatabaseFile', () => {
  it('a missing file is file-not-found and is not created', () => {
    const path = join(dir, 'missing.db');
    expect(codeOf(() => assertDatabaseFile(path, 'SQLite'))).toBe('file-not-found');
    expect(existsSync(path)).toBe(false);
  });

  it('a path below a regular file is file-not-found', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    expect(codeOf(() => assertDatabaseFile(join(dir, 'plain', 'x.db'), 'SQLite'))).toBe('file-not-found');
  });

  it('a directory is file-unreadable', () => {
    mkdirSync(join(dir, 'sub'));
    expect(codeOf(() => assertDatabaseFile(join(dir, 'sub'), 'DuckDB'))).toBe('file-unreadable');
  });

  it('an unreadable file is file-unreadable (unless running as root)', () => {
    const path = join(dir, 'locked.db');
    writeFileSync(path, 'x');
    chmodSync(path, 0o000);
    const expected = process.getuid?.() === 0 ? undefined : 'file-unreadable';
    expect(codeOf(() => assertDatabaseFile(path, 'SQLite'))).toBe(expected);
  });

  it('a readable file passes', () => {
    writeFileSync(join(dir, 'ok.db'), 'x');
    expect(codeOf(() => assertDatabaseFile(join(dir, 'ok.db'), 'SQLite'))).toBeUndefined();
  });
});

describe('sniffDatabaseFormat', () => {
  it.each([
    ['sqlite', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)])],
    ['duckdb', Buffer.concat([Buffer.alloc(8), Buffer.from('DUCK', 'latin1'), Buffer.alloc(100)])],
    ['empty', Buffer.alloc(0)],
    ['other', Buffer.from('id,name\n1,a\n')],
  ])('%s', (format, bytes) => {
    const path = join(dir, `sniff-${format}`);
    writeFileSync(path, bytes);
    expect(sniffDatabaseFormat(path)).toBe(format);
  });

  it('an unreadable path is other', () => {
    expect(sniffDatabaseFormat(join(dir, 'nothing-here'))).toBe('other');
  });
});

describe('existingFiles', () => {
  it('lists only the files that exist', () => {
    writeFileSync(join(dir, 'a-wal'), '');
    expect(existingFiles([join(dir, 'a-wal'), join(dir, 'a-shm')])).toEqual([join(dir, 'a-wal')]);
  });
});
