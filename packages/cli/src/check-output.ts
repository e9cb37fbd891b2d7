import Table from 'cli-table3';
import type { FleetResult } from '@dbtls/fleet';
import { colors } from './output.js';

/**
 * A progress bar (cli-progress) on stderr when it is a terminal, else null.
 *
 * @example
 * ```ts
 * const bar = await progressBar(targets.length);
 * await runFleet(targets, { onResult: (_r, done) => bar?.update(done) });
 * bar?.stop();
 * ```
 */
export async function progressBar(total: number): Promise<{ update(done: number): void; stop(): void } | null> {
  if (!process.stderr.isTTY || total < 2) return null;
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: 'checking {bar} {value}/{total} targets', barsize: 30 }, progress.Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

const PLAIN_CHARS = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };

const STATUS = { pass: () => colors.green('pass'), warn: () => colors.yellow('warn'), fail: () => colors.red('FAIL') } as const;

/**
 * The summary of `dbtls check`: a table (boxed on a terminal, plain columns
 * when piped), then one line per problem, then the counts.
 *
 * @example
 * ```ts
 * io.out(formatCheck(results, { total: 2, passed: 1, warned: 0, failed: 1, elapsedMs: 812, concurrency: 8 }));
 * ```
 */
export function formatCheck(results: readonly FleetResult[], summary: { total: number; passed: number; warned: number; failed: number; elapsedMs: number; concurrency: number }): string {
  const tty = Boolean(process.stdout.isTTY);
  const table = new Table({
    head: ['target', 'engine', 'result', 'mode', 'TLS', 'cert days', 'fell back', 'cause', 'recommended'],
    style: { head: [], border: [], ...(tty ? {} : { 'padding-left': 0, 'padding-right': 0 }) },
    ...(tty ? {} : { chars: PLAIN_CHARS }),
  });
  for (const r of results) {
    const mode = r.mode.effective === null ? '-' : r.mode.url !== r.mode.effective ? `${r.mode.effective} (URL: ${r.mode.url})` : r.mode.effective;
    table.push([
      r.name,
      r.engine,
      STATUS[r.status](),
      mode,
      r.tls?.version ?? (r.connected ? 'none' : '-'),
      r.certificate ? String(r.certificate.daysLeft) : '-',
      r.fellBack === null ? '-' : r.fellBack ? colors.yellow('yes') : 'no',
      r.cause ?? '',
      r.recommendedMode ?? '',
    ]);
  }
  const lines = [tty ? table.toString() : table.toString().split('\n').map((l) => l.trimEnd()).join('\n')];
  const problems = results.flatMap((r) => r.problems.map((p) => `${p.severity === 'fail' ? colors.red('✖') : colors.yellow('!')} ${r.name}: ${p.message}`));
  if (problems.length) lines.push('', ...problems);
  lines.push('', `${summary.total} target${summary.total === 1 ? '' : 's'}: ${summary.passed} passed, ${summary.warned} warned, ${summary.failed} failed (${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.concurrency} at once)`);
  return lines.join('\n');
}
