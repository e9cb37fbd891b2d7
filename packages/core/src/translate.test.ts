import { describe, expect, it } from 'vitest';
import { fromDefault, fromParameter, describeReading, type ConnectionReading } from './connection-reading.js';
import { isDbtlsError } from './dbtls-error.js';
import { defineEngine } from './engine.js';
import { parseGenericUrl } from './generic-url.js';
import { parseConnectionString } from './parse-connection-string.js';
import { createRegistry } from './registry.js';
import { translate, type TranslateTarget } from './translate.js';

const writeMode: TranslateTarget = {
  id: 'toy-url',
  displayName: 'toy URL',
  description: 'toy://host?tls=MODE',
  engines: ['toy'],
  write: (r) => ({ text: `toy://${r.hosts[0]!.host}?tls=${r.mode.value}`, mode: r.mode.value, lost: [] }),
};
const onlyRequired: TranslateTarget = {
  id: 'toy-weak',
  displayName: 'toy weak',
  description: 'knows no verification',
  engines: ['toy'],
  write: (r) => ({ text: `weak://${r.hosts[0]!.host}`, mode: r.mode.value === 'disabled' ? 'disabled' : 'required', lost: r.caFile ? [{ parameter: 'ca', what: 'no CA parameter', weakens: true }] : [] }),
};

const toy = defineEngine({
  id: 'toy',
  displayName: 'Toy',
  schemes: ['toy'],
  defaultPort: 7000,
  defaultMode: 'required',
  fallback: { capability: 'none', how: '' },
  guidance: '',
  drivers: [],
  parseUrl: (url) => parseGenericUrl(url, { defaultPort: 7000 }),
  driverOptions: () => ({ driver: 'toy', options: {}, notes: [] }),
  connect: async () => ({ encrypted: true, fellBack: false, tls: null }),
  readConnectionString(input) {
    const m = /^toy:\/\/([^?]+)(?:\?tls=(.*))?$/.exec(input);
    if (!m) return undefined;
    const reading: ConnectionReading = {
      engine: 'toy',
      client: { id: 'toy', name: 'toy', syntax: 'URL', reason: 'scheme' },
      hosts: [{ host: m[1]!, port: 7000 }],
      password: 'pw',
      mode: m[2] ? fromParameter(m[2] as 'verify-identity', 'tls', m[2]) : fromDefault('required', 'toy default'),
      caFile: fromParameter('/ca.pem', 'ca', '/ca.pem'),
      passphrase: fromParameter('kp', 'pass', 'kp'),
      options: {},
      warnings: [],
      secrets: ['pw', 'kp'],
    };
    return reading;
  },
  translateTargets: [writeMode, onlyRequired],
});
const plain = defineEngine({ ...toy, id: 'plain', schemes: ['plain'], readConnectionString: undefined, translateTargets: undefined, defaultMode: 'preferred' });
const registry = createRegistry([toy, plain]);

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isDbtlsError(error) ? error.code : 'not-dbtls';
  }
  return 'no-error';
};

describe('parseConnectionString', () => {
  it('asks the engine the scheme names, and builds a reading from parseUrl for engines without a reader', () => {
    expect(parseConnectionString(registry, 'toy://h?tls=verify-identity').mode).toEqual({ value: 'verify-identity', source: { from: 'parameter', parameter: 'tls', value: 'verify-identity' } });
    const generic = parseConnectionString(registry, 'plain://u:secret@h:7001/db');
    expect(generic).toMatchObject({ engine: 'plain', hosts: [{ host: 'h', port: 7001 }], user: 'u', database: 'db', mode: { value: 'preferred', source: { from: 'default' } } });
    expect(generic.secrets).toEqual(['secret']);
  });
  it('rejects strings no engine reads, empty input and unknown schemes with invalid-url', () => {
    expect(code(() => parseConnectionString(registry, ''))).toBe('invalid-url');
    expect(code(() => parseConnectionString(registry, 'Server=x;Database=y'))).toBe('invalid-url');
    expect(code(() => parseConnectionString(registry, 'nope://h'))).toBe('invalid-url');
  });
});

describe('describeReading', () => {
  it('masks the password and the passphrase unless asked, and names the name to verify', () => {
    const reading = parseConnectionString(registry, 'toy://h?tls=verify-identity');
    const view = describeReading(reading);
    expect(view.password).toBe('***');
    expect(view.passphrase).toEqual({ value: '***', source: { from: 'parameter', parameter: 'pass', value: '***' } });
    expect(view.nameToVerify).toEqual({ value: 'h', source: { from: 'default', note: 'the host name' } });
    expect(JSON.stringify(view)).not.toMatch(/"pw"|"kp"/);
    expect(describeReading(reading, { showSecrets: true }).password).toBe('pw');
  });
});

describe('translate and the target registry', () => {
  it('lists the targets per engine and finds one by id, naming the fitting ones otherwise', () => {
    expect(registry.targets('toy').map((t) => t.id)).toEqual(['toy-url', 'toy-weak']);
    expect(registry.targets('plain')).toEqual([]);
    expect(registry.getTarget('TOY-URL', 'toy')).toBe(writeMode);
    expect(code(() => registry.getTarget('libpq', 'toy'))).toBe('invalid-option');
    expect(code(() => registry.getTarget('toy-url', 'plain'))).toBe('invalid-option');
  });
  it('writes the reading and carries the secrets for masking', () => {
    const result = translate(parseConnectionString(registry, 'toy://h?tls=verify-ca'), writeMode);
    expect(result).toEqual({ target: 'toy-url', text: 'toy://h?tls=verify-ca', lost: [], weaker: [], mode: { source: 'verify-ca', target: 'verify-ca' }, secrets: ['pw', 'kp'] });
  });
  it('refuses a weaker result with weaker-translation, and allows it with allowWeaker', () => {
    const reading = parseConnectionString(registry, 'toy://h?tls=verify-identity');
    expect(code(() => translate(reading, onlyRequired))).toBe('weaker-translation');
    const allowed = translate(reading, onlyRequired, { allowWeaker: true });
    expect(allowed.weaker).toEqual(['the mode verify-identity becomes required', 'ca is lost: no CA parameter']);
  });
  it('refuses a target of another engine', () => {
    const reading = parseConnectionString(registry, 'plain://h');
    expect(code(() => translate(reading, writeMode))).toBe('invalid-option');
  });
  it('rejects two engines contributing different targets with one id', () => {
    const clash = defineEngine({ ...plain, id: 'clash', schemes: ['clash'], translateTargets: [{ ...writeMode }] });
    expect(code(() => createRegistry([toy, clash]))).toBe('duplicate-engine');
  });
});
