import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectRunContext, driverInstallHint, engineInstallHint, installCommand, managerFromLockfile, managerFromUserAgent, withInstallHint } from './install-hint.js';

const root = mkdtempSync(join(tmpdir(), 'dbtls-hint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = (...p: string[]) => {
  const d = join(root, ...p);
  mkdirSync(d, { recursive: true });
  return d;
};

describe('install commands', () => {
  it('spells project, dev and global installs for npm, pnpm and yarn', () => {
    expect(installCommand(['ioredis'], 'npm', 'project')).toBe('npm install ioredis');
    expect(installCommand(['a', 'b'], 'npm', 'project', true)).toBe('npm install --save-dev a b');
    expect(installCommand(['ioredis'], 'pnpm', 'project')).toBe('pnpm add ioredis');
    expect(installCommand(['ioredis'], 'yarn', 'project', true)).toBe('yarn add -D ioredis');
    expect(installCommand(['ioredis'], 'npm', 'global')).toBe('npm install -g ioredis');
    expect(installCommand(['ioredis'], 'pnpm', 'global')).toBe('pnpm add -g ioredis');
    expect(installCommand(['ioredis'], 'yarn', 'global')).toBe('yarn global add ioredis');
  });

  it('reads the package manager from the user agent and the nearest lockfile', () => {
    expect(managerFromUserAgent('pnpm/10.3.0 npm/? node/v20.19.0 linux x64')).toBe('pnpm');
    expect(managerFromUserAgent('yarn/4.1.0 npm/? node/v22.0.0')).toBe('yarn');
    expect(managerFromUserAgent('bun/1.0')).toBeUndefined();
    const p = dir('pnpm-project', 'sub');
    writeFileSync(join(root, 'pnpm-project', 'pnpm-lock.yaml'), '');
    expect(managerFromLockfile(p)).toBe('pnpm');
    writeFileSync(join(dir('yarn-project'), 'yarn.lock'), '');
    expect(managerFromLockfile(join(root, 'yarn-project'))).toBe('yarn');
  });

  it('tells local, global and npx runs apart', () => {
    const app = dir('app');
    writeFileSync(join(app, 'package.json'), '{}');
    writeFileSync(join(app, 'package-lock.json'), '{}');
    const local = dir('app', 'node_modules', '@dbtls', 'cli');
    expect(detectRunContext({ cliDir: local, cwd: app, env: {} })).toEqual({ kind: 'local', manager: 'npm' });
    const npx = dir('home', '.npm', '_npx', '4f2a', 'node_modules', '@dbtls', 'cli');
    expect(detectRunContext({ cliDir: npx, cwd: app, env: { npm_config_user_agent: 'npm/10.8.2 node/v20.19.0' } })).toEqual({ kind: 'npx', manager: 'npm' });
    const globalNpm = dir('usr', 'lib', 'node_modules', '@dbtls', 'cli');
    expect(detectRunContext({ cliDir: globalNpm, cwd: app, env: {} }).kind).toBe('global');
    const globalPnpm = dir('home', '.local', 'share', 'pnpm', 'global', '5', 'node_modules', '@dbtls', 'cli');
    const elsewhere = dir('elsewhere');
    expect(detectRunContext({ cliDir: globalPnpm, cwd: elsewhere, env: {} })).toEqual({ kind: 'global', manager: 'pnpm' });
  });

  it('puts the driver where the engine package is', () => {
    const npm = { kind: 'global', manager: 'npm' } as const;
    expect(driverInstallHint({ driver: 'ioredis', enginePackage: '@dbtls/engine-nosql', origin: 'cli', context: npm })).toBe('npm install -g ioredis');
    expect(driverInstallHint({ driver: 'ioredis', enginePackage: '@dbtls/engine-nosql', origin: 'project', context: npm })).toBe('npm install ioredis');
    expect(driverInstallHint({ driver: 'ioredis', enginePackage: '@dbtls/engine-nosql', origin: 'cli', context: { kind: 'npx', manager: 'pnpm' } })).toMatch(/^pnpm add -D @dbtls\/engine-nosql ioredis \(npx/);
    expect(driverInstallHint({ driver: 'better-sqlite3@12', origin: 'project', context: { kind: 'local', manager: 'yarn' } })).toBe('yarn add better-sqlite3@12');
    expect(engineInstallHint('@dbtls/engine-nosql ioredis', { kind: 'npx', manager: 'npm' })).toBe('npm install --save-dev @dbtls/engine-nosql ioredis');
  });

  it('rewrites the generic npm advice of a driver-missing message, keeping the package spec', () => {
    const msg = 'The Redis engine needs the "ioredis" driver, which is not installed. Install it with: npm install ioredis';
    expect(withInstallHint(msg, (spec) => `pnpm add -g ${spec}`)).toBe('The Redis engine needs the "ioredis" driver, which is not installed. Install it with: pnpm add -g ioredis');
    expect(withInstallHint('… Reinstall it with: npm rebuild better-sqlite3 (or npm install better-sqlite3@12).', (s) => `yarn add ${s}`)).toBe('… Reinstall it with: npm rebuild better-sqlite3 (or yarn add better-sqlite3@12).');
  });
});
