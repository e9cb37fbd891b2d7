/**
 * Watches what a PostgreSQL server sends before authentication succeeds and
 * stops a clear-text password request (AuthenticationCleartextPassword,
 * auth code 3) on an unencrypted connection before node-postgres can answer
 * it. libpq's `require_auth` is the anchor: a method the client does not
 * allow ends the connection with an error instead of sending the password.
 */

/** Error code of a refused clear-text password request. */
export const CLEARTEXT_PASSWORD_CODE = 'DBTLS_PG_CLEARTEXT_PASSWORD';

/** Backend message type of authentication requests ('R'). */
const AUTHENTICATION = 0x52;
/** Auth codes of the 'R' message: 0 ok, 3 clear-text password. */
const AUTH_OK = 0;
const AUTH_CLEARTEXT = 3;
/** No message a server sends before authentication succeeds is anywhere near this long. */
const MAX_PRE_AUTH_MESSAGE = 1 << 20;

/**
 * Whether the connection string allows a clear-text password on a plain
 * connection: only libpq's `require_auth` listing `password` does
 * (`require_auth=password` or `require_auth=password,scram-sha-256`).
 *
 * @example
 * ```ts
 * allowsCleartextPassword('password,scram-sha-256'); // true
 * allowsCleartextPassword('!md5'); // false: a negated list never opts in
 * ```
 */
export function allowsCleartextPassword(requireAuth: string | undefined): boolean {
  if (!requireAuth) return false;
  const methods = requireAuth.split(',').map((m) => m.trim().toLowerCase());
  return methods.includes('password');
}

/** What {@link AuthGuard.feed} decided for one chunk. */
export type GuardStep = { forward: Buffer; done: boolean } | { refuse: Error };

/**
 * A framer of the server's messages up to AuthenticationOk. It forwards only
 * whole messages, so a request split across TCP segments is seen before any
 * byte of it reaches the driver; after AuthenticationOk it steps aside.
 *
 * @example
 * ```ts
 * const guard = new AuthGuard();
 * const step = guard.feed(chunk); // { refuse } on AuthenticationCleartextPassword
 * ```
 */
export class AuthGuard {
  private held: Buffer = Buffer.alloc(0);
  private finished = false;

  /** True once authentication succeeded (or the guard gave up watching). */
  get done(): boolean {
    return this.finished;
  }

  feed(chunk: Buffer): GuardStep {
    if (this.finished) return { forward: chunk, done: true };
    const buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    let offset = 0;
    while (buf.length - offset >= 5) {
      const type = buf[offset]!;
      const length = buf.readUInt32BE(offset + 1);
      if (length < 4 || length > MAX_PRE_AUTH_MESSAGE) {
        return { refuse: Object.assign(new Error(`The server sent a malformed message before authentication (type 0x${type.toString(16)}, length ${length}); dbtls closed the connection.`), { code: 'DBTLS_PG_PROTOCOL' }) };
      }
      if (buf.length - offset < 1 + length) break;
      if (type === AUTHENTICATION && length >= 8) {
        const code = buf.readInt32BE(offset + 5);
        if (code === AUTH_CLEARTEXT) {
          return {
            refuse: Object.assign(
              new Error('The server asked for the password in clear text (AuthenticationCleartextPassword) on an unencrypted connection; dbtls refused to send it (as libpq does with require_auth without "password").'),
              { code: CLEARTEXT_PASSWORD_CODE },
            ),
          };
        }
        if (code === AUTH_OK) {
          this.finished = true;
          this.held = Buffer.alloc(0);
          return { forward: buf, done: true };
        }
      }
      offset += 1 + length;
    }
    this.held = Buffer.from(buf.subarray(offset));
    return { forward: buf.subarray(0, offset), done: false };
  }
}
