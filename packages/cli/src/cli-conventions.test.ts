import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, createProgram, EXIT } from './program.js';
import { colorEnabled, plainColumns } from './output.js';
import { SHELLS } from './completion-scripts.js';
import { findConfigFile } from './plugins.js';

const scratch = mkdtempSync(join(tmpdir(), 'dbtls-conventions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(argv: string[], cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const program = createProgram({ out: (t) => out.push(t), err: (t) => err.push(t), env: { NO_COLOR: '1' }, cwd, isTTY: false });
  return program.run(argv).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const hasShell = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

describe('colour', () => {
  it('FORCE_COLOR forces it on (and FORCE_COLOR=0 off), NO_COLOR turns it off, else only on a terminal', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('tables', () => {
  it('plain columns line up, one row per line, without box drawing', () => {
    expect(plainColumns([['engine', 'port'], ['postgres', '5432'], ['redis', '6379']])).toBe('engine    port\npostgres  5432\nredis     6379');
  });
  it('dbtls engines piped prints plain columns', async () => {
    const r = await run(['engines']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).not.toMatch(/[┌│─]/);
    expect(r.out).toMatch(/^engine +schemes +port +default mode +preferred fallback +driver$/m);
    expect(r.out).toMatch(/^postgres +postgres: postgresql: +5432 +preferred +native +pg$/m);
  });
});

describe('exit codes', () => {
  it('--help documents every exit code, and an internal error has its own', async () => {
    const r = await run(['--help']);
    for (const code of Object.values(EXIT)) expect(r.out).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
    const plugin = join(scratch, 'broken-engine.mjs');
    writeFileSync(
      plugin,
      `export default { apiVersion: 1, id: 'broken', displayName: 'Broken', schemes: ['broken'], defaultMode: 'disabled', fallback: { capability: 'none', how: '-' }, guidance: '-', drivers: [],
  parseUrl: () => { throw new TypeError('this plugin has a bug'); },
  driverOptions: () => ({ driver: 'none', options: {}, notes: [] }),
  connect: async () => ({ encrypted: false, fellBack: false, tls: null }) };\n`,
    );
    const broken = await run(['connect', 'broken://localhost', '--plugin', plugin]);
    expect(broken.err).toContain('Unexpected error');
    expect(broken.code).toBe(EXIT.internal);
  });
});

describe('config file', () => {
  it('is found in the working directory or the nearest directory above it', () => {
    const top = join(scratch, 'project');
    const deep = join(top, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(top, 'dbtls.config.json'), '{ "plugins": [] }');
    expect(findConfigFile(deep)).toBe(join(top, 'dbtls.config.json'));
    writeFileSync(join(top, 'a', 'dbtls.config.json'), '{ "plugins": [] }');
    expect(findConfigFile(deep)).toBe(join(top, 'a', 'dbtls.config.json'));
  });
});

describe('dbtls completion', () => {
  it.each(SHELLS)('%s: a script naming every command, that the shell parses', async (shell) => {
    const r = await run(['completion', shell]);
    expect(r.code).toBe(EXIT.ok);
    for (const name of Object.keys(COMMANDS)) expect(r.out).toContain(name);
    expect(r.out).toContain(shell === 'fish' ? '-l ssl-mode' : '--ssl-mode');
    expect(r.out).toContain('verify-identity');
    if (!hasShell(shell)) {
      console.warn(`${shell} is not installed: its completion script was generated but not parsed (.ci/run installs it).`);
      return;
    }
    const file = join(scratch, `completion.${shell}`);
    writeFileSync(file, r.out);
    expect(() => execFileSync(shell, ['-n', file], { stdio: 'pipe' })).not.toThrow();
  });
  it('bash completes commands, options and modes', async () => {
    const file = join(scratch, 'completion.bash');
    writeFileSync(file, (await run(['completion', 'bash'])).out);
    const complete = (words: string[]) =>
      execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _dbtls; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' }).trim();
    expect(complete(['dbtls', 'con'])).toBe('connect');
    expect(complete(['dbtls', 'connect', '--ssl-m'])).toBe('--ssl-mode');
    expect(complete(['dbtls', 'connect', '--ssl-mode', 'verify-'])).toBe('verify-ca verify-identity');
  });
  it('an unknown shell is bad usage (exit 2)', async () => {
    const r = await run(['completion', 'tcsh']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/Unknown shell "tcsh".*bash, zsh, fish/);
  });
});

describe('--version', () => {
  it('is the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect((await run(['--version'])).out).toBe(pkg.version);
  });
});
