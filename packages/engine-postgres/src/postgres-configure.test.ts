import { describe, expect, it } from 'vitest';
import { configure } from '@dbtls/core';
import { postgresEngine } from './postgres-engine.js';
import { NegotiatedStream } from './postgres-negotiate.js';

describe('configurePostgres', () => {
  it('gives pg ssl: false, a stream factory and the URL fields, never the URL TLS parameters', async () => {
    const cfg = await configure(postgresEngine, { url: 'postgres://app:pw@db.example:5433/shop?sslmode=no-verify', mode: 'verify-identity' });
    expect(cfg.mode.effective).toBe('verify-identity');
    expect(cfg.options).toMatchObject({ host: 'db.example', port: 5433, user: 'app', password: 'pw', database: 'shop', ssl: false, sslnegotiation: 'postgres' });
    expect(cfg.options).not.toHaveProperty('connectionString');
    const stream = cfg.options.stream();
    expect(stream).toBeInstanceOf(NegotiatedStream);
    expect(cfg.options.stream()).not.toBe(stream);
    stream.destroy();
  });
});
