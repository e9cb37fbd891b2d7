/** Statistics and the one table `pnpm bench` prints. */

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** 95th percentile (nearest rank). */
export function p95(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

/** One measured side of a row. */
export interface Side {
  label: string;
  median: number;
  p95?: number;
  unit: string;
}

export type Verdict = 'ok' | 'MISSED' | 'info' | 'n/a';

/** One line of the table. */
export interface Row {
  group: string;
  what: string;
  dbtls?: Side;
  anchor?: Side;
  /** dbtls / anchor, or the measured value itself for count and memory rows. */
  ratio?: number;
  /** Human form of the goal, e.g. "≤ 1.30×". */
  goal?: string;
  verdict: Verdict;
  note?: string;
}

/** Samples of each variant, taken in turn (A B C, B C A, …) so that drift in machine load hits all alike. */
export async function interleaved(variants: readonly (() => Promise<number>)[], iterations: number): Promise<number[][]> {
  const samples = variants.map(() => [] as number[]);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < variants.length; k++) {
      const j = (i + k) % variants.length;
      samples[j]!.push(await variants[j]!());
    }
  }
  return samples;
}

/** Times an async function in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** A ratio row: the verdict compares the ratio of medians with `limit`. */
export function ratioRow(group: string, what: string, dbtls: Side, anchor: Side, limit: number | null, note?: string): Row {
  const ratio = dbtls.median / anchor.median;
  return { group, what, dbtls, anchor, ratio, goal: limit === null ? undefined : `≤ ${limit.toFixed(2)}×`, verdict: limit === null ? 'info' : ratio <= limit ? 'ok' : 'MISSED', ...(note ? { note } : {}) };
}

/** A row that could not be measured in this run, and why. */
export function unavailableRow(group: string, what: string, reason: string): Row {
  return { group, what, verdict: 'n/a', note: `not available: ${reason}` };
}

const fmt = (s: Side | undefined) => (s ? `${s.median.toFixed(s.unit === 'MiB' ? 1 : s.unit === 'ms' ? 1 : 0)}${s.p95 !== undefined ? ` / ${s.p95.toFixed(1)}` : ''} ${s.unit}` : '');

/** The table as aligned text (for the terminal) or Markdown (for docs/benchmarks.md). */
export function renderTable(rows: readonly Row[], markdown: boolean): string {
  const head = ['group', 'what', 'dbtls (median / p95)', 'anchor', 'anchor (median / p95)', 'ratio', 'goal', 'verdict'];
  const cells = rows.map((r) => [r.group, r.what, fmt(r.dbtls), r.anchor?.label ?? '', fmt(r.anchor), r.ratio === undefined ? '' : r.anchor ? `${r.ratio.toFixed(2)}×` : String(+r.ratio.toFixed(2)), r.goal ?? '', `${r.verdict}${r.note ? ` (${r.note})` : ''}`]);
  if (markdown) {
    const esc = (c: string) => c.replace(/\|/g, '\\|');
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.map(esc).join(' | ')} |`)].join('\n');
  }
  const widths = head.map((h, i) => Math.min(i === 7 ? 200 : 60, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
