/**
 * The leak test's shared part: the passwords, the accounts each engine's servers get for them,
 * how a conformance cell's URL is rewritten to an account, what must never appear in output
 * (the password raw and encoded, fragments of it, the client key passphrase, any line of the
 * client key), and how a result is compared with the same cell's result for an unrelated
 * password (so a short password that is masked inside other words shows up as a difference).
 */
import { readFileSync } from 'node:fs';
import { connect, type ConnectResult, type EngineDefinition } from '@dbtls/core';
import { checkCell, describeOutcome, type ConformanceCase } from '@dbtls/core/testing';
import { CLIENT_KEY_PASSPHRASE, type TestCertificates } from '../harness/certs.js';
import { connectCliArgs, runCli } from '../harness/cli.js';

/** A password with every URL metacharacter a user would paste, and one with a literal "%40". */
export const META_PASSWORD = 'p@ss:w/rd%40#?';
/** Passwords so short that masking them as substrings would corrupt ordinary words. */
export const SHORT_PASSWORDS = ['e', 'lab'] as const;
/** An unrelated password: the reference run every short-password run is compared with. */
export const BASELINE_PASSWORD = 'Zq7-baseline-Xv4';

/**
 * The accounts every leak server gets: account i has password ACCOUNT_PASSWORDS[i].
 * The user names contain none of the passwords as a token, so a difference between a run and
 * the baseline run can only come from masking the password.
 */
export const ACCOUNT_PASSWORDS = [META_PASSWORD, ...SHORT_PASSWORDS, BASELINE_PASSWORD] as const;
export const accountUser = (i: number, prefix = 'leak') => `${prefix}${i}`;
export const ACCOUNTS = ACCOUNT_PASSWORDS.map((password, i) => ({ user: accountUser(i), password }));
export const BASELINE_ACCOUNT = ACCOUNT_PASSWORDS.length - 1;

/** One way of putting a password into a URL. */
export interface Variant {
  id: string;
  account: number;
  password: string;
  /** The password pasted into the URL unencoded (the URL parser must reject or read it without echoing it). */
  raw: boolean;
}

export const VARIANTS: readonly Variant[] = [
  { id: 'metachar (encoded)', account: 0, password: META_PASSWORD, raw: false },
  { id: 'metachar (raw)', account: 0, password: META_PASSWORD, raw: true },
  { id: 'e', account: 1, password: 'e', raw: false },
  { id: 'lab', account: 2, password: 'lab', raw: false },
];
const BASELINE: Variant = { id: 'baseline', account: BASELINE_ACCOUNT, password: BASELINE_PASSWORD, raw: false };

/** The URL with its userinfo replaced by `user:password` (percent-encoded as a user would, unless raw). */
export function withCredentials(url: string, user: string, password: string, raw = false): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?(.*)$/i.exec(url);
  if (!m) throw new Error(`not a URL: ${url}`);
  return `${m[1]}${encodeURIComponent(user)}:${raw ? password : encodeURIComponent(password)}@${m[2]}`;
}

/** Strings that must never appear in any output for the metacharacter password: whole and in pieces. */
export const META_FORMS = [META_PASSWORD, encodeURIComponent(META_PASSWORD), 'p@ss', 'p%40ss', 'ss:w', 'ss%3Aw', 'w/rd', 'w%2Frd', 'rd%40', 'rd%2540', '%40#?'];

/** The passphrase and every line of the client key's PEM body (plain and encrypted files). */
export function keySecrets(certs: TestCertificates): string[] {
  const lines = [certs.clientKey, certs.clientKeyEncrypted].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length >= 16 && !l.startsWith('-----')),
  );
  return [CLIENT_KEY_PASSPHRASE, ...lines];
}

/** The secrets in `text`, by name (empty when none). */
export function leaksIn(text: string, variant: Variant, keys: readonly string[]): string[] {
  const found: string[] = [];
  if (variant.account === 0) for (const form of META_FORMS) if (text.includes(form)) found.push(`password form ${JSON.stringify(form)}`);
  if (variant.password.length >= 4 && text.includes(variant.password)) found.push('the password');
  for (const key of keys) if (text.includes(key)) found.push(key === CLIENT_KEY_PASSPHRASE ? 'the key passphrase' : `key material ${key.slice(0, 12)}…`);
  return found;
}

/** A result as JSON with what legitimately differs between two runs removed: timings and the account's user name. */
export function normalized(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => {
    if (key === 'elapsedMs') return undefined;
    // OpenSSL prefixes its errors with the thread id (80FC2A105B7F0000:error:…) and gRPC stamps the time.
    return typeof v === 'string' ? v.replace(/\bleakx?\d\b/g, 'USER').replace(/\b[0-9A-F]{16}(?=:error:)/g, 'THREAD').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, 'TIME') : v;
  });
}

/** The paths (a.b.c) where two JSON values differ, with both values. */
export function differences(got: unknown, want: unknown, path = ''): string[] {
  if (typeof got !== typeof want || Array.isArray(got) !== Array.isArray(want) || (got === null) !== (want === null)) return [`${path || '.'}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`];
  if (got && typeof got === 'object') {
    const keys = new Set([...Object.keys(got), ...Object.keys(want as object)]);
    return [...keys].flatMap((k) => differences((got as any)[k], (want as any)[k], `${path}.${k}`));
  }
  return got === want ? [] : [`${path}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`];
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One engine's plan: its conformance cells and the user each account has for a cell. */
export interface LeakPlan {
  engine: EngineDefinition;
  cases: readonly ConformanceCase[];
  keys: readonly string[];
  /** The user name of `account` for this cell (say, a REQUIRE X509 twin for client-certificate rows). */
  userFor?: (c: ConformanceCase, account: number) => string;
}

const optionsFor = (plan: LeakPlan, c: ConformanceCase, v: Variant) => ({
  ...c.options,
  url: withCredentials(c.options.url!, plan.userFor ? plan.userFor(c, v.account) : accountUser(v.account), v.password, v.raw),
});

/** What each surface measured, for the commit message and the report. */
export interface LeakCounts {
  library: number;
  cliJson: number;
  cliHuman: number;
}

/**
 * The library half: every cell × every variant through connect(). Encoded passwords must give
 * the cell's exact outcome; raw ones must be refused or read without echoing the password; no
 * output holds a secret; a short password's result equals the baseline result field for field.
 * Returns the problems (empty when none) and the baseline results for the CLI half.
 */
export async function libraryLeaks(plan: LeakPlan, concurrency = 8): Promise<{ problems: string[]; baseline: Map<ConformanceCase, unknown>; runs: number }> {
  const started = Date.now();
  const problems: string[] = [];
  const baseline = new Map<ConformanceCase, unknown>();
  await mapLimit(plan.cases, concurrency, async (c) => {
    const base = await connect(plan.engine, optionsFor(plan, c, BASELINE));
    const baseProblems = checkCell(base, c.expected);
    if (baseProblems.length) problems.push(`${c.name} × baseline: ${baseProblems.join('; ')}`);
    baseline.set(c, normalized(base));
  });
  const jobs = plan.cases.flatMap((c) => VARIANTS.map((v) => ({ c, v })));
  await mapLimit(jobs, concurrency, async ({ c, v }) => {
    const at = `${c.name} × ${v.id}`;
    let text: string;
    let result: ConnectResult | undefined;
    try {
      result = await connect(plan.engine, optionsFor(plan, c, v));
      text = JSON.stringify(result);
    } catch (error) {
      const e = error as Error & { code?: string };
      if (!v.raw) return void problems.push(`${at}: connect() threw ${e.message}`);
      if (e.code !== 'invalid-url') problems.push(`${at}: the raw password was refused with ${e.code ?? 'no code'} (${e.message}), not invalid-url`);
      text = `${e.message} ${e.code ?? ''} ${e.stack ?? ''}`;
    }
    for (const leak of leaksIn(text, v, plan.keys)) problems.push(`${at}: library output holds ${leak}`);
    if (v.raw || !result) return;
    const cell = checkCell(result, c.expected);
    if (cell.length) problems.push(`${at}: ${cell.join('; ')} (${describeOutcome(result)})`);
    for (const d of differences(normalized(result), baseline.get(c))) problems.push(`${at}: differs from the baseline password's result at ${d}`);
  });
  const runs = plan.cases.length * (VARIANTS.length + 1);
  console.log(`[leak] ${plan.engine.id}: library ${plan.cases.length} cells × ${VARIANTS.length} password forms + baseline = ${runs} connects in ${Date.now() - started} ms, ${problems.length} problems`);
  return { problems, baseline, runs };
}

/**
 * The cells the CLI half runs: one per distinct expected outcome and set of TLS flags (the first
 * such cell of the table). The library half runs every cell with every password; the CLI prints
 * that same result (JSON through redactValue, human through formatConnect), so what can differ
 * between CLI runs is the outcome's shape and the flags around the URL, which these cells cover.
 * Running all 42 cells × 4 outputs through a fresh node process per engine would cost about 60 s
 * per engine on 2 cores (measured: 186 runs > 60 s for PostgreSQL); this keeps the six tables
 * within the leak test's budget.
 */
export function cliCells(cases: readonly ConformanceCase[]): ConformanceCase[] {
  const seen = new Map<string, ConformanceCase>();
  for (const c of cases) {
    const key = JSON.stringify([c.expected, Boolean(c.options.caFile), Boolean(c.options.certFile)]);
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

/** Which (cell, variant, output) runs the CLI half makes; see {@link cliLeaks}. */
export function cliRuns(plan: LeakPlan): { c: ConformanceCase; v: Variant; json: boolean }[] {
  const runs: { c: ConformanceCase; v: Variant; json: boolean }[] = [];
  for (const c of cliCells(plan.cases)) {
    // JSON: every encoded password (the leak grep, the exact outcome, the field-for-field comparison).
    for (const v of VARIANTS) if (!v.raw) runs.push({ c, v, json: true });
    // Human output: the metacharacter password (a short password cannot be grepped for in prose;
    // corruption by it shows in the JSON fields, and the human text is rendered from the same result).
    runs.push({ c, v: VARIANTS[0]!, json: false });
  }
  // Raw password: every URL parser refuses it before connecting (the library half checks that for
  // every cell), so only the flags around it change: the most and the least flagged cell, JSON and human.
  const flagged = plan.cases.find((c) => c.options.certFile && c.mode === 'verify-identity') ?? plan.cases.at(-1)!;
  for (const c of [plan.cases[0]!, flagged]) for (const json of [true, false]) runs.push({ c, v: VARIANTS[1]!, json });
  return runs;
}

/**
 * The CLI half: `dbtls connect` as a user types it. JSON runs must print one JSON object with
 * the exit code of the outcome (2 for a refused raw URL), the cell's exact outcome and, for a
 * short password, the library's baseline result field for field; no run prints a secret on
 * stdout or stderr.
 */
export async function cliLeaks(plan: LeakPlan, baseline: Map<ConformanceCase, unknown>, concurrency = 4): Promise<{ problems: string[]; json: number; human: number }> {
  const started = Date.now();
  const problems: string[] = [];
  const runs = cliRuns(plan);
  await mapLimit(runs, concurrency, async ({ c, v, json }) => {
    const at = `${c.name} × ${v.id} (${json ? 'CLI --json' : 'CLI human'})`;
    const { args, env } = connectCliArgs(optionsFor(plan, c, v), plan.engine.id);
    if (!json) args.splice(args.indexOf('--json'), 1);
    const run = await runCli(args, { env });
    for (const leak of leaksIn(run.stdout + run.stderr, v, plan.keys)) problems.push(`${at}: output holds ${leak}`);
    if (/\n\s+at .+:\d+:\d+\)?$/m.test(run.stderr) || /Unexpected error/.test(run.stdout + run.stderr)) problems.push(`${at}: a stack trace or internal error: ${run.stderr.slice(0, 300)}`);
    if (v.raw) {
      if (run.code !== 2 && run.code !== 0 && run.code !== 1) problems.push(`${at}: exit ${run.code}`);
      if (json && !run.json) problems.push(`${at}: no JSON on stdout: ${run.stdout.slice(0, 200)}`);
      return;
    }
    if (!json) {
      if (run.code !== (c.expected.ok ? 0 : 1)) problems.push(`${at}: exit ${run.code}, expected ${c.expected.ok ? 0 : 1}: ${run.stdout.slice(0, 200)}`);
      return;
    }
    if (!run.json) return void problems.push(`${at}: no JSON on stdout: ${run.stdout.slice(0, 200)} ${run.stderr.slice(0, 200)}`);
    const result = run.json as ConnectResult;
    if (run.code !== (result.ok ? 0 : 1)) problems.push(`${at}: exit ${run.code} for ok=${result.ok}`);
    const cell = checkCell(result, c.expected);
    if (cell.length) problems.push(`${at}: ${cell.join('; ')}`);
    for (const d of differences(normalized(result), baseline.get(c))) problems.push(`${at}: differs from the baseline password's library result at ${d}`);
  });
  const json = runs.filter((r) => r.json).length;
  console.log(`[leak] ${plan.engine.id}: CLI ${cliCells(plan.cases).length} cells, ${json} --json + ${runs.length - json} human runs in ${Date.now() - started} ms, ${problems.length} problems`);
  return { problems, json, human: runs.length - json };
}

/**
 * The control that makes the test mean something: the servers really check these accounts'
 * passwords (a wrong one on `tls-optional × verify-identity` is authentication-failed).
 */
export async function wrongPasswordCause(plan: LeakPlan): Promise<string> {
  const c = plan.cases.find((x) => x.scenario === 'tls-optional' && x.mode === 'verify-identity')!;
  const result = await connect(plan.engine, { ...c.options, url: withCredentials(c.options.url!, plan.userFor ? plan.userFor(c, 0) : accountUser(0), 'Wrong-pw-0') });
  return result.ok ? 'ok' : result.diagnosis.cause;
}
