import { TLS_VERSIONS } from '@dbtls/core';
import type { FleetResult } from './fleet-runner.js';

type PromClient = typeof import('prom-client');

/**
 * Names of the metrics one probe answers with. Labels are bounded: engine id,
 * modes, TLS version and cause come from fixed lists; never a URL, host or password.
 *
 * @example
 * ```ts
 * PROBE_METRICS.notAfter; // 'dbtls_cert_not_after_timestamp_seconds'
 * ```
 */
export const PROBE_METRICS = {
  success: 'dbtls_probe_success',
  duration: 'dbtls_probe_duration_seconds',
  encrypted: 'dbtls_tls_encrypted',
  fellBack: 'dbtls_fell_back',
  tlsVersion: 'dbtls_tls_version_info',
  notAfter: 'dbtls_cert_not_after_timestamp_seconds',
  notBefore: 'dbtls_cert_not_before_timestamp_seconds',
  failure: 'dbtls_probe_failure_info',
  policyPass: 'dbtls_policy_pass',
  policyViolation: 'dbtls_policy_violation_info',
  info: 'dbtls_probe_info',
} as const;

/**
 * The TLS version as a bounded label value: one of core's `TLS_VERSIONS`, else `other`.
 *
 * @example
 * ```ts
 * tlsVersionLabel('TLSv1.3'); // 'TLSv1.3'
 * tlsVersionLabel('SSLv3');   // 'other'
 * ```
 */
export function tlsVersionLabel(version: string | null | undefined): string {
  return version && (TLS_VERSIONS as readonly string[]).includes(version) ? version : 'other';
}

/**
 * Renders one probe's result as a prom-client registry (text format via
 * `await registry.metrics()`). Connection metrics appear only when the
 * connection opened; certificate times only when a certificate was seen.
 *
 * @example
 * ```ts
 * const registry = probeRegistry(await import('prom-client'), result);
 * response.end(await registry.metrics());
 * ```
 */
export function probeRegistry(client: PromClient, result: FleetResult): InstanceType<PromClient['Registry']> {
  const registry = new client.Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new client.Gauge({ name, help, labelNames, registers: [registry] });
  gauge(PROBE_METRICS.success, 'Whether the connection opened and answered a round trip in the configured mode (1) or not (0).').set(result.connected ? 1 : 0);
  gauge(PROBE_METRICS.duration, 'How long the probe took, in seconds.').set(result.elapsedMs / 1000);
  gauge(PROBE_METRICS.info, 'The engine and modes of the probed target (always 1).', ['engine', 'mode', 'url_mode']).set({ engine: result.engine, mode: result.mode.effective ?? 'none', url_mode: result.mode.url }, 1);
  if (result.connected) {
    gauge(PROBE_METRICS.encrypted, 'Whether the connection was encrypted with TLS.').set(result.encrypted ? 1 : 0);
    gauge(PROBE_METRICS.fellBack, 'Whether "preferred" fell back to plain text because the server offers no TLS.').set(result.fellBack ? 1 : 0);
    if (result.encrypted && result.tls) gauge(PROBE_METRICS.tlsVersion, 'The negotiated TLS version (always 1).', ['version']).set({ version: tlsVersionLabel(result.tls.version) }, 1);
  } else {
    gauge(PROBE_METRICS.failure, 'Why the probe failed: one of a fixed set of causes (always 1).', ['cause']).set({ cause: result.cause ?? 'unknown' }, 1);
  }
  if (result.certificate) {
    gauge(PROBE_METRICS.notAfter, 'The server certificate is valid until this time (Unix seconds).').set(Math.floor(Date.parse(result.certificate.notAfter) / 1000));
    gauge(PROBE_METRICS.notBefore, 'The server certificate is valid from this time (Unix seconds).').set(Math.floor(Date.parse(result.certificate.notBefore) / 1000));
  }
  gauge(PROBE_METRICS.policyPass, "Whether the target passes its policy in the targets file (warnings pass).").set(result.status === 'fail' ? 0 : 1);
  const violations = [...new Set(result.problems.filter((p) => p.severity === 'fail').map((p) => p.cause))];
  if (violations.length) {
    const g = gauge(PROBE_METRICS.policyViolation, 'A failed policy check or connection, by cause (always 1).', ['cause']);
    for (const cause of violations) g.set({ cause }, 1);
  }
  return registry;
}
