import { describe, expect, it } from 'vitest';
import { createRegistry, isDbtlsError, NOT_APPLICABLE, planConnect } from '@dbtls/core';
import { duckdbEngine, engines, sqliteEngine } from './index.js';
import { engines as sqliteOnly } from './sqlite.js';
import { engines as duckdbOnly } from './duckdb.js';

describe('engine definitions', () => {
  it('export both engines, and one each from the subpaths', () => {
    expect(engines.map((e) => e.id)).toEqual(['sqlite', 'duckdb']);
    expect(sqliteOnly).toEqual([sqliteEngine]);
    expect(duckdbOnly).toEqual([duckdbEngine]);
  });

  it.each([sqliteEngine, duckdbEngine])('$id: not applicable, no port, no fallback', (engine) => {
    expect(engine.defaultMode).toBe(NOT_APPLICABLE);
    expect(engine.defaultPort).toBeUndefined();
    expect(engine.fallback.capability).toBe('none');
    expect(engine.fallback.how).toMatch(/no network connection/);
  });

  it('register together and resolve by scheme', () => {
    const registry = createRegistry([engines]);
    expect(registry.resolve('sqlite:./a.db').id).toBe('sqlite');
    expect(registry.resolve('sqlite3:./a.db').id).toBe('sqlite');
    expect(registry.resolve('duckdb::memory:').id).toBe('duckdb');
    expect(registry.get('sqlite3').id).toBe('sqlite');
  });

  it('report the drivers as resolvable here', () => {
    expect(sqliteEngine.isAvailable?.()).toBe(true);
    expect(duckdbEngine.isAvailable?.()).toBe(true);
  });
});

describe('planConnect', () => {
  it('ignores a mode and certificates with one warning', () => {
    const plan = planConnect(sqliteEngine, { url: 'sqlite:/tmp/x.db', mode: 'verify-full', caFile: '/nonexistent/ca.pem' });
    expect(plan).toMatchObject({ requested: NOT_APPLICABLE, effective: NOT_APPLICABLE, tlsOptions: null });
    expect(plan.warnings).toEqual(['SQLite has no network protocol: TLS modes and certificates do not apply and were ignored.']);
  });

  it('has no warning without TLS input', () => {
    expect(planConnect(duckdbEngine, { url: 'duckdb:/tmp/x.duckdb' }).warnings).toEqual([]);
  });
});

describe('duckdb parseUrl', () => {
  it.each(['duckdb:md:my_db', 'duckdb:motherduck:my_db'])('refuses MotherDuck (%s)', (url) => {
    try {
      duckdbEngine.parseUrl(url);
      expect.unreachable();
    } catch (error) {
      expect(isDbtlsError(error) && error.code).toBe('invalid-url');
      expect((error as Error).message).toMatch(/MotherDuck is a network service/);
    }
  });

  it('reads a path', () => {
    expect(duckdbEngine.parseUrl('duckdb:///data/a.duckdb')).toMatchObject({ host: '/data/a.duckdb', port: 0 });
  });
});

describe('driverOptions', () => {
  it('sqlite: read-only and must exist, same for every mode', () => {
    const a = sqliteEngine.driverOptions({ mode: 'disabled', tls: {}, host: '/data/a.db' });
    const b = sqliteEngine.driverOptions({ mode: 'verify-identity', tls: { caFile: 'ca.pem' }, host: '/data/a.db' });
    expect(a.driver).toBe('better-sqlite3');
    expect(a.options).toEqual({ filename: '/data/a.db', readonly: true, fileMustExist: true, timeout: '<the connect timeout, ms>' });
    expect(b.options).toEqual(a.options);
    expect(b.notes.join(' ')).toMatch(/"verify-identity" changes nothing/);
    expect(b.notes.join(' ')).toMatch(/CA file given is not used/);
    expect(a.equivalents).toMatchObject({ sqlite3: 'sqlite3 -readonly /data/a.db' });
  });

  it('sqlite: in-memory is not read-only', () => {
    expect(sqliteEngine.driverOptions({ mode: 'disabled', tls: {}, host: ':memory:' }).options).toEqual({ filename: ':memory:' });
  });

  it('duckdb: read-only, extensions off', () => {
    const view = duckdbEngine.driverOptions({ mode: 'required', tls: {}, host: '/data/a.duckdb' });
    expect(view.driver).toBe('@duckdb/node-api');
    expect(view.options).toEqual({ path: '/data/a.duckdb', access_mode: 'READ_ONLY', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    expect(duckdbEngine.driverOptions({ mode: 'required', tls: {}, host: ':memory:' }).options).not.toHaveProperty('access_mode');
  });
});
