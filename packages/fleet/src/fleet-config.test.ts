import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDbtlsError } from '@dbtls/core';
import { describePath, loadFleetConfig, validateFleetConfig } from './fleet-config.js';

const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(isDbtlsError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a DbtlsError');
};

describe('validateFleetConfig', () => {
  it('accepts the documented shape', () => {
    const c = validateFleetConfig(
      {
        version: 1,
        defaults: { mode: 'verify-full', ca: 'ca.pem', timeoutMs: 3000, minTls: '1.2' },
        policy: { minMode: 'verify-ca', noFallback: true, warnDays: 21, failDays: 7, requireTls: true },
        targets: [
          { name: 'orders', url: 'postgres://app:${ORDERS_PW}@db/orders', policy: { failDays: 14 } },
          { name: 'cache', urlEnv: 'REDIS_URL', mode: 'required', ca: 'redis-ca.pem', cert: 'c.pem', key: 'k.pem', passphraseEnv: 'KEY_PW', servername: 'cache.internal' },
        ],
      },
      'fleet.yaml',
    );
    expect(c.targets.map((t) => t.name)).toEqual(['orders', 'cache']);
    expect(c.file).toBe('fleet.yaml');
  });
  it('names the target and the field of an unknown key', () => {
    expect(error(() => validateFleetConfig({ targets: [{ name: 'a', url: 'x://h' }, { name: 'orders', url: 'x://h', sslmode: 'require' }] }, 'f.yaml'))).toMatch(/^f\.yaml: target "orders" \(targets\[1\]\): unknown key "sslmode"/);
    expect(error(() => validateFleetConfig({ targets: [{ name: 'a', url: 'x://h', policy: { minmode: 'required' } }] }, 'f.yaml'))).toMatch(/target "a" \(targets\[0\]\), field "policy": unknown key "minmode"/);
    expect(error(() => validateFleetConfig({ target: [] }, 'f.yaml'))).toMatch(/the top level: unknown key "target"/);
  });
  it('names the field of a bad mode, with the valid modes', () => {
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db', url: 'x://h', mode: 'allow' }] }, 'f'))).toMatch(/target "db" \(targets\[0\]\), field "mode": Unknown SSL mode "allow"\. Valid modes: disabled, preferred/);
    expect(error(() => validateFleetConfig({ policy: { minMode: 'strong' }, targets: [{ name: 'db', url: 'x://h' }] }, 'f'))).toMatch(/field "policy\.minMode": Unknown SSL mode/);
  });
  it('wants exactly one of url and urlEnv, cert with key, unique names, at least one target', () => {
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db' }] }, 'f'))).toMatch(/field "url": give exactly one of "url"/);
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db', url: 'x://h', urlEnv: 'U' }] }, 'f'))).toMatch(/exactly one/);
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db', url: 'x://h', cert: 'c.pem' }] }, 'f'))).toMatch(/field "key": "cert" needs "key"/);
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db', url: 'x://h' }, { name: 'db', url: 'x://i' }] }, 'f'))).toMatch(/targets\[1\]\), field "name": the name "db" is used twice/);
    expect(error(() => validateFleetConfig({ targets: [] }, 'f'))).toMatch(/field "targets": list at least one target/);
  });
  it('keeps URLs and other junk out of target names', () => {
    expect(error(() => validateFleetConfig({ targets: [{ name: 'postgres://u:p@h/db', url: 'x://h' }] }, 'f'))).toMatch(/^f: targets\[0\], field "name": must be 1-64 letters/);
  });
  it('rejects bad numbers with the field', () => {
    expect(error(() => validateFleetConfig({ targets: [{ name: 'db', url: 'x://h', timeoutMs: -1 }] }, 'f'))).toMatch(/field "timeoutMs"/);
    expect(error(() => validateFleetConfig({ policy: { failDays: 1.5 }, targets: [{ name: 'db', url: 'x://h' }] }, 'f'))).toMatch(/field "policy\.failDays"/);
  });
});

describe('loadFleetConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbtls-fleet-config-'));
  it('reads YAML and JSON, and records the directory for relative paths', async () => {
    writeFileSync(join(dir, 'a.yaml'), 'targets:\n  - name: db\n    url: postgres://db/app\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ targets: [{ name: 'db', url: 'postgres://db/app' }] }));
    expect((await loadFleetConfig(join(dir, 'a.yaml'))).dir).toBe(dir);
    expect((await loadFleetConfig('a.json', dir)).targets[0]!.name).toBe('db');
  });
  it('reports YAML syntax errors with the line, duplicate keys included', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'targets:\n  - name: db\n    name: db2\n    url: x://h\n');
    await expect(loadFleetConfig(join(dir, 'bad.yaml'))).rejects.toThrow(/not valid YAML \(line 3, column 5\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "targets": [ }');
    await expect(loadFleetConfig(join(dir, 'bad.json'))).rejects.toThrow(/not valid JSON/);
    await expect(loadFleetConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/it does not exist/);
  });
});

describe('describePath', () => {
  it('falls back to the index when the name is unusable', () => {
    expect(describePath(['targets', 2, 'mode'], [{}, {}, { name: 42 }])).toBe('targets[2], field "mode"');
    expect(describePath(['defaults', 'ca'])).toBe('field "defaults.ca"');
  });
});
