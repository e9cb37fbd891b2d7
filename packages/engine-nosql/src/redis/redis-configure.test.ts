import { describe, expect, it } from 'vitest';
import { configure } from '@dbtls/core';
import { redisEngine } from './redis-engine.js';

describe('configureRedis', () => {
  it('spells out every TLS check in verify-identity, for the client and the cluster form', async () => {
    const cfg = await configure(redisEngine, { url: 'rediss://:pw@cache.example:6380/2', mode: 'verify-identity' });
    const tls = cfg.options.tls;
    expect(tls.rejectUnauthorized).toBe(true);
    expect(tls.servername).toBe('cache.example');
    expect(tls.checkServerIdentity('cache.example', { subject: { CN: 'other.example' }, subjectaltname: 'DNS:other.example' })).toBeInstanceOf(Error);
    expect(cfg.options).toMatchObject({ host: 'cache.example', port: 6380, db: 2, password: 'pw' });
    expect(cfg.forms.cluster.nodes).toEqual([{ host: 'cache.example', port: 6380 }]);
    expect(cfg.forms.cluster.options.redisOptions.tls).toBe(tls);
  });
  it('required does not validate, disabled has no tls at all', async () => {
    expect((await configure(redisEngine, { url: 'redis://h', mode: 'required' })).options.tls.rejectUnauthorized).toBe(false);
    expect((await configure(redisEngine, { url: 'redis://h', mode: 'disabled' })).options.tls).toBeUndefined();
  });
});
