import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { validateFleetConfig } from './fleet-config.js';
import { hasLiteralSecret, prepareFleet, prepareUrls } from './fleet-target.js';

const registry = createRegistry([[postgresEngine]]);
const dir = mkdtempSync(join(tmpdir(), 'dbtls-fleet-target-'));
writeFileSync(join(dir, 'ca.pem'), 'not read while preparing');
const config = (targets: unknown[], extra: Record<string, unknown> = {}) => validateFleetConfig({ ...extra, targets }, 'fleet.yaml', dir);

describe('prepareFleet', () => {
  it('interpolates ${VAR}, reads urlEnv, resolves files from the file\'s directory and keeps the secrets', () => {
    const { targets, warnings } = prepareFleet(
      config([
        { name: 'orders', url: 'postgres://app:${PW}@db.example:5432/orders?sslmode=verify-full', ca: 'ca.pem' },
        { name: 'billing', urlEnv: 'BILLING_URL', mode: 'required' },
      ]),
      registry,
      { env: { PW: 'p@ss word', BILLING_URL: 'postgres://b:other-secret@billing/b' } },
    );
    expect(warnings).toEqual([]);
    expect(targets[0]).toMatchObject({ name: 'orders', host: 'db.example', port: 5432, urlMode: 'verify-identity', displayUrl: 'postgres://app:***@db.example:5432/orders?sslmode=verify-full' });
    expect(targets[0]!.options.caFile).toBe(join(dir, 'ca.pem'));
    expect(targets[0]!.secrets).toContain('p@ss word');
    expect(targets[1]).toMatchObject({ name: 'billing', urlMode: 'preferred' });
    expect(targets[1]!.options.mode).toBe('required');
    expect(targets[1]!.secrets).toContain('other-secret');
    expect(JSON.stringify(targets.map((t) => t.displayUrl))).not.toMatch(/p@ss|other-secret/);
  });
  it('refuses a password written in clear, unless accepted, then warns without showing it', () => {
    const c = config([{ name: 'legacy', url: 'postgres://app:hunter2@db/app' }]);
    expect(() => prepareFleet(c, registry, { env: {} })).toThrow(/target "legacy" \(targets\[0\]\), field "url": the URL holds a password in clear text/);
    const { warnings } = prepareFleet(c, registry, { env: {}, allowLiteralPasswords: true });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/accepted with --allow-literal-passwords/);
    expect(warnings[0]).not.toContain('hunter2');
  });
  it('does not call a password from the environment literal, even when it also appears as the user name', () => {
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://postgres:${PW}@db/postgres' }]), registry, { env: { PW: 'postgres' } })).not.toThrow();
  });
  it('names the field of every bad input', () => {
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://u:${NOPE}@db/x' }]), registry, { env: {} })).toThrow(/field "url": the environment variable NOPE is not set/);
    expect(() => prepareFleet(config([{ name: 'a', urlEnv: 'NOPE' }]), registry, { env: {} })).toThrow(/field "urlEnv": the environment variable NOPE is not set/);
    expect(() => prepareFleet(config([{ name: 'a', url: 'mystery://db' }]), registry, { env: {} })).toThrow(/field "url": .*mystery/i);
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://db/x', engine: 'nosuch' }]), registry, { env: {} })).toThrow(/field "engine"/);
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://db/x', ca: 'missing.pem' }]), registry, { env: {} })).toThrow(/field "ca": the file "missing.pem" does not exist/);
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://db/x', passphraseEnv: 'KP' }]), registry, { env: {} })).toThrow(/field "passphraseEnv"/);
    expect(() => prepareFleet(config([{ name: 'a', url: 'postgres://db/x?sslmode=maybe' }]), registry, { env: {} })).toThrow(/targets\[0\]\), field "url": .*maybe/);
  });
  it('combines file, target and flag policies, strictest wins', () => {
    const { targets } = prepareFleet(config([{ name: 'a', url: 'postgres://db/x', policy: { failDays: 3 } }], { policy: { minMode: 'required', warnDays: 40 } }), registry, { env: {}, policy: { minMode: 'verify-ca', failDays: 10 } });
    expect(targets[0]!.policy).toEqual({ minMode: 'verify-ca', noFallback: false, warnDays: 40, failDays: 10, requireTls: false });
  });
  it('applies defaults and the timeout order target > defaults > option > built-in', () => {
    const { targets } = prepareFleet(config([{ name: 'a', url: 'postgres://db/x' }, { name: 'b', url: 'postgres://db/y', timeoutMs: 99 }], { defaults: { mode: 'verify-ca', timeoutMs: 1234 } }), registry, { env: {}, timeoutMs: 7 });
    expect(targets.map((t) => [t.options.mode, t.options.timeoutMs])).toEqual([['verify-ca', 1234], ['verify-ca', 99]]);
  });
});

describe('hasLiteralSecret', () => {
  it('tells references from literal text, also when a reference sits in the port', () => {
    expect(hasLiteralSecret('postgres://app:${PW}@db/app', postgresEngine, ['x'])).toBe(false);
    expect(hasLiteralSecret('postgres://app:pre${PW}@db/app', postgresEngine, ['prex'])).toBe(true);
    expect(hasLiteralSecret('postgres://app:${PW}@db:${PORT}/app', postgresEngine, ['x'])).toBe(false);
    expect(hasLiteralSecret('postgres://app:lit@db:${PORT}/app', postgresEngine, ['lit'])).toBe(true);
  });
});

describe('prepareUrls', () => {
  it('names command-line targets host:port, keeps their secrets, and numbers repeats', () => {
    const { targets } = prepareUrls(['postgres://u:pw1@db:5432/a', 'postgres://u:pw2@db:5432/b'], registry, { env: {}, mode: 'require' });
    expect(targets.map((t) => t.name)).toEqual(['db:5432', 'db:5432#2']);
    expect(targets[1]!.secrets).toEqual(['pw2']);
    expect(targets[0]!.options.mode).toBe('required');
  });
});
