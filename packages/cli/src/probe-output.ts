import type { ProbeFailure, ProbeResult } from '@dbtls/core';
import { colors, formatDiagnosis, formatHealth, formatHosted } from './output.js';

const label = (text: string) => colors.dim(text.padEnd(16));

/** Human rendering of `dbtls probe`. */
export function formatProbe(result: ProbeResult | ProbeFailure): string {
  const where = `${result.engine} at ${result.host}:${result.port}`;
  const lines: string[] = [];
  if (!result.ok) {
    lines.push(`${colors.red('✖')} Could not probe ${where}`, ...formatDiagnosis(result.diagnosis, null));
    if (result.hosted) lines.push(...formatHosted(result.hosted));
    for (const w of result.warnings) lines.push(`${colors.yellow('!')} ${w}`);
    return lines.join('\n');
  }
  const offers = result.offersTls === 'yes' ? colors.green('yes') : result.offersTls === 'other-port' ? colors.yellow(`only on port ${result.tls?.port}`) : colors.red('no');
  const requires = result.requiresTls === 'yes' ? colors.green('yes') : result.requiresTls === 'no' ? colors.yellow('no (plain text accepted)') : 'unknown (the protocol cannot tell without logging in)';
  lines.push(`${colors.bold(`Probe of ${where}`)} ${colors.dim(`(${result.method}, ${result.connections} connection${result.connections === 1 ? '' : 's'}, ${result.elapsedMs} ms)`)}`);
  lines.push(`  ${label('Offers TLS')}${offers}`);
  lines.push(`  ${label('Requires TLS')}${requires}`);
  for (const e of result.evidence) lines.push(`  ${label('')}${colors.dim(`server ${e}`)}`);
  if (result.serverVersion) lines.push(`  ${label('Server')}${result.serverVersion}`);
  if (result.tls) lines.push(`  ${label('Protocol')}${result.tls.protocol ?? '?'}${result.tls.cipher ? `, ${result.tls.cipher}` : ''}`);
  const leaf = result.certificates[0];
  if (leaf) {
    lines.push(`  ${label('Subject')}${leaf.subject}`, `  ${label('Issuer')}${leaf.issuer}${leaf.selfSigned ? colors.yellow(' (self-signed)') : ''}`);
    if (leaf.subjectAltNames.length) lines.push(`  ${label('Names')}${leaf.subjectAltNames.join(', ')}`);
    lines.push(`  ${label('Valid')}${leaf.validFrom} to ${leaf.validTo} (${leaf.daysLeft} days left)`, `  ${label('SHA-256')}${leaf.fingerprint256}`);
    lines.push(...formatHealth({ warnDays: 0, certificates: result.certificates, trust: result.trust, trustedBy: null, hostname: result.hostname, warnings: [] }));
  }
  const v = result.verdicts;
  if (result.offersTls !== 'no') lines.push(`  ${label('verify-ca')}${v['verify-ca'].passes ? colors.green(`passes (${v['verify-ca'].trust})`) : colors.yellow('fails')}`, `  ${label('verify-identity')}${v['verify-identity'].passes ? colors.green(`passes (${v['verify-identity'].trust})`) : colors.yellow('fails')}`);
  if (result.clientCertificateRequired) lines.push(`  ${label('Client cert')}${colors.yellow('required by the server')}`);
  lines.push('', `${colors.cyan('Recommended:')} ${colors.bold(result.recommendedMode)} — ${result.recommendation.reason}`);
  lines.push(`  ${label('Flags')}${result.recommendation.flags.join(' ')}`);
  if (result.recommendation.urlParameters && Object.keys(result.recommendation.urlParameters).length) {
    lines.push(`  ${label('URL parameters')}${Object.entries(result.recommendation.urlParameters).map(([k, val]) => `${k}=${val}`).join('&')}`);
  }
  lines.push(`  ${label('Try')}${result.recommendation.command}`);
  if (result.login.attempted) {
    lines.push(result.login.ok ? `  ${label('Login')}${colors.green(`confirmed in mode ${result.login.mode}`)}` : `  ${label('Login')}${colors.red(`failed in mode ${result.login.mode}`)}`);
    if (!result.login.ok && result.login.diagnosis) lines.push(...formatDiagnosis(result.login.diagnosis, result.login.mode));
  } else lines.push(`  ${label('Login')}${colors.dim(result.login.reason)}`);
  if (result.hosted) lines.push('', ...formatHosted(result.hosted));
  for (const n of result.notes) lines.push(`${colors.cyan('i')} ${n}`);
  for (const w of result.warnings) lines.push(`${colors.yellow('!')} ${w}`);
  return lines.join('\n');
}
