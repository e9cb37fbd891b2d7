/**
 * Packaging: the built @dbtls/core and @dbtls/engine-nosql, packed with
 * `pnpm pack`, installed with npm into an empty project outside the
 * workspace together with ioredis only (from the registry). From there a
 * Redis connection works, and asking for MongoDB names the install command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../harness/cli.js';
import { findBinary, redisArgs, startProcess, stopAll, type RunningServer } from './nosql-servers.js';

const REDIS = findBinary('redis-server');
const PORT = 63450;
const servers: RunningServer[] = [];
let project = '';

// pnpm's bin shims export NODE_PATH into the workspace store: drop it, as a user's shell would not have it.
function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: undefined, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

describe.skipIf(!REDIS)(`@dbtls/engine-nosql installed from tarballs with only ioredis${REDIS ? '' : ' — SKIPPED: redis-server is not installed'}`, () => {
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'dbtls-nosql-pack-'));
    const packs = join(project, 'tarballs');
    for (const pkg of ['core', 'engine-nosql']) run('pnpm', ['pack', '--pack-destination', packs], join(ROOT, 'packages', pkg));
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'dbtls-pack-check', private: true, type: 'module' }));
    run('npm', ['install', '--no-save', ...tarballs, 'ioredis@6'], project);
    servers.push(await startProcess('redis-packaging', REDIS!, redisArgs({ port: PORT }), [PORT]));
  }, 300_000);
  afterAll(async () => {
    await stopAll(servers);
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('only ioredis is installed beside the packages (no other driver)', () => {
    const modules = readdirSync(join(project, 'node_modules'));
    expect(modules).toContain('ioredis');
    for (const other of ['mongodb', 'cassandra-driver', 'oracledb', 'etcd3']) expect(modules).not.toContain(other);
    expect(readdirSync(join(project, 'node_modules', '@dbtls')).sort()).toEqual(['core', 'engine-nosql']);
  });

  it('connects to Redis (ESM), and MongoDB gives the install message', () => {
    writeFileSync(
      join(project, 'check.mjs'),
      `import { connect, isDbtlsError } from '@dbtls/core';
import { engines } from '@dbtls/engine-nosql';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';
import { createRequire } from 'node:module';
const req = createRequire(import.meta.resolve('@dbtls/engine-nosql'));
const where = (p) => { try { return req.resolve(p + '/package.json'); } catch (e) { return null; } };
const out = { where: { etcd3: where('etcd3'), clickhouse: where('@clickhouse/client') }, engines: engines.map((e) => e.id), available: Object.fromEntries(engines.map((e) => [e.id, e.isAvailable?.() ?? null])) };
const redis = await connect(redisEngine, { url: 'redis://localhost:${PORT}', mode: 'disabled', timeoutMs: 5000 });
out.redis = { ok: redis.ok, serverVersion: redis.serverVersion ?? null };
try { out.mongodb = await connect(mongodbEngine, { url: 'mongodb://localhost:27017/x', mode: 'disabled', timeoutMs: 2000 }); }
catch (e) { out.mongodb = { dbtls: isDbtlsError(e), code: e.code, message: e.message }; }
console.log(JSON.stringify(out));
`,
    );
    const out = JSON.parse(run(process.execPath, ['check.mjs'], project));
    expect(out.engines).toEqual(expect.arrayContaining(['redis', 'etcd', 'clickhouse', 'mongodb']));
    expect(out.available, JSON.stringify(out.where)).toMatchObject({ redis: true, etcd: false, clickhouse: false });
    expect(out.redis).toMatchObject({ ok: true });
    expect(out.redis.serverVersion).toMatch(/^Redis \d/);
    expect(out.mongodb).toMatchObject({ dbtls: true, code: 'driver-missing' });
    expect(out.mongodb.message).toContain('npm install mongodb');
  });

  it('works from CommonJS too', () => {
    writeFileSync(
      join(project, 'check.cjs'),
      `const { connect } = require('@dbtls/core');
const { redisEngine } = require('@dbtls/engine-nosql/redis');
connect(redisEngine, { url: 'redis://localhost:${PORT}', mode: 'disabled', timeoutMs: 5000 }).then((r) => console.log(JSON.stringify({ ok: r.ok })));
`,
    );
    expect(JSON.parse(run(process.execPath, ['check.cjs'], project))).toEqual({ ok: true });
  });
});
