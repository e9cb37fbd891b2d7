import type { ConnectOptions, ConnectResult } from '../connect.js';
import type { DiagnosisCause } from '../diagnosis.js';
import type { EngineDefinition } from '../engine.js';
import { SSL_MODES, type SslMode } from '../ssl-mode.js';

/**
 * The server set-ups of the dbtls conformance table. Every engine test
 * provides a server (or a protocol-faithful stub) for each scenario it can.
 */
export const CONFORMANCE_SCENARIOS = [
  'no-tls',
  'tls-optional',
  'tls-optional-ip',
  'tls-required',
  'client-cert-missing',
  'client-cert-given',
  'self-signed',
  'expired',
  'verify-without-ca',
] as const;
/** One of {@link CONFORMANCE_SCENARIOS}. */
export type ConformanceScenario = (typeof CONFORMANCE_SCENARIOS)[number];

/** What one cell of the table expects. */
export interface CellExpectation {
  ok: boolean;
  encrypted?: boolean;
  fellBack?: boolean;
  cause?: DiagnosisCause;
  /** Checked when present (`null` included). */
  recommendedMode?: SslMode | null;
}

/**
 * How to reach the server of one scenario: a URL whose host is `localhost`
 * (or `127.0.0.1` for `tls-optional-ip`) and the files the verify modes use.
 * `caFile` is passed to the verify modes only (`verify-without-ca` passes none);
 * client certificate and key are passed to every TLS mode.
 */
export interface ScenarioServer {
  url: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  passphrase?: string;
}

/** One cell to run. */
export interface ConformanceCase {
  scenario: ConformanceScenario;
  mode: SslMode;
  options: ConnectOptions;
  expected: CellExpectation;
  /** e.g. `self-signed × verify-ca`. */
  name: string;
}

const plain: CellExpectation = { ok: true, encrypted: false, fellBack: false };
const tlsOk: CellExpectation = { ok: true, encrypted: true, fellBack: false };
const fail = (cause: DiagnosisCause, recommendedMode?: SslMode | null): CellExpectation => ({ ok: false, cause, ...(recommendedMode !== undefined ? { recommendedMode } : {}) });

/**
 * The expected outcome of one cell for an engine, from the dbtls table.
 * Engines without a fallback (`none`) see `preferred` behave as `required`,
 * and a server without TLS recommend `disabled`.
 *
 * @example
 * ```ts
 * expectedCell(postgresEngine, 'tls-optional-ip', 'verify-identity'); // { ok: false, cause: 'hostname-mismatch', recommendedMode: 'verify-ca' }
 * ```
 */
export function expectedCell(engine: Pick<EngineDefinition, 'fallback'>, scenario: ConformanceScenario, mode: SslMode): CellExpectation {
  const canFallBack = engine.fallback.capability !== 'none';
  const lacks = fail('server-lacks-tls', canFallBack ? 'preferred' : 'disabled');
  switch (scenario) {
    case 'no-tls':
      if (mode === 'disabled') return plain;
      if (mode === 'preferred') return canFallBack ? { ok: true, encrypted: false, fellBack: true } : lacks;
      return lacks;
    case 'tls-optional':
      return mode === 'disabled' ? plain : tlsOk;
    case 'tls-optional-ip':
      if (mode === 'disabled') return plain;
      return mode === 'verify-identity' ? fail('hostname-mismatch', 'verify-ca') : tlsOk;
    case 'tls-required':
      return mode === 'disabled' ? fail('server-requires-tls', 'required') : tlsOk;
    case 'client-cert-missing':
      return mode === 'disabled' ? fail('server-requires-tls', 'required') : fail('client-certificate-required', mode === 'preferred' && !canFallBack ? 'required' : mode);
    case 'client-cert-given':
      return mode === 'disabled' ? fail('server-requires-tls', 'required') : tlsOk;
    case 'self-signed':
      if (mode === 'disabled') return plain;
      return mode === 'verify-ca' || mode === 'verify-identity' ? fail('certificate-untrusted', 'required') : tlsOk;
    case 'expired':
      if (mode === 'disabled') return plain;
      return mode === 'verify-ca' || mode === 'verify-identity' ? fail('certificate-expired', 'required') : tlsOk;
    case 'verify-without-ca':
      return fail('certificate-untrusted', 'required');
  }
}

/**
 * Builds every cell for the scenarios an engine's test provides.
 * `overrides` replaces cells whose meaning differs for the engine (say, a
 * separate TLS port where `disabled` cannot reach a TLS-only server); give
 * each a reason, which becomes part of the case name.
 *
 * @example
 * ```ts
 * for (const c of conformanceCases(postgresEngine, servers)) it(c.name, async () => {
 *   expect(checkCell(await connect(postgresEngine, c.options), c.expected)).toEqual([]);
 * });
 * ```
 */
export function conformanceCases(
  engine: Pick<EngineDefinition, 'fallback'>,
  servers: Partial<Record<ConformanceScenario, ScenarioServer>>,
  overrides: Partial<Record<ConformanceScenario, Partial<Record<SslMode, CellExpectation & { reason: string }>>>> = {},
): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const scenario of CONFORMANCE_SCENARIOS) {
    const server = servers[scenario];
    if (!server) continue;
    const modes = scenario === 'verify-without-ca' ? (['verify-ca', 'verify-identity'] as const) : SSL_MODES;
    for (const mode of modes) {
      const override = overrides[scenario]?.[mode];
      const options: ConnectOptions = { url: server.url, mode, timeoutMs: 8000 };
      if (mode !== 'disabled') {
        if (server.caFile && scenario !== 'verify-without-ca' && (mode === 'verify-ca' || mode === 'verify-identity')) options.caFile = server.caFile;
        if (server.certFile) options.certFile = server.certFile;
        if (server.keyFile) options.keyFile = server.keyFile;
        if (server.passphrase) options.passphrase = server.passphrase;
      }
      const expected = override ? { ...override } : expectedCell(engine, scenario, mode);
      cases.push({ scenario, mode, options, expected, name: `${scenario} × ${mode}${override ? ` (${override.reason})` : ''}` });
    }
  }
  return cases;
}

/**
 * Compares a result with a cell's expectation; returns the differences (an
 * empty list when the cell conforms).
 *
 * @example
 * ```ts
 * checkCell(result, { ok: true, encrypted: true, fellBack: false }); // []
 * ```
 */
export function checkCell(result: ConnectResult, expected: CellExpectation): string[] {
  const problems: string[] = [];
  const got = describeOutcome(result);
  if (result.ok !== expected.ok) return [`expected ${expected.ok ? 'success' : `failure (${expected.cause})`}, got ${got}`];
  if (result.ok) {
    if (expected.encrypted !== undefined && result.encrypted !== expected.encrypted) problems.push(`encrypted: expected ${expected.encrypted}, got ${result.encrypted}`);
    if (expected.fellBack !== undefined && result.fellBack !== expected.fellBack) problems.push(`fellBack: expected ${expected.fellBack}, got ${result.fellBack}`);
    if (result.encrypted && !result.tls?.protocol) problems.push('encrypted but no TLS report');
  } else {
    if (expected.cause && result.diagnosis.cause !== expected.cause) problems.push(`cause: expected ${expected.cause}, got ${got}`);
    if (expected.recommendedMode !== undefined && result.diagnosis.recommendedMode !== expected.recommendedMode) {
      problems.push(`recommendedMode: expected ${expected.recommendedMode}, got ${result.diagnosis.recommendedMode}`);
    }
  }
  return problems;
}

/**
 * One short word for a result, as used in the README matrix: `plain`,
 * `plain, fellBack`, `TLS` or the cause.
 *
 * @example
 * ```ts
 * describeOutcome(result); // 'hostname-mismatch'
 * ```
 */
export function describeOutcome(result: ConnectResult): string {
  if (!result.ok) return `${result.diagnosis.cause} [${result.diagnosis.original.code ?? ''} ${result.diagnosis.original.message.slice(0, 120)}]`;
  if (!result.encrypted) return result.fellBack ? 'plain, fellBack' : 'plain';
  return 'TLS';
}

/**
 * Renders measured outcomes as a Markdown table (rows: scenarios, columns: modes).
 *
 * @example
 * ```ts
 * renderMatrix('PostgreSQL 15', measured);
 * ```
 */
export function renderMatrix(title: string, cells: { scenario: ConformanceScenario; mode: SslMode; outcome: string }[]): string {
  const rows = CONFORMANCE_SCENARIOS.filter((s) => cells.some((c) => c.scenario === s));
  const lines = [`**${title}**`, '', `| server | ${SSL_MODES.join(' | ')} |`, `|---|${SSL_MODES.map(() => '---').join('|')}|`];
  for (const s of rows) {
    lines.push(`| ${s} | ${SSL_MODES.map((m) => cells.find((c) => c.scenario === s && c.mode === m)?.outcome.replace(/ \[.*$/, '') ?? '').join(' | ')} |`);
  }
  return lines.join('\n');
}
