import pc from 'picocolors';
import type { CertificateHealth, ConnectResult, Diagnosis, DriverOptionsView, EngineDefinition, HostedAdvice } from '@dbtls/core';

/**
 * Whether to colour output: `FORCE_COLOR` (any value but `0` or `false`) forces colour on and
 * `FORCE_COLOR=0` off, as in Node.js itself; otherwise `NO_COLOR` (any non-empty value) and
 * `TERM=dumb` turn it off, and colour is used only on a terminal.
 *
 * @example
 * ```ts
 * colorEnabled({ FORCE_COLOR: '1' }, false); // true: piped, but forced
 * colorEnabled({ NO_COLOR: '1' }, true); // false
 * ```
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** The colours of this process's output (see {@link colorEnabled}). */
export const colors = pc.createColors(colorEnabled(process.env, Boolean(process.stdout.isTTY)));

/**
 * Lays out rows as plain columns separated by two spaces, for output that is piped (no box drawing,
 * so `grep`, `awk` and `cut` see one engine per line).
 *
 * @example
 * ```ts
 * plainColumns([['engine', 'port'], ['postgres', '5432']]); // 'engine    port\npostgres  5432'
 * ```
 */
export function plainColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const label = (text: string) => colors.dim(text.padEnd(12));

/** Human rendering of a diagnosis. */
export function formatDiagnosis(diagnosis: Diagnosis, requested: string | null): string[] {
  const lines = [`  ${colors.bold(diagnosis.summary)}`, `  ${diagnosis.detail}`];
  if (diagnosis.recommendedMode && diagnosis.recommendedMode !== requested) lines.push(`  ${colors.cyan('Try:')} --ssl-mode ${diagnosis.recommendedMode}`);
  else if (diagnosis.recommendedMode) lines.push(`  ${colors.cyan('Keep:')} --ssl-mode ${diagnosis.recommendedMode}, and fix the cause above`);
  lines.push(`  ${colors.dim(`cause: ${diagnosis.cause}`)}`);
  lines.push('', `  ${colors.dim('Driver/server said:')} ${diagnosis.original.message}${diagnosis.original.code ? colors.dim(` (${diagnosis.original.code})`) : ''}`);
  return lines;
}

/** Human rendering of a connect result. */
export function formatConnect(result: ConnectResult): string {
  const where = `${result.engine} at ${result.host}${result.port ? `:${result.port}` : ''}`;
  const mode = result.mode.requested === result.mode.effective ? result.mode.requested : `${result.mode.requested} → ${result.mode.effective}`;
  const lines: string[] = [];
  if (result.ok) {
    const how = result.encrypted ? colors.green('with TLS') : result.fellBack ? colors.yellow('WITHOUT encryption (fell back)') : colors.yellow('without encryption');
    lines.push(`${colors.green('✔')} Connected to ${where} ${how} (mode ${mode})`);
    if (result.serverVersion) lines.push(`  ${label('Server')}${result.serverVersion}`);
    if (result.tls) {
      lines.push(`  ${label('Protocol')}${result.tls.protocol ?? '?'}${result.tls.cipher ? `, ${result.tls.cipher}` : ''}`);
      const peer = result.tls.peer;
      if (peer) {
        lines.push(`  ${label('Subject')}${peer.subject}`);
        lines.push(`  ${label('Issuer')}${peer.issuer}${peer.selfSigned ? colors.yellow(' (self-signed)') : ''}`);
        if (peer.subjectAltNames.length) lines.push(`  ${label('Names')}${peer.subjectAltNames.join(', ')}`);
        lines.push(`  ${label('Valid')}${peer.validFrom} to ${peer.validTo}`);
        lines.push(`  ${label('SHA-256')}${peer.fingerprint256}`);
      }
      if (result.tls.chainValid === false && result.tls.chainError) lines.push(`  ${label('Chain')}${colors.yellow(`not validated in this mode (${result.tls.chainError})`)}`);
      if (result.tls.health) lines.push(...formatHealth(result.tls.health));
    }
    lines.push(`  ${label('Time')}${result.elapsedMs} ms`);
  } else {
    lines.push(`${colors.red('✖')} Could not connect to ${where} (mode ${mode})`);
    lines.push(...formatDiagnosis(result.diagnosis, result.mode.requested));
  }
  if (result.hosted) lines.push(...formatHosted(result.hosted));
  for (const warning of result.warnings) lines.push(`${colors.yellow('!')} ${warning}`);
  return lines.join('\n');
}

/** Human rendering of certificate health: one line per certificate of the chain, then the trust verdicts. */
export function formatHealth(health: CertificateHealth): string[] {
  const lines: string[] = [];
  health.certificates.forEach((c, i) => {
    const key = `${c.key.type.toUpperCase()}${c.key.bits ? ` ${c.key.bits}` : ''}${c.key.curve ? ` (${c.key.curve})` : ''}`;
    const days = c.expired ? colors.red(`expired ${-c.daysLeft} days ago`) : c.notYetValid ? colors.red('not valid yet') : c.daysLeft < health.warnDays ? colors.yellow(`${c.daysLeft} days left`) : `${c.daysLeft} days left`;
    const flags = [c.weakKey ? colors.red('weak key') : '', c.weakSignature ? colors.red('weak signature') : ''].filter(Boolean).join(', ');
    lines.push(`  ${label(i === 0 ? 'Chain' : '')}${i}: ${c.subject} — ${key}, ${c.signatureAlgorithm ?? 'unknown signature'}, ${days}${flags ? `, ${flags}` : ''}`);
  });
  for (const v of health.trust) {
    const verdict = v.chainValid ? colors.green(`validates${v.incompleteChain ? ' (only with an intermediate from this file)' : ''}`) : colors.yellow(`does not validate (${v.error})`);
    lines.push(`  ${label('Trust')}${v.source} ${colors.dim(`[${v.origin}]`)}: ${verdict}`);
  }
  if (health.hostname) lines.push(`  ${label('Name')}${health.hostname.name} ${health.hostname.matches ? colors.green('matches the certificate') : colors.yellow('does not match the certificate')}`);
  return lines;
}

/** Human rendering of hosted-service advice. */
export function formatHosted(hosted: HostedAdvice): string[] {
  const ca = hosted.ca.source === 'system' ? `system trust store${hosted.ca.name ? ` (${hosted.ca.name})` : ''}` : `${hosted.ca.name ?? hosted.ca.source}${hosted.ca.url ? ` — ${hosted.ca.url}` : ''}`;
  const lines = [`  ${label('Hosted')}${colors.bold(hosted.service)}: ${hosted.requiresTls ? 'requires TLS' : 'TLS optional'}, recommended mode ${colors.bold(hosted.recommendedMode)}`, `  ${label('CA')}${ca}`];
  for (const note of hosted.notes) lines.push(`  ${label('')}- ${note}`);
  lines.push(`  ${label('Source')}${hosted.source.title} <${hosted.source.url}>`);
  return lines;
}

/** Human rendering of `dbtls explain`. */
export function formatExplain(engine: EngineDefinition, mode: string, view: DriverOptionsView, warnings: string[]): string {
  const lines = [`${colors.bold(engine.displayName)} in mode ${colors.bold(mode)} (driver ${view.driver})`, '', 'Driver options:'];
  lines.push(...JSON.stringify(view.options, null, 2).split('\n').map((l) => `  ${l}`));
  if (view.urlParameters) lines.push('', `URL parameters: ${Object.entries(view.urlParameters).map(([k, v]) => `${k}=${v}`).join('&') || '(none)'}`);
  else if (view.urlParameters === null) lines.push('', 'URL parameters: none express this mode for this driver.');
  if (view.equivalents && Object.keys(view.equivalents).length) {
    lines.push('', 'Equivalents:');
    for (const [k, v] of Object.entries(view.equivalents)) lines.push(`  ${k.padEnd(10)} ${v}`);
  }
  if (view.notes.length) {
    lines.push('', 'How dbtls enforces it:');
    for (const n of view.notes) lines.push(`  - ${n}`);
  }
  for (const w of warnings) lines.push(`${colors.yellow('!')} ${w}`);
  return lines.join('\n');
}
