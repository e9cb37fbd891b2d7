/** Shared checks of the configure() proof tests: certificates, per-connection TLS assertions, environment. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestCertificates } from '../harness/certs.js';
import type { WatchProxy } from '../harness/tls-watch-proxy.js';

/** A server certificate signed by the test CA for `wrong.example` only: trusted chain, wrong name. */
export function wrongNameCertificate(certs: TestCertificates): { cert: string; key: string } {
  const cert = join(certs.dir, 'wrong-name.pem');
  const key = join(certs.dir, 'wrong-name.key');
  if (!existsSync(cert)) {
    const ext = join(certs.dir, 'wrong-name.ext');
    execFileSync('sh', ['-c', `printf 'subjectAltName=DNS:wrong.example\\n' > '${ext}' && openssl req -new -newkey rsa:2048 -nodes -keyout '${key}' -subj '/CN=wrong.example' -out '${cert}.csr' 2>/dev/null && openssl x509 -req -in '${cert}.csr' -CA '${certs.caCert}' -CAkey '${certs.caKey}' -CAcreateserial -days 30 -extfile '${ext}' -out '${cert}' 2>/dev/null`]);
  }
  return { cert, key };
}

/**
 * Every connection the proxy saw negotiated TLS exactly once, and nothing
 * secret went over before the handshake: the password nowhere in what the
 * client sent, and none of `plainForbidden` (user name, login markers) before
 * the ClientHello.
 */
export function expectTlsOnEveryConnection(proxy: WatchProxy, options: { minConnections: number; password: string; plainForbidden: string[]; plainPrefix?: (prefix: Buffer) => void }): void {
  const seen = proxy.connections;
  expect(seen.length).toBeGreaterThanOrEqual(options.minConnections);
  for (const connection of seen) {
    expect(connection.clientHellos).toBe(1);
    expect(connection.sent.includes(Buffer.from(options.password))).toBe(false);
    for (const word of options.plainForbidden) expect(connection.plainPrefix.includes(Buffer.from(word))).toBe(false);
    options.plainPrefix?.(connection.plainPrefix);
  }
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    before[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The environment that would weaken TLS if a driver listened to it. */
export const WEAKENING_ENV = { NODE_TLS_REJECT_UNAUTHORIZED: '0', PGSSLMODE: 'disable', PGSSLNEGOTIATION: 'direct' };

/** Runs `n` async operations at once, each `perOp` times in a row; resolves when all finished. */
export async function concurrently(n: number, perOp: number, op: (worker: number, i: number) => Promise<unknown>): Promise<void> {
  await Promise.all(Array.from({ length: n }, async (_, w) => {
    for (let i = 0; i < perOp; i++) await op(w, i);
  }));
}
