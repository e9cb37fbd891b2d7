import { describe, expect, it } from 'vitest';
import { defineEngine, type EngineInput } from './engine.js';
import { parseGenericUrl } from './generic-url.js';
import { createRegistry } from './registry.js';

const base = (over: Partial<EngineInput> = {}): EngineInput => ({
  id: 'alpha',
  displayName: 'Alpha',
  schemes: ['alpha'],
  aliases: ['a'],
  defaultPort: 1000,
  defaultMode: 'required',
  fallback: { capability: 'none', how: 'separate port' },
  guidance: 'test',
  drivers: [],
  parseUrl: (url) => parseGenericUrl(url, { defaultPort: 1000 }),
  driverOptions: () => ({ driver: 'x', options: {}, notes: [] }),
  connect: async () => ({ encrypted: true, fellBack: false, tls: null }),
  ...over,
});

describe('createRegistry', () => {
  const alpha = defineEngine(base());
  const beta = defineEngine(base({ id: 'beta', displayName: 'Beta', schemes: ['beta', 'betas'], aliases: [] }));
  const registry = createRegistry([alpha, [beta]]);

  it('finds engines by id, alias and URL scheme', () => {
    expect(registry.get('ALPHA')).toBe(alpha);
    expect(registry.get('a')).toBe(alpha);
    expect(registry.resolve('betas://host/x')).toBe(beta);
    expect(registry.resolve('alpha://h', 'beta')).toBe(beta);
    expect(registry.list()).toEqual([alpha, beta]);
  });
  it('unknown engine and unknown scheme are clear errors', () => {
    expect(() => registry.get('gamma')).toThrow(/Unknown engine "gamma". Installed engines: alpha, beta/);
    expect(() => registry.resolve('gamma://x')).toThrow(/No installed engine handles "gamma:" URLs/);
    expect(() => registry.resolve('no scheme here')).toThrow(/not a URL with a scheme/);
  });
  it('a duplicate id, alias or scheme names the plugin', () => {
    expect(() => createRegistry([alpha, defineEngine(base({ schemes: ['other'], aliases: [] }))], ['p1', 'p2'])).toThrow(/Engine "alpha" \(p2\) uses the name "alpha"/);
    expect(() => createRegistry([alpha, defineEngine(base({ id: 'dup', aliases: [] }))], ['p1', 'p2'])).toThrow(/claims the URL scheme "alpha:", already claimed by engine "alpha"/);
  });
  it('a missing field or another apiVersion is a clear error naming the plugin', () => {
    const { connect: _c, ...noConnect } = base({ id: 'broken' });
    expect(() => createRegistry([{ ...noConnect, apiVersion: 1 } as never], ['my-plugin'])).toThrow(/engine "broken" \(my-plugin\) is missing the required field "connect"/);
    expect(() => createRegistry([{ ...base({ id: 'future' }), apiVersion: 2 } as never], ['future-plugin'])).toThrow(/apiVersion 2, but this dbtls supports apiVersion 1/);
    expect(() => defineEngine(base({ defaultMode: 'sometimes' as never }))).toThrow(/defaultMode "sometimes" is not a mode/);
  });
});
