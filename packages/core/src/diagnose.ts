import { safeString } from './safe-string.js';
import { CORE_ERROR_PATTERNS, matchesPattern, type Diagnosis, type DiagnosisCause } from './diagnosis.js';
import type { DiagnoseContext, DiagnosisHint, EngineDefinition } from './engine.js';
import { redactText, redactUrl } from './redact.js';
import { isVerifyMode, type SslMode } from './ssl-mode.js';
import { describePeerCertificate, type PeerCertificateReport } from './tls-report.js';

interface ErrorLike {
  message?: string;
  code?: string | number | null;
  cause?: unknown;
  errors?: unknown[];
  cert?: unknown;
  peerCertificate?: PeerCertificateReport;
}

/**
 * Flattens an error, its `cause` chain and any `AggregateError.errors` (plus
 * what the engine's `unwrapError` finds) into one list, outermost first.
 *
 * @example
 * ```ts
 * errorChain(new Error('outer', { cause: new Error('inner') })).length; // 2
 * ```
 */
export function errorChain(error: unknown, unwrap?: (e: unknown) => unknown[]): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (e === undefined || e === null || seen.has(e) || depth > 8) return;
    seen.add(e);
    out.push(e);
    const x = e as ErrorLike;
    if (typeof e !== 'object') return;
    for (const inner of unwrap?.(e) ?? []) visit(inner, depth + 1);
    if (x.cause !== undefined) visit(x.cause, depth + 1);
    if (Array.isArray(x.errors)) for (const inner of x.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return out;
}

/**
 * Any thrown value as `{ message, code }`, never throwing itself (a string, an Error, a plain object,
 * or something whose `toString` is broken). The one normaliser engines use before matching patterns.
 *
 * @example
 * ```ts
 * asErrorLike(Object.assign(new Error('boom'), { code: 'ECONNRESET' })); // { message: 'boom', code: 'ECONNRESET' }
 * asErrorLike({ toString: 0 });                                          // { message: '[object Object]', code: null }
 * ```
 */
export function asErrorLike(e: unknown): { message: string; code: string | null } {
  if (typeof e === 'string') return { message: e, code: null };
  const x = (e ?? {}) as ErrorLike;
  return { message: typeof x.message === 'string' ? x.message : safeString(e), code: x.code === undefined || x.code === null ? null : safeString(x.code) };
}

/**
 * Finds the cause of a failure: the engine's own hook first, then the
 * engine's patterns, then {@link CORE_ERROR_PATTERNS}, over the whole error
 * chain. Returns `unknown` when nothing matches.
 *
 * @example
 * ```ts
 * const d = diagnoseError(postgresEngine, error, { requestedMode: 'verify-ca', effectiveMode: 'verify-ca', given: { ca: true, clientCertificate: false } });
 * ```
 */
export function diagnoseError(engine: EngineDefinition, error: unknown, context: DiagnoseContext, secrets: readonly string[] = []): Diagnosis {
  const chain = errorChain(error, engine.unwrapError?.bind(engine));
  let hint: DiagnosisHint | undefined = engine.diagnose?.(error, context);
  if (!hint) {
    // Engine patterns before core ones; within each, a match on an error code anywhere in the
    // chain beats a match on wording (a wrapper's message often repeats the inner error's text).
    outer: for (const patterns of [engine.errorPatterns ?? [], CORE_ERROR_PATTERNS]) {
      for (const by of ['code', 'message'] as const) {
        for (const e of chain) {
          const like = asErrorLike(e);
          const probe = by === 'code' ? { code: like.code } : { message: like.message };
          for (const pattern of patterns) {
            if (matchesPattern(probe, pattern)) {
              hint = { cause: pattern.cause, source: e, ...(pattern.note ? { note: pattern.note } : {}) };
              break outer;
            }
          }
        }
      }
    }
  }
  const source = hint?.source ?? chain[0] ?? error;
  const original = asErrorLike(source);
  const peer = findPeerCertificate(chain);
  return buildDiagnosis(hint?.cause ?? 'unknown', {
    engine,
    context,
    peer,
    original: { message: redactText(redactUrl(original.message), secrets), code: original.code },
    ...(hint?.note ? { note: hint.note } : {}),
    ...(hint?.summary ? { summary: hint.summary } : {}),
    ...(hint?.detail ? { detail: hint.detail } : {}),
    ...(hint && 'recommendedMode' in hint ? { recommendedMode: hint.recommendedMode ?? null } : {}),
  });
}

function findPeerCertificate(chain: unknown[]): PeerCertificateReport | null {
  for (const e of chain) {
    const x = e as ErrorLike;
    if (x && typeof x === 'object') {
      if (x.peerCertificate) return x.peerCertificate;
      if (x.cert && typeof x.cert === 'object') {
        const d = describePeerCertificate(x.cert as never);
        if (d) return d;
      }
    }
  }
  return null;
}

const serverName = (displayName: string) => (/server$/i.test(displayName) ? displayName : `${displayName} server`);

interface BuildInput {
  engine: Pick<EngineDefinition, 'displayName' | 'fallback'>;
  context: DiagnoseContext;
  peer?: PeerCertificateReport | null;
  original: { message: string; code: string | null };
  note?: string;
  summary?: string;
  detail?: string;
  recommendedMode?: SslMode | null;
}

/**
 * The recommended mode for a cause, per the dbtls table.
 *
 * @example
 * ```ts
 * recommendedModeFor('hostname-mismatch', 'verify-identity', 'native'); // 'verify-ca'
 * ```
 */
export function recommendedModeFor(cause: DiagnosisCause, requested: SslMode | null, fallback: string): SslMode | null {
  switch (cause) {
    case 'server-requires-tls':
    case 'certificate-untrusted':
    case 'certificate-expired':
      return 'required';
    case 'server-lacks-tls':
      return fallback === 'none' ? 'disabled' : 'preferred';
    case 'tls-handshake-failed':
      return requested && isVerifyMode(requested) ? 'required' : null;
    case 'hostname-mismatch':
      return 'verify-ca';
    case 'cleartext-password-refused':
      // Only TLS makes a clear-text password safe to send; never recommend anything weaker than asked.
      return requested === null || requested === 'disabled' || requested === 'preferred' ? 'required' : null;
    case 'client-certificate-required':
    case 'client-key-invalid':
      // For engines without a fallback, "preferred" runs as "required": recommend what really ran.
      return requested === 'preferred' && fallback === 'none' ? 'required' : requested;
    default:
      return null;
  }
}

/**
 * Builds a full {@link Diagnosis} for a cause: summary, detail and the
 * recommended mode.
 *
 * @example
 * ```ts
 * buildDiagnosis('timeout', { engine, context, original: { message: 'timeout', code: null } });
 * ```
 */
export function buildDiagnosis(cause: DiagnosisCause, input: BuildInput): Diagnosis {
  const { engine, context, peer, original } = input;
  const requested = context.requestedMode;
  const recommendedMode = input.recommendedMode !== undefined ? input.recommendedMode : recommendedModeFor(cause, requested, engine.fallback.capability);
  const names = peer?.subjectAltNames.length ? peer.subjectAltNames.join(', ') : peer?.subject ?? null;
  let summary: string;
  let detail: string;
  switch (cause) {
    case 'server-requires-tls':
      summary = `The ${serverName(engine.displayName)} requires an encrypted connection.`;
      detail = 'The server refused a plain-text connection. Use "required" (or a verify mode, which also checks who the server is).';
      break;
    case 'server-lacks-tls':
      summary = `The ${serverName(engine.displayName)} does not offer TLS.`;
      detail =
        (engine.fallback.capability === 'none'
          ? `${engine.displayName} cannot fall back to plain text safely, so the only mode that connects is "disabled", which sends everything, password included, unencrypted.`
          : 'Use "preferred" to fall back to plain text when the server has no TLS, or "disabled"; both send everything, password included, unencrypted.') +
        ' Enabling TLS on the server keeps the connection encrypted. If this server is known to offer TLS, someone on the network path may have stripped it from the answer: do not lower the mode then.';
      break;
    case 'tls-handshake-failed':
      summary = 'The TLS handshake failed (no protocol version or cipher in common, or the server broke off).';
      detail = `Check the TLS versions and ciphers both sides allow${context.effectiveMode ? '' : ''}; the server's own message below names the versions where it knows them.${requested && isVerifyMode(requested) ? ' If the server only speaks an old TLS version, "required" may connect without validation.' : ''}`;
      break;
    case 'certificate-untrusted':
      summary = `The server's certificate is not trusted${peer?.selfSigned ? ' (it is self-signed)' : ''}.`;
      detail = `${context.given.ca ? 'The CA file given did not issue this certificate.' : 'No CA file was given, and the system trust store does not know the issuer.'} Pass the issuing CA with --ca to keep verification, or use "required" to encrypt without checking the certificate${peer ? ` (issuer: ${peer.issuer})` : ''}.`;
      break;
    case 'certificate-expired':
      summary = `The server's certificate has expired${peer ? ` (on ${peer.validTo})` : ''}.`;
      detail = `${peer ? `It was valid from ${peer.validFrom} to ${peer.validTo}. ` : ''}Renew the server certificate; until then "required" encrypts without validating it.`;
      break;
    case 'hostname-mismatch':
      summary = `The server's certificate is not issued for "${context.host ?? 'the host'}".`;
      detail = `${names ? `The certificate names: ${names}. ` : ''}Connect using one of those names (or pass --servername), or use "verify-ca" to validate the chain without checking the name.`;
      break;
    case 'client-certificate-required':
      summary = 'The server requires a client certificate.';
      detail = context.given.clientCertificate
        ? 'A client certificate was sent but the server did not accept it: it must be issued by a CA the server trusts for client authentication.'
        : 'Pass a client certificate and key with --cert and --key (and --passphrase-env if the key is encrypted).';
      break;
    case 'client-key-invalid':
      summary = 'The client key cannot be used.';
      detail = 'The key file is unreadable, its passphrase is wrong, or it does not belong to the client certificate.';
      break;
    case 'server-name-required':
      summary = 'The server needs the TLS server name (SNI) to know which database you want, and none was sent.';
      detail = `Connect by host name, not IP address (SNI is never sent for an IP), or pass --servername with the service's host name; for Neon, adding options=endpoint%3D<endpoint-id> (the first label of the host name) to the URL also works.`;
      break;
    case 'authentication-failed':
      summary = 'The server rejected the credentials.';
      detail = 'Check the user name and password, and whatever else the server ties the account to (allowed hosts, TLS or client-certificate requirements).';
      break;
    case 'cleartext-password-refused':
      summary = 'The server asked for the password in clear text on an unencrypted connection; dbtls refused to send it.';
      detail =
        'Anyone on the network path could read a password sent this way (PostgreSQL "password" authentication, MySQL/MariaDB mysql_clear_password), and an active attacker who stripped TLS can ask for it exactly like this. ' +
        'dbtls refuses it by default in every mode, as libpq does with require_auth when "password" is not listed. Encrypt the connection (enable TLS on the server and use "required" or a verify mode), or have the server use a hashed method (scram-sha-256; caching_sha2_password or ed25519).';
      break;
    case 'server-busy':
      summary = 'The server refused the connection: it has reached its connection limit.';
      detail =
        'The server answered, so host, port, TLS and credentials are not the problem, and no other mode would help. Close idle connections (pools sized above the limit, leaked sessions), retry later, or raise the limit (PostgreSQL max_connections, MySQL/MariaDB max_connections, Redis maxclients).';
      break;
    case 'network-error':
      summary = 'The server could not be reached.';
      detail = 'Check the host and port, and that the server is running and reachable from here.';
      break;
    case 'timeout':
      summary = 'The server did not answer in time.';
      detail = 'Check the host and port (something accepted or dropped the connection but never answered), or raise --timeout.';
      break;
    default:
      summary = 'The connection failed for a reason dbtls does not recognise.';
      detail = 'See the driver\'s message below.';
  }
  if (input.summary) summary = input.summary;
  if (input.detail) detail = input.detail;
  if (input.note) detail = `${input.note} ${detail}`;
  return { cause, recommendedMode, summary, detail, original };
}
