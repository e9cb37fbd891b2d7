import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './redis-url.js';
import { redisDriverOptions } from './redis-ssl.js';

describe('parseRedisUrl', () => {
  it('reads host, port, db and credentials; masks the password', () => {
    const t = parseRedisUrl('redis://app:s3cret@cache.example.com:6380/2');
    expect([t.host, t.port, t.config.db, t.config.username, t.mode]).toEqual(['cache.example.com', 6380, 2, 'app', undefined]);
    expect(t.displayUrl).not.toContain('s3cret');
    expect(t.secrets).toEqual(['s3cret']);
  });
  it('rediss:// means verify-identity, overridable by ?ssl-mode=', () => {
    expect(parseRedisUrl('rediss://localhost').mode).toBe('verify-identity');
    expect(parseRedisUrl('rediss://localhost?ssl-mode=require').mode).toBe('required');
    expect(parseRedisUrl('rediss://localhost?ssl-mode=disabled').warnings[0]).toMatch(/not encrypted/);
  });
  it('rejects other schemes and non-numeric databases', () => {
    expect(() => parseRedisUrl('http://localhost')).toThrow(/not a Redis URL/);
    expect(() => parseRedisUrl('redis://localhost/abc')).toThrow(/database number/);
  });
});

describe('redisDriverOptions', () => {
  it('maps each mode to ioredis tls options with SNI for names only, and shows no file contents', () => {
    const ca = redisDriverOptions({ mode: 'verify-ca', tls: { caFile: '/x/ca.pem' }, host: 'cache' });
    expect(ca.options.tls).toMatchObject({ ca: '<contents of ca.pem>', servername: 'cache', rejectUnauthorized: true });
    const ip = redisDriverOptions({ mode: 'required', tls: {}, host: '10.0.0.1' });
    expect(ip.options.tls).toMatchObject({ rejectUnauthorized: false });
    expect((ip.options.tls as Record<string, unknown>).servername).toBeUndefined();
    expect(redisDriverOptions({ mode: 'disabled', tls: {}, host: 'cache' }).options.tls).toBeUndefined();
  });
});
