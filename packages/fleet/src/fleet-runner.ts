import { connect, isDbtlsError, redactValue, type ConnectResult, type NotApplicable, type PeerCertificateReport, type SslMode } from '@dbtls/core';
import { mapConcurrent } from './concurrency.js';
import { evaluatePolicy, type FleetCause } from './fleet-policy.js';
import type { PreparedTarget } from './fleet-target.js';

/** Default number of targets checked at once. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Outcome of one target: `warn` passes, `fail` fails the run.
 *
 * @example
 * ```ts
 * const failed = results.filter((r) => r.status === FLEET_STATUSES[2]);
 * ```
 */
export const FLEET_STATUSES = ['pass', 'warn', 'fail'] as const;
/** One of {@link FLEET_STATUSES}. */
export type FleetStatus = (typeof FLEET_STATUSES)[number];

/** A problem found on a target: a connection failure or a policy finding. */
export interface FleetProblem {
  severity: 'fail' | 'warn';
  cause: FleetCause;
  message: string;
}

/**
 * What `dbtls check` reports for one target. Secrets are already removed.
 *
 * @example
 * ```ts
 * { name: 'orders', engine: 'postgres', status: 'fail', cause: 'certificate-untrusted', recommendedMode: 'required', ... }
 * ```
 */
export interface FleetResult {
  name: string;
  engine: string;
  /** The URL with secrets masked. */
  url: string;
  host: string;
  port: number;
  status: FleetStatus;
  connected: boolean;
  mode: { requested: SslMode | NotApplicable | null; effective: SslMode | NotApplicable | null; url: SslMode | NotApplicable };
  encrypted: boolean | null;
  fellBack: boolean | null;
  tls: { version: string | null; cipher: string | null } | null;
  certificate: { subject: string; issuer: string; notBefore: string; notAfter: string; daysLeft: number } | null;
  /** The hosted service the host belongs to (core's table), or null. */
  hosted: { service: string; requiresTls: boolean; recommendedMode: SslMode } | null;
  /** The first failure's cause (else the first warning's), or null. */
  cause: FleetCause | null;
  /** The mode that would fix the first failure, when a mode change is the fix. */
  recommendedMode: SslMode | null;
  /** The diagnosis summary of a failed connection. */
  summary: string | null;
  problems: FleetProblem[];
  warnings: string[];
  elapsedMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Whole days until a certificate's `validTo` (negative once expired), for
 * reports without core's certificate health.
 *
 * @example
 * ```ts
 * certificateDaysLeft({ validTo: '2030-01-31T00:00:00.000Z' } as PeerCertificateReport, new Date('2030-01-01T00:00:00Z')); // 30
 * ```
 */
export function certificateDaysLeft(peer: PeerCertificateReport, now: Date = new Date()): number {
  return Math.floor((Date.parse(peer.validTo) - now.getTime()) / DAY_MS);
}

/**
 * Connects to one prepared target and applies its policy. Never throws:
 * unexpected errors become a failed result with cause `invalid-input`.
 *
 * @example
 * ```ts
 * const result = await checkTarget(prepared.targets[0]);
 * if (result.status === 'fail') console.log(result.cause);
 * ```
 */
export async function checkTarget(target: PreparedTarget, now: () => Date = () => new Date()): Promise<FleetResult> {
  const started = performance.now();
  let result: ConnectResult | undefined;
  let thrown: Error | undefined;
  try {
    result = await connect(target.engine, { ...target.options, warnDays: target.policy.warnDays });
  } catch (error) {
    thrown = error as Error;
  }
  const base = { name: target.name, engine: target.engine.id, url: target.displayUrl, host: target.host, port: target.port };
  if (!result) {
    const message = isDbtlsError(thrown) ? thrown.message : `Unexpected error: ${thrown?.message ?? String(thrown)}`;
    return redactValue(
      {
        ...base,
        status: 'fail',
        connected: false,
        mode: { requested: null, effective: null, url: target.urlMode },
        encrypted: null,
        fellBack: null,
        tls: null,
        certificate: null,
        hosted: null,
        cause: 'invalid-input',
        recommendedMode: null,
        summary: message,
        problems: [{ severity: 'fail', cause: 'invalid-input', message }],
        warnings: [],
        elapsedMs: Math.round(performance.now() - started),
      } satisfies FleetResult,
      target.secrets,
    );
  }
  const peer = result.ok ? result.tls?.peer ?? null : null;
  const leaf = result.ok ? result.tls?.health?.certificates[0] : undefined;
  const daysLeft = leaf ? leaf.daysLeft : peer ? certificateDaysLeft(peer, now()) : null;
  const hosted = result.hosted ? { service: result.hosted.service, requiresTls: result.hosted.requiresTls, recommendedMode: result.hosted.recommendedMode } : null;
  const problems: FleetProblem[] = [];
  let recommendedMode: SslMode | null = null;
  if (!result.ok) {
    problems.push({ severity: 'fail', cause: result.diagnosis.cause, message: result.diagnosis.summary });
    recommendedMode = result.diagnosis.recommendedMode;
  }
  const findings = evaluatePolicy(
    {
      ok: result.ok,
      effectiveMode: result.mode.effective,
      urlMode: target.urlMode,
      encrypted: result.ok ? result.encrypted : false,
      fellBack: result.ok ? result.fellBack : false,
      certificateDaysLeft: daysLeft,
      hosted,
    },
    target.policy,
  );
  for (const f of findings) {
    problems.push({ severity: f.severity, cause: f.cause, message: f.message });
    if (f.severity === 'fail' && recommendedMode === null && f.recommendedMode) recommendedMode = f.recommendedMode;
  }
  const first = problems.find((p) => p.severity === 'fail') ?? problems[0];
  const status: FleetStatus = problems.some((p) => p.severity === 'fail') ? 'fail' : problems.length ? 'warn' : 'pass';
  const out: FleetResult = {
    ...base,
    status,
    connected: result.ok,
    mode: { requested: result.mode.requested, effective: result.mode.effective, url: target.urlMode },
    encrypted: result.ok ? result.encrypted : null,
    fellBack: result.ok ? result.fellBack : null,
    tls: result.ok && result.tls ? { version: result.tls.protocol, cipher: result.tls.cipher } : null,
    certificate: peer ? { subject: peer.subject, issuer: peer.issuer, notBefore: peer.validFrom, notAfter: peer.validTo, daysLeft: daysLeft! } : null,
    hosted,
    cause: first?.cause ?? null,
    recommendedMode: status === 'fail' ? recommendedMode : null,
    summary: result.ok ? null : result.diagnosis.summary,
    problems,
    warnings: result.warnings,
    elapsedMs: result.elapsedMs,
  };
  return redactValue(out, target.secrets);
}

/** Options of {@link runFleet}. */
export interface RunFleetOptions {
  /** Targets checked at once; default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  /** Called as each target finishes (for a progress bar). */
  onResult?: (result: FleetResult, done: number, total: number) => void;
  now?: () => Date;
}

/**
 * Checks every target with bounded concurrency; results keep the targets' order.
 *
 * @example
 * ```ts
 * const results = await runFleet(prepared.targets, { concurrency: 16 });
 * const failed = results.filter((r) => r.status === 'fail');
 * ```
 */
export async function runFleet(targets: readonly PreparedTarget[], options: RunFleetOptions = {}): Promise<FleetResult[]> {
  let done = 0;
  return mapConcurrent(targets, options.concurrency ?? DEFAULT_CONCURRENCY, async (target) => {
    const result = await checkTarget(target, options.now);
    done++;
    options.onResult?.(result, done, targets.length);
    return result;
  });
}

/**
 * Exit code of a run: 0 when every target passed (warnings included), 1 otherwise.
 *
 * @example
 * ```ts
 * process.exitCode = fleetExitCode(results);
 * ```
 */
export function fleetExitCode(results: readonly FleetResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
