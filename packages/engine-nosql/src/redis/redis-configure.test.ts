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
  it('a URL listing several nodes builds Redis.Cluster arguments; each named node is checked against its own name, announced ones against the first', async () => {
    const cfg = await configure(redisEngine, { url: 'rediss://:pw@a.example:7000,b.example:7001,[::1]:7002/0', mode: 'verify-identity' });
    expect(cfg.args[0]).toEqual([{ host: 'a.example', port: 7000 }, { host: 'b.example', port: 7001 }, { host: '::1', port: 7002 }]);
    const tls = cfg.args[1].redisOptions.tls;
    expect(tls.rejectUnauthorized).toBe(true);
    const certFor = (name: string) => ({ subject: { CN: name }, subjectaltname: `DNS:${name}` });
    expect(tls.checkServerIdentity('b.example', certFor('b.example'))).toBeUndefined();
    expect(tls.checkServerIdentity('b.example', certFor('a.example'))).toBeInstanceOf(Error);
    expect(tls.checkServerIdentity('10.0.0.5', certFor('a.example'))).toBeUndefined();
    expect(tls.checkServerIdentity('10.0.0.5', certFor('c.example'))).toBeInstanceOf(Error);
    expect(cfg.options).toBe(cfg.args[1]);
  });
  it('a bad node in the list is bad input that masks the password', async () => {
    await expect(configure(redisEngine, { url: 'rediss://:s3cretpw@a:7000,b:x/0', mode: 'required' })).rejects.toThrow(/node "b:x"/);
    await expect(configure(redisEngine, { url: 'rediss://:s3cretpw@a:7000,b:x/0', mode: 'required' })).rejects.not.toThrow(/s3cretpw/);
  });
});
