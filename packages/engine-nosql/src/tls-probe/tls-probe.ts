import { isIpAddress } from '@dbtls/core';
import { CORE_ERROR_PATTERNS, errorChain, matchesPattern, tlsHandshakeProbe, verifyPeer, type DiagnosisHint, type PeerError, type TlsMaterial, type TlsReport } from '@dbtls/core';

/** What a TLS probe of a port found. */
export interface TlsProbeResult {
  /** True when the port completed a TLS handshake. */
  speaksTls: boolean;
  /** The TLS report of the probe connection, when it spoke TLS. */
  report: TlsReport | null;
  /** Why the certificate does not satisfy the material's mode (verify modes only). */
  problem: PeerError | undefined;
  /** The socket error when the port did not complete a handshake. */
  error: (Error & { code?: string }) | undefined;
  /** With `awaitAlertMs`: an alert the server sent after the handshake (TLS 1.3 client-certificate checks). */
  alert?: (Error & { code?: string }) | undefined;
}

/**
 * Opens a TLS connection that validates nothing, reads what the server
 * presents, checks it against `material` with core's `verifyPeer`, and closes
 * without sending a single application byte. Used to find the real reason of
 * a driver failure that hides it (a plain client against a TLS-only port, or
 * oracledb's bare `NJS-506`). Never takes longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * const probe = await probeTls('localhost', 2484, material, { timeoutMs: 2000 });
 * if (probe.problem) console.log(probe.problem.code); // e.g. 'DEPTH_ZERO_SELF_SIGNED_CERT'
 * ```
 */
export async function probeTls(host: string, port: number, material: TlsMaterial, options: { timeoutMs: number; signal?: AbortSignal; awaitAlertMs?: number }): Promise<TlsProbeResult> {
  const name = material.servername ?? host;
  let problem: PeerError | undefined;
  const seen = await tlsHandshakeProbe({
    host,
    port,
    ...(!isIpAddress(name) ? { servername: name } : {}),
    ...(material.ca ? { ca: material.ca } : {}),
    ...(material.cert && material.key ? { cert: material.cert, key: material.key, ...(material.passphrase !== undefined ? { passphrase: material.passphrase } : {}) } : {}),
    timeoutMs: options.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    // A TLS 1.3 server checks the client certificate after the client's handshake is done: wait for its alert.
    ...(options.awaitAlertMs ? { awaitAlertMs: options.awaitAlertMs } : {}),
    onSecure: (socket) => {
      problem = verifyPeer(socket, material, host);
      return !problem;
    },
  });
  if (!seen.speaksTls) return { speaksTls: false, report: null, problem: undefined, error: seen.error };
  return { speaksTls: true, report: seen.report, problem, error: undefined, ...(seen.alert ? { alert: seen.alert } : {}) };
}

/** Error code of the error dbtls adds when a plain connection met a TLS-only port. */
export const SERVER_REQUIRES_TLS_CODE = 'DBTLS_SERVER_REQUIRES_TLS';

/**
 * After a plain (`disabled`) connection failed: if the port completes a TLS
 * handshake, returns an error with code {@link SERVER_REQUIRES_TLS_CODE}
 * whose `cause` is the driver's error; otherwise returns the driver's error.
 *
 * @example
 * ```ts
 * throw await explainPlainFailure(error, host, port, ctx);
 * ```
 */
export async function explainPlainFailure(error: unknown, host: string, port: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  if (!looksLikeDroppedConnection(error)) return error;
  const probe = await probeTls(host, port, { mode: 'required', files: {} }, options);
  if (!probe.speaksTls) return error;
  return Object.assign(new Error(`The plain-text connection failed and ${host}:${port} answers a TLS handshake: the port expects TLS (${probe.report?.protocol ?? 'TLS'}).`, { cause: error }), {
    code: SERVER_REQUIRES_TLS_CODE,
  });
}

const DROPPED = /\b(closed|close|end-of-file|EOF|reset|hang up|terminated|timed? ?out|did not reply|disconnected)\b/i;
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'DBTLS_TIMEOUT', 'NJS-500', 'NJS-501', 'NJS-521']);

/**
 * True when a failure looks like the server dropped or ignored the
 * connection (closed, reset, end-of-file, no answer), rather than answering
 * in the protocol (a refused service, a wrong password ...).
 *
 * @example
 * ```ts
 * looksLikeDroppedConnection(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })); // true
 * ```
 */
export function looksLikeDroppedConnection(error: unknown): boolean {
  return errorChain(error).some((e) => {
    const x = (e ?? {}) as { code?: unknown; message?: unknown };
    return DROPPED_CODES.has(String(x.code)) || (typeof x.message === 'string' && DROPPED.test(x.message));
  });
}

/**
 * A diagnosis hint for an error found by dbtls itself (probe or check), using
 * core's patterns, so the cause is the real one and not the driver's wrapper.
 *
 * @example
 * ```ts
 * const hint = hintFromError(probe.problem, 'Found by checking the certificate the server presented.');
 * ```
 */
export function hintFromError(error: (Error & { code?: string }) | undefined, note?: string): DiagnosisHint | undefined {
  if (!error) return undefined;
  for (const pattern of CORE_ERROR_PATTERNS) {
    if (matchesPattern({ code: error.code ?? null, message: error.message }, pattern)) {
      const combined = [note, pattern.note].filter(Boolean).join(' ');
      return { cause: pattern.cause, source: error, ...(combined ? { note: combined } : {}) };
    }
  }
  return undefined;
}

/**
 * Milliseconds left before `deadline`, at least `min`.
 *
 * @example
 * ```ts
 * const left = remaining(started + ctx.timeoutMs);
 * ```
 */
export function remaining(deadline: number, min = 1): number {
  return Math.max(min, deadline - Date.now());
}
