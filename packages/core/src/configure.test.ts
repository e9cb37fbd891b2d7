import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configure, diagnose, open } from './configure.js';
import { isDbtlsError } from './dbtls-error.js';
import { defineEngine, type EngineInput } from './engine.js';
import { parseGenericUrl } from './generic-url.js';

const base: EngineInput = {
  id: 'fakedb',
  displayName: 'FakeDB',
  schemes: ['fakedb'],
  defaultPort: 7000,
  defaultMode: 'required',
  fallback: { capability: 'none', how: 'TLS port only.' },
  guidance: 'none',
  drivers: ['fake-driver'],
  parseUrl: (url) => {
    const target = parseGenericUrl(url, { defaultPort: 7000 });
    const password = new URL(url).password;
    return { ...target, secrets: password ? [password] : [] };
  },
  driverOptions: () => ({ driver: 'fake-driver', options: {}, notes: [] }),
  connect: async () => ({ encrypted: true, fellBack: false, tls: null }),
};
const fake = defineEngine({
  ...base,
  async configure(ctx) {
    const options = { host: ctx.target.host, password: new URL(ctx.url).password, tls: { rejectUnauthorized: ctx.tls.mode !== 'required' } };
    return {
      driver: 'fake-driver',
      args: [options],
      options,
      notes: ['every connection checks'],
      open: async () => {
        if (ctx.target.host === 'down') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7000'), { code: 'ECONNREFUSED' });
        return { client: { fake: true }, first: { encrypted: true, fellBack: false, tls: null }, close: async () => undefined };
      },
    };
  },
});

describe('configure', () => {
  it('returns the driver arguments with mode and warnings, never printing the password', async () => {
    const cfg = await configure(fake, { url: 'fakedb://app:s3cret-pw@db.example/x', mode: 'verify-ca' });
    expect(cfg.driver).toBe('fake-driver');
    expect(cfg.args[0]).toBe(cfg.options);
    expect(cfg.options.password).toBe('s3cret-pw');
    expect(cfg.options.tls.rejectUnauthorized).toBe(true);
    expect(cfg.mode).toEqual({ requested: 'verify-ca', effective: 'verify-ca' });
    for (const text of [JSON.stringify(cfg), inspect(cfg, { depth: 8 }), JSON.stringify(cfg.options), inspect(cfg.args, { depth: 8 })]) expect(text).not.toContain('s3cret-pw');
    expect(JSON.parse(JSON.stringify(cfg)).args[0]).toEqual({ host: 'db.example', password: '***', tls: { rejectUnauthorized: true } });
  });
  it('an engine without the capability is a clear DbtlsError', async () => {
    const error = await configure(defineEngine({ ...base, id: 'nocfg' }), { url: 'fakedb://h' }).catch((e: unknown) => e);
    expect(isDbtlsError(error) && error.code).toBe('invalid-option');
    expect((error as Error).message).toMatch(/no "configure" capability/);
  });
  it('bad input throws before anything is built', async () => {
    const error = await configure(fake, { url: 'fakedb://h', mode: 'sometimes' }).catch((e: unknown) => e);
    expect(isDbtlsError(error) && error.code).toBe('invalid-ssl-mode');
  });
});

describe('open and diagnose', () => {
  it('open gives the client and the first connection report', async () => {
    const opened = await open(fake, { url: 'fakedb://h', mode: 'required' });
    expect(opened.ok && opened.client).toEqual({ fake: true });
    expect(opened.ok && opened.report.encrypted).toBe(true);
  });
  it('a failing open is connect()\'s { ok: false, diagnosis }', async () => {
    const opened = await open(fake, { url: 'fakedb://down', mode: 'required' });
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.diagnosis.cause).toBe('network-error');
  });
  it('diagnose takes the configuration as context', async () => {
    const cfg = await configure(fake, { url: 'fakedb://h', mode: 'verify-identity' });
    const error = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(diagnose(fake, error, cfg).cause).toBe('hostname-mismatch');
    expect(cfg.diagnose(error).cause).toBe('hostname-mismatch');
    expect(diagnose(fake, error).cause).toBe('hostname-mismatch');
  });
});
