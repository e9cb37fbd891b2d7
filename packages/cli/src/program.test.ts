import { describe, expect, it } from 'vitest';
import { COMMANDS, createProgram, EXIT } from './program.js';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const program = createProgram({ out: (t) => out.push(t), err: (t) => err.push(t), env: { NO_COLOR: '1' }, cwd: process.cwd() });
  return program.run(argv).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('the command table', () => {
  it('--help lists every command of the table with its summary', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['engines', 'connect', 'explain', 'diagnose']));
    for (const [name, c] of Object.entries(COMMANDS)) expect(r.out).toMatch(new RegExp(`^  ${name} +${c.summary}$`, 'm'));
  });
  it('every command module loads and its help names each of its options', async () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      const command = (await c.load()).default;
      const r = await run([name, '--help']);
      for (const option of Object.keys(command.options)) expect(r.out, name).toContain(`--${option}`);
    }
  });
  it('no arguments prints help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('Usage: dbtls <command>');
  });
  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('<command> --help and help <command> print its options', async () => {
    for (const argv of [['connect', '--help'], ['help', 'connect']]) {
      const r = await run(argv);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toContain('Usage: dbtls connect [options] <url>');
      expect(r.out).toContain('--ssl-mode <mode>');
      expect(r.out).toContain('(default: "10000")');
    }
  });
  it('usage mistakes exit 2 with one line naming the mistake', async () => {
    const cases: [string[], RegExp][] = [
      [['nosuch'], /unknown command 'nosuch'/],
      [['--nosuch'], /unknown option '--nosuch'/],
      [['connect', 'postgres://h/x', '--sslmode', 'require'], /unknown option '--sslmode'/],
      [['connect'], /missing required argument 'url'/],
      [['connect', 'postgres://h/a', 'postgres://h/b'], /too many arguments for 'connect'/],
      [['diagnose', 'boom'], /required option '--engine <id>' not specified/],
      [['diagnose', '--engine'], /option '--engine <value>' argument missing/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
      expect(r.err).toMatch(pattern);
      expect(r.err.split('\n')).toHaveLength(2);
    }
  });
  it('with --json a usage mistake is one JSON object', async () => {
    const r = await run(['connect', '--json']);
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.out)).toEqual({ ok: false, error: { code: 'invalid-option', message: "missing required argument 'url'" } });
  });
});
