import pc from 'picocolors';
import type { ConnectResult, Diagnosis, DriverOptionsView, EngineDefinition } from '@dbtls/core';

/** Colours only when stdout is a terminal and NO_COLOR is not set. */
export const colors = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb');

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
    }
    lines.push(`  ${label('Time')}${result.elapsedMs} ms`);
  } else {
    lines.push(`${colors.red('✖')} Could not connect to ${where} (mode ${mode})`);
    lines.push(...formatDiagnosis(result.diagnosis, result.mode.requested));
  }
  for (const warning of result.warnings) lines.push(`${colors.yellow('!')} ${warning}`);
  return lines.join('\n');
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
