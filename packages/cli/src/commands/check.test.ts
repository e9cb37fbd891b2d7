import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram, EXIT } from '../program.js';

const dir = mkdtempSync(join(tmpdir(), 'dbtls-check-cmd-'));
function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const program = createProgram({ out: (t) => out.push(t), err: (t) => err.push(t), env: { NO_COLOR: '1', ...env }, cwd: dir });
  return program.run(argv).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('dbtls check (in-process, nothing listening)', () => {
  it('refuses bad flags with exit 2, naming the flag', async () => {
    expect(await run(['check', 'postgres://127.0.0.1:1/x', '--concurrency', '0'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/--concurrency must be a whole number from 1 to 1024, not "0"/) });
    expect(await run(['check', 'postgres://127.0.0.1:1/x', '--fail-days', '1.5'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/--fail-days must be a whole number/) });
    expect(await run(['check', 'postgres://127.0.0.1:1/x', '--min-mode', 'allow'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/Unknown SSL mode "allow"/) });
    expect(await run(['check'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/Nothing to check/) });
  });
  it('a refused connection fails the run (exit 1) with its cause, in JSON and JUnit, without the password', async () => {
    const r = await run(['check', 'postgres://app:cmd-test-pw@127.0.0.1:1/x', '--ssl-mode', 'verify-full', '--timeout', '3000', '--json', '--junit', 'out.xml']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.summary).toMatchObject({ total: 1, failed: 1, concurrency: 8 });
    expect(json.results[0]).toMatchObject({ name: '127.0.0.1:1', status: 'fail', cause: 'network-error', connected: false, mode: { url: 'preferred' }, url: 'postgres://app:***@127.0.0.1:1/x' });
    const junit = readFileSync(join(dir, 'out.xml'), 'utf8');
    expect(junit).toContain('<failure type="network-error"');
    expect(r.out + r.err + junit).not.toContain('cmd-test-pw');
  });
  it('reads ./dbtls.targets.yaml when given nothing, and names the field of a bad one', async () => {
    writeFileSync(join(dir, 'dbtls.targets.yaml'), 'targets:\n  - name: db\n    url: postgres://127.0.0.1:1/x\n    timeout: 5\n');
    expect(await run(['check'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/dbtls\.targets\.yaml: target "db" \(targets\[0\]\): unknown key "timeout"/) });
  });
});

describe('dbtls exporter flags', () => {
  it('needs --config and a HOST:PORT --listen', async () => {
    expect(await run(['exporter'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/required option '--config/) });
    writeFileSync(join(dir, 'ok.yaml'), 'targets:\n  - name: db\n    url: postgres://127.0.0.1:1/x\n');
    expect(await run(['exporter', '--config', 'ok.yaml', '--listen', '9187'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/--listen: "9187" is not HOST:PORT/) });
    expect(await run(['exporter', '--config', 'ok.yaml', '--max-probes', '0'])).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/--max-probes must be a whole number from 1 to 256/) });
  });
});
