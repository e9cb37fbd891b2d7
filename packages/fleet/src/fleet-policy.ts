import { DEFAULT_WARN_DAYS, parseSslMode, SSL_MODES, type DiagnosisCause, type NotApplicable, type SslMode } from '@dbtls/core';
import type { PolicyInput } from './fleet-config.js';

/**
 * A resolved policy. Every field has its value; `null` means "not checked".
 *
 * @example
 * ```ts
 * const policy: FleetPolicy = { minMode: 'verify-ca', noFallback: true, warnDays: 30, failDays: 7, requireTls: false };
 * ```
 */
export interface FleetPolicy {
  minMode: SslMode | null;
  noFallback: boolean;
  warnDays: number;
  failDays: number | null;
  requireTls: boolean;
}

/**
 * Causes a policy adds to the connection causes of core. Together with
 * `DIAGNOSIS_CAUSES` they are the bounded set of `cause` values.
 *
 * @example
 * ```ts
 * POLICY_CAUSES.includes('fell-back'); // true
 * ```
 */
export const POLICY_CAUSES = ['mode-below-minimum', 'url-mode-below-minimum', 'fell-back', 'certificate-expiring', 'tls-required-by-service', 'invalid-input'] as const;
/** One of {@link POLICY_CAUSES}. */
export type PolicyCause = (typeof POLICY_CAUSES)[number];
/** Any cause `dbtls check` reports. */
export type FleetCause = DiagnosisCause | PolicyCause;

/**
 * Combines policies so that the strictest wins: the highest minimum mode, any
 * `noFallback` or `requireTls`, the largest day counts. A file cannot weaken
 * what a CI flag asks for, nor a flag what a file asks for.
 *
 * @example
 * ```ts
 * strictestPolicy([{ minMode: 'required' }, { minMode: 'verify-ca', failDays: 7 }]);
 * // { minMode: 'verify-ca', noFallback: false, warnDays: 30, failDays: 7, requireTls: false }
 * ```
 */
export function strictestPolicy(inputs: readonly (PolicyInput | undefined)[]): FleetPolicy {
  const out: FleetPolicy = { minMode: null, noFallback: false, warnDays: DEFAULT_WARN_DAYS, failDays: null, requireTls: false };
  let warnDays: number | null = null;
  for (const p of inputs) {
    if (!p) continue;
    if (p.minMode !== undefined) {
      const m = parseSslMode(p.minMode);
      if (out.minMode === null || modeRank(m) > modeRank(out.minMode)) out.minMode = m;
    }
    if (p.noFallback) out.noFallback = true;
    if (p.requireTls) out.requireTls = true;
    if (p.warnDays !== undefined) warnDays = Math.max(warnDays ?? 0, p.warnDays);
    if (p.failDays !== undefined) out.failDays = Math.max(out.failDays ?? 0, p.failDays);
  }
  if (warnDays !== null) out.warnDays = warnDays;
  return out;
}

/**
 * Position of a mode in {@link SSL_MODES}, weakest (0) first.
 *
 * @example
 * ```ts
 * modeRank('verify-ca') > modeRank('required'); // true
 * ```
 */
export function modeRank(mode: SslMode): number {
  return SSL_MODES.indexOf(mode);
}

/** What a policy looks at: a summary of one connection. */
export interface PolicyInputResult {
  ok: boolean;
  /** Effective mode of the connection dbtls made. */
  effectiveMode: SslMode | NotApplicable;
  /** Effective mode the URL alone asks for (what an application given only the URL would get). */
  urlMode: SslMode | NotApplicable;
  encrypted: boolean;
  fellBack: boolean;
  /** Whole days until the server certificate expires (negative once expired); null without one. */
  certificateDaysLeft: number | null;
  /** The hosted service the host belongs to (core's hosted-services table), when known. */
  hosted?: { service: string; requiresTls: boolean; recommendedMode: SslMode } | null;
}

/** One thing a policy found. */
export interface PolicyFinding {
  severity: 'fail' | 'warn';
  cause: PolicyCause;
  message: string;
  /** The mode that would satisfy the policy, when a mode change is the fix. */
  recommendedMode: SslMode | null;
}

/**
 * Applies a policy to a connection summary. Pure: returns findings, never throws.
 *
 * @example
 * ```ts
 * evaluatePolicy({ ok: true, effectiveMode: 'required', urlMode: 'required', encrypted: true, fellBack: false, certificateDaysLeft: 3 },
 *   { minMode: 'verify-ca', noFallback: false, warnDays: 30, failDays: 7, requireTls: false });
 * // [{ severity: 'fail', cause: 'mode-below-minimum', ... }, { severity: 'fail', cause: 'certificate-expiring', ... }]
 * ```
 */
export function evaluatePolicy(result: PolicyInputResult, policy: FleetPolicy): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const min = policy.minMode;
  if (min && result.effectiveMode !== 'not-applicable' && modeRank(result.effectiveMode) < modeRank(min)) {
    findings.push({ severity: 'fail', cause: 'mode-below-minimum', message: `The effective mode "${result.effectiveMode}" is weaker than the minimum "${min}".`, recommendedMode: min });
  } else if (min && result.urlMode !== 'not-applicable' && modeRank(result.urlMode) < modeRank(min)) {
    findings.push({ severity: 'fail', cause: 'url-mode-below-minimum', message: `The URL on its own reads as "${result.urlMode}", weaker than the minimum "${min}": an application given only this URL would connect that way. Put the mode in the URL.`, recommendedMode: min });
  }
  if (result.ok && result.fellBack && policy.noFallback) {
    findings.push({ severity: 'fail', cause: 'fell-back', message: 'The server offers no TLS: "preferred" fell back to an unencrypted connection.', recommendedMode: null });
  }
  const hosted = result.hosted;
  if (policy.requireTls && hosted?.requiresTls) {
    // A service that insists on TLS still needs a client that does: "preferred" falls back to plain
    // text for whoever answers "no TLS" in the middle, and sends the password there.
    const weak = (m: SslMode | NotApplicable) => m !== 'not-applicable' && modeRank(m) < modeRank('required');
    const what = weak(result.effectiveMode) ? `the mode "${result.effectiveMode}" does not insist on it` : weak(result.urlMode) ? `the URL on its own reads as "${result.urlMode}", which does not insist on it` : result.ok && !result.encrypted ? 'this connection is not encrypted' : null;
    if (what) findings.push({ severity: 'fail', cause: 'tls-required-by-service', message: `${hosted.service} requires TLS, and ${what}; use ${hosted.recommendedMode}.`, recommendedMode: hosted.recommendedMode });
  }
  const days = result.certificateDaysLeft;
  if (result.ok && days !== null) {
    const when = days < 0 ? `expired ${-days} day${days === -1 ? '' : 's'} ago` : `expires in ${days} day${days === 1 ? '' : 's'}`;
    if (policy.failDays !== null && days < policy.failDays) findings.push({ severity: 'fail', cause: 'certificate-expiring', message: `The server certificate ${when} (fail under ${policy.failDays} days).`, recommendedMode: null });
    else if (days < policy.warnDays) findings.push({ severity: 'warn', cause: 'certificate-expiring', message: `The server certificate ${when} (warn under ${policy.warnDays} days).`, recommendedMode: null });
  }
  return findings;
}
