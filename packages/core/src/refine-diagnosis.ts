import type { Diagnosis } from './diagnosis.js';
import type { HostedAdvice } from './hosted-services.js';
import type { TlsMaterial } from './tls-options.js';

/** What {@link refineDiagnosis} knows about the attempt. */
export interface RefineContext {
  hosted: HostedAdvice | null;
  material: Pick<TlsMaterial, 'ca' | 'minVersion' | 'files' | 'systemCa'>;
  /** Highest TLS version the engine allows, when it caps it (TDS 7.x: TLSv1.2). */
  maxVersion?: string;
  /** The mode that ran. */
  mode?: string;
  /** The engine's TLS starts with the first byte on its own port (no in-protocol upgrade): Redis, ClickHouse, etcd... */
  directTls?: boolean;
}

const prepend = (diagnosis: Diagnosis, note: string): Diagnosis => ({ ...diagnosis, detail: `${note} ${diagnosis.detail}` });

/**
 * Adds what the table and the TLS settings know to a diagnosis: the hosted
 * service's CA (a stale or missing RDS bundle, a provider CA that is not in
 * public stores) and, for a failed handshake under `--min-tls`, both sides'
 * versions as far as the error tells them.
 *
 * @example
 * ```ts
 * refineDiagnosis(diagnosis, { hosted: hostedAdviceFor(host), material }).detail;
 * ```
 */
export function refineDiagnosis(diagnosis: Diagnosis, context: RefineContext): Diagnosis {
  const { hosted, material } = context;
  let out = diagnosis;
  if (hosted && (out.cause === 'certificate-expired' || out.cause === 'certificate-untrusted')) {
    if (hosted.ca.source === 'bundle' || hosted.ca.source === 'instance' || hosted.ca.source === 'wallet') {
      const where = `${hosted.ca.name ?? 'the provider\'s CA'}${hosted.ca.url ? ` (${hosted.ca.url})` : ''}`;
      if (hosted.id === 'aws-rds' && material.ca) {
        out = prepend(out, `${hosted.service}: the CA bundle given (${material.files.ca ?? 'CA file'}) does not validate the server. RDS rotated its CAs (rds-ca-2019 expired in August 2024; the current CAs are rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 and rds-ca-ecc384-g1): download the current global bundle from ${hosted.ca.url}.`);
      } else if (!material.ca || material.systemCa) {
        out = prepend(out, `${hosted.service} certificates are issued by ${where}, which is not in public trust stores: pass it with --ca.`);
      }
    } else if (material.ca && !material.systemCa) {
      out = prepend(out, `${hosted.service} uses publicly trusted certificates: the CA file given replaces the system roots; try --ca system.`);
    }
  }
  if (out.cause === 'tls-handshake-failed') {
    const min = material.minVersion;
    const code = out.original.code ?? '';
    const text = `${code} ${out.original.message}`;
    if (min && /UNSUPPORTED_PROTOCOL|unsupported protocol/i.test(text)) {
      out = prepend(out, `dbtls accepted ${min} or newer (--min-tls ${min.replace('TLSv', '')}), and the server chose an older version: it does not speak ${min}. Lower --min-tls or upgrade the server (dbtls probe shows the version it speaks).`);
    } else if (/ALERT_PROTOCOL_VERSION|alert protocol version|NO_PROTOCOLS_AVAILABLE|no protocols available/i.test(text)) {
      const offered = context.maxVersion ? `${min ?? 'TLSv1.2'} to ${context.maxVersion}` : `${min ?? 'TLSv1.2'} to TLSv1.3`;
      const theirs = context.maxVersion ? `versions newer than ${context.maxVersion}` : min ? `versions older than ${min}` : 'versions dbtls does not offer';
      out = prepend(out, `dbtls offered ${offered}${min ? ` (--min-tls ${min.replace('TLSv', '')})` : ''} and the server refused all of them: it speaks only ${theirs}. dbtls probe shows the version it speaks.`);
    }
  }
  if (out.cause === 'timeout' && context.mode === 'disabled' && context.directTls) {
    out = {
      ...prepend(out, 'The port accepted the connection but never answered a plain-text client: it may be a TLS-only port (a TLS server waits for a ClientHello and ignores plain text). Try --ssl-mode required (or a verify mode), or run dbtls probe to see what the port speaks.'),
      recommendedMode: 'required',
    };
  }
  return out;
}
