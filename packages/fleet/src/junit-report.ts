import type { FleetResult } from './fleet-runner.js';

// XML 1.0 allows tab, newline, carriage return and U+0020 upwards (minus surrogates and U+FFFE/U+FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Escapes text for an XML attribute or element, dropping characters XML 1.0 cannot hold.
 *
 * @example
 * ```ts
 * xmlEscape('a < "b"'); // 'a &lt; &quot;b&quot;'
 * ```
 */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * A JUnit XML report of a fleet run: one `<testcase>` per target, a
 * `<failure>` for each failed target (type = the cause), warnings in
 * `<system-out>`. The results are already redacted.
 *
 * @example
 * ```ts
 * writeFileSync('dbtls-junit.xml', junitReport(results, { elapsedMs: 1234 }));
 * ```
 */
export function junitReport(results: readonly FleetResult[], options: { name?: string; elapsedMs?: number; timestamp?: Date } = {}): string {
  const name = options.name ?? 'dbtls check';
  const failures = results.filter((r) => r.status === 'fail').length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(options.elapsedMs ?? 0)}">`,
    `  <testsuite name="${xmlEscape(name)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(options.elapsedMs ?? 0)}" timestamp="${(options.timestamp ?? new Date()).toISOString().replace(/\.\d{3}Z$/, '')}">`,
  ];
  for (const r of results) {
    lines.push(`    <testcase classname="dbtls.${xmlEscape(r.engine)}" name="${xmlEscape(r.name)}" time="${seconds(r.elapsedMs)}">`);
    const fails = r.problems.filter((p) => p.severity === 'fail');
    if (fails.length) {
      const body = [...fails.map((p) => `${p.cause}: ${p.message}`), ...(r.recommendedMode ? [`recommended mode: ${r.recommendedMode}`] : []), `target: ${r.url}`].join('\n');
      lines.push(`      <failure type="${xmlEscape(r.cause ?? 'unknown')}" message="${xmlEscape(fails[0]!.message)}">${xmlEscape(body)}</failure>`);
    }
    const notes = [
      `engine=${r.engine} mode=${r.mode.effective ?? '-'} url-mode=${r.mode.url} tls=${r.tls?.version ?? (r.connected ? 'none' : '-')} cert-days-left=${r.certificate?.daysLeft ?? '-'} fell-back=${r.fellBack ?? '-'}`,
      ...r.problems.filter((p) => p.severity === 'warn').map((p) => `warning: ${p.cause}: ${p.message}`),
      ...r.warnings.map((w) => `note: ${w}`),
    ];
    lines.push(`      <system-out>${xmlEscape(notes.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
