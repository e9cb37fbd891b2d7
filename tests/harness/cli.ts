/** Runs the built `dbtls` CLI as a user would, and parses its JSON output. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when it is JSON. */
  json: any;
}

/** Runs `dbtls <args>` with `node`, with an optional environment overlay. */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/**
 * The `dbtls connect --json` arguments for connect options, as a user would type them; a passphrase
 * travels in an environment variable named with --passphrase-env, never on the command line.
 */
export function connectCliArgs(o: { url: string; mode?: string; timeoutMs?: number; caFile?: string; certFile?: string; keyFile?: string; passphrase?: string }, engine?: string): { args: string[]; env: Record<string, string> } {
  const args = ['connect', o.url, ...(o.mode ? ['--ssl-mode', String(o.mode)] : []), '--json', '--timeout', String(o.timeoutMs ?? 8000)];
  if (engine) args.push('--engine', engine);
  if (o.caFile) args.push('--ca', o.caFile);
  if (o.certFile) args.push('--cert', o.certFile);
  if (o.keyFile) args.push('--key', o.keyFile);
  const env: Record<string, string> = {};
  if (o.passphrase) {
    env.DBTLS_TEST_PASSPHRASE = o.passphrase;
    args.push('--passphrase-env', 'DBTLS_TEST_PASSPHRASE');
  }
  return { args, env };
}
