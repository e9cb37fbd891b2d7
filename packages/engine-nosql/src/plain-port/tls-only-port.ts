import { probeTls, SERVER_REQUIRES_TLS_CODE } from '../tls-probe/tls-probe.js';

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

/** Code of the error dbtls raises when a port accepted TCP but broke off every TLS handshake. */
export const SERVER_LACKS_TLS_CODE = 'DBTLS_SERVER_LACKS_TLS';

/**
 * The mirror of {@link tlsOnlyPortError}, for a TLS connection that was reset
 * before its handshake completed: if a bare TLS handshake to the same port
 * (ClientHello only, no credentials) is also broken off or answered in plain
 * text, the port does not speak TLS and the returned error has code
 * `DBTLS_SERVER_LACKS_TLS`; otherwise the driver's error is returned as is.
 *
 * @example
 * ```ts
 * throw await plainPortError(error, 'localhost', 2379, { timeoutMs: 1000, signal });
 * ```
 */
export async function plainPortError(error: unknown, host: string, port: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown> {
  const probe = await probeTls(host, port, { mode: 'required', files: {} }, options);
  const code = (probe.error as { code?: string } | undefined)?.code;
  if (probe.speaksTls || !code || !['ECONNRESET', 'EPIPE', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'].includes(code)) return error;
  return Object.assign(new Error(`${host}:${port} accepts TCP but breaks off every TLS handshake (${code}): the port is not a TLS port.`, { cause: error }), { code: SERVER_LACKS_TLS_CODE });
}
