import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { embeddedTarget, parseEmbeddedLocation } from './embedded-url.js';

const sqlite = { displayName: 'SQLite', schemes: ['sqlite', 'sqlite3'], cwd: '/work/dir' };

function invalid(url: string): string {
  try {
    parseEmbeddedLocation(url, sqlite);
  } catch (error) {
    expect(isDbtlsError(error) && error.code).toBe('invalid-url');
    return (error as Error).message;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('parseEmbeddedLocation', () => {
  it.each([
    ['sqlite:app.db', '/work/dir/app.db'],
    ['sqlite:./data/app.db', '/work/dir/data/app.db'],
    ['sqlite:../app.db', '/work/app.db'],
    ['sqlite:/var/lib/app.db', '/var/lib/app.db'],
    ['sqlite:///var/lib/app.db', '/var/lib/app.db'],
    ['sqlite://localhost/var/lib/app.db', '/var/lib/app.db'],
    ['sqlite://./rel.db', '/work/dir/rel.db'],
    ['sqlite3:app.db', '/work/dir/app.db'],
    ['SQLITE:app.db', '/work/dir/app.db'],
    ['file:app.db', '/work/dir/app.db'],
    ['file:///var/lib/app.db', '/var/lib/app.db'],
    ['./bare.db', '/work/dir/bare.db'],
    ['/abs/bare.db', '/abs/bare.db'],
    ['sqlite:///with%20space.db', '/with space.db'],
    ['sqlite:literal%20percent.db', '/work/dir/literal%20percent.db'],
    ['sqlite:app.db?mode=ro', '/work/dir/app.db'],
  ])('%s -> %s', (url, path) => {
    const location = parseEmbeddedLocation(url, sqlite);
    expect(location.kind).toBe('file');
    expect(location.path).toBe(path);
  });

  it('expands ~/ to the home directory', () => {
    expect(parseEmbeddedLocation('sqlite:~/app.db', sqlite).path).toBe(`${homedir()}/app.db`);
  });

  it.each(['sqlite::memory:', 'file::memory:', 'sqlite://:memory:', ':memory:'])('%s is in-memory', (url) => {
    expect(parseEmbeddedLocation(url, sqlite)).toMatchObject({ kind: 'memory', path: ':memory:' });
  });

  it('keeps query parameters apart from the path', () => {
    const location = parseEmbeddedLocation('sqlite:app.db?sslmode=require&cache=shared', sqlite);
    expect([...location.params.keys()]).toEqual(['sslmode', 'cache']);
  });

  it('refuses a host, naming the fix', () => {
    const message = invalid('sqlite://db.example.com/app.db');
    expect(message).toContain('db.example.com');
    expect(message).toContain('no network protocol');
  });

  it('refuses a password without showing it', () => {
    const message = invalid('sqlite://me:s3cret@localhost/app.db');
    expect(message).not.toContain('s3cret');
    expect(message).toContain('no login');
  });

  it.each(['sqlite:', 'sqlite://', 'sqlite:///', 'sqlite:?sslmode=require'])('refuses %s (no file)', (url) => {
    expect(invalid(url)).toContain('names no database file');
  });

  it("refuses another engine's URL", () => {
    expect(invalid('postgres://localhost/app')).toContain('not a SQLite URL');
  });
});

describe('embeddedTarget', () => {
  const target = (url: string) => embeddedTarget(parseEmbeddedLocation(url, sqlite), url, sqlite);

  it('shows the absolute path as host, port 0', () => {
    expect(target('sqlite:app.db')).toMatchObject({ host: '/work/dir/app.db', port: 0, displayUrl: 'sqlite:app.db', secrets: [], warnings: [] });
  });

  it('warns about TLS parameters and other parameters separately', () => {
    const { warnings, mode, tls } = target('sqlite:app.db?sslmode=verify-full&sslrootcert=ca.pem&mode=rwc');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/TLS parameters "sslmode", "sslrootcert" do not apply/);
    expect(warnings[1]).toMatch(/"mode" was ignored.*read-only/);
    expect(mode).toBeUndefined();
    expect(tls).toBeUndefined();
  });
});
