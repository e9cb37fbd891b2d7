import { probeTls, SERVER_REQUIRES_TLS_CODE } from '../tls-probe/tls-probe.js';
import { answeredInPlainText, lacksTlsOnlyIfAnswered, SERVER_LACKS_TLS_CODE, type PlainQuestion } from './plain-answer.js';

/** Code of the error dbtls raises when a port accepted TCP but never answered the TLS ClientHello. */
export const TLS_NO_ANSWER_CODE = 'DBTLS_TLS_NO_ANSWER';


/**
 * After a plain (`disabled`) connection failed in a way the caller already
 * judged to be "the server dropped us" (each driver words it differently:
 * ioredis "Connection is closed.", grpc-js "Failed to connect", a reset for
 * HTTP): if the port completes a TLS handshake, returns an error with code
 * `DBTLS_SERVER_REQUIRES_TLS` whose `cause` is the driver's error; otherwise
 * the driver's error. The probe sends a ClientHello only, never a credential.
 *
 * @example
 * ```ts
 * throw await tlsOnlyPortError(error, 'localhost', 6380, { timeoutMs: 1000, signal });
 * ```
 */
export async function tlsOnlyPortError(error: unknown, host: string, port: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  const probe = await probeTls(host, port, { mode: 'required', files: {} }, options);
  if (!probe.speaksTls) return error;
  return Object.assign(new Error(`The plain-text connection failed and ${host}:${port} answers a TLS handshake (${probe.report?.protocol ?? 'TLS'}): the port expects TLS.`, { cause: error }), {
    code: SERVER_REQUIRES_TLS_CODE,
  });
}

export { SERVER_LACKS_TLS_CODE };

/**
 * The mirror of {@link tlsOnlyPortError}, for a TLS connection that was cut
 * off before its handshake completed. A bare TLS handshake to the same port
 * (ClientHello only, no credentials) answered with bytes that are not TLS is
 * a definite answer; a reset or silence is not, and then the port must answer
 * the protocol's plain-text `question` (see {@link lacksTlsOnlyIfAnswered}).
 * Only then is the returned error `DBTLS_SERVER_LACKS_TLS`; otherwise the
 * driver's error is returned as is.
 *
 * @example
 * ```ts
 * throw await plainPortError(error, 'localhost', 2379, { timeoutMs: 1000, signal, question: HTTP_QUESTION });
 * ```
 */
export async function plainPortError(error: unknown, host: string, port: number, options: { timeoutMs: number; signal?: AbortSignal; question: PlainQuestion }): Promise<unknown> {
  const started = Date.now();
  const probe = await probeTls(host, port, { mode: 'required', files: {} }, { timeoutMs: Math.max(1, Math.round(options.timeoutMs / 2)), ...(options.signal ? { signal: options.signal } : {}) });
  if (probe.speaksTls) return error;
  if (answeredInPlainText(probe.error)) {
    return Object.assign(new Error(`${host}:${port} answers a TLS handshake with bytes that are not TLS (${probe.error?.code ?? probe.error?.message}): the port is not a TLS port.`, { cause: error }), { code: SERVER_LACKS_TLS_CODE });
  }
  return lacksTlsOnlyIfAnswered(error, host, port, options.question, { timeoutMs: Math.max(1, options.timeoutMs - (Date.now() - started)), ...(options.signal ? { signal: options.signal } : {}) });
}
