import { inspect } from 'node:util';
import { REDACTED, redactText, redactUrl } from './redact.js';

/** Option names whose values are secrets in driver option objects (passwords, keys, tokens). */
const SECRET_OPTION = /^(password|passwd|pwd|pass|passphrase|sslpassword|secret|token|authtoken|key|privatekey|private_key|pfx|sslkey|tlsCertificateKeyFilePassword|credentials)$/i;

/**
 * A printable copy of a driver option value: passwords, private keys and
 * passphrases become `***`, PEM text becomes `<PEM certificate, N bytes>`,
 * buffers become `<N bytes>`, functions `[function name]`, URL passwords and
 * the given secrets are masked. Never returns a secret.
 *
 * @example
 * ```ts
 * printableOptions({ password: 'pw', ssl: { ca: '-----BEGIN CERTIFICATE-----…' } });
 * // { password: '***', ssl: { ca: '<PEM certificate, 1200 bytes>' } }
 * ```
 */
export function printableOptions(value: unknown, secrets: readonly string[] = []): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, key: string | undefined, depth: number): unknown => {
    if (key !== undefined && SECRET_OPTION.test(key) && v !== undefined && v !== null && v !== false && v !== '') {
      return typeof v === 'object' && !Buffer.isBuffer(v) && !Array.isArray(v) ? walk(v, undefined, depth) : REDACTED;
    }
    if (typeof v === 'string') {
      const pem = /-----BEGIN ([A-Z ]+)-----/.exec(v);
      if (pem) return /PRIVATE KEY/.test(pem[1]!) ? REDACTED : `<PEM ${pem[1]!.toLowerCase()}, ${v.length} bytes>`;
      return redactText(/:\/\//.test(v) ? redactUrl(v) : v, secrets);
    }
    if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
    if (!v || typeof v !== 'object') return v;
    if (seen.has(v) || depth > 6) return '[circular]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, k, depth + 1);
    return out;
  };
  return walk(value, undefined, 0);
}

/**
 * Makes an object safe to log: `JSON.stringify`, `console.log` and
 * `util.inspect` show {@link printableOptions} of it instead of its contents.
 * The hooks are non-enumerable, so the object's own keys (and what a driver
 * reads) are unchanged. Applied to nested plain objects too.
 *
 * @example
 * ```ts
 * const options = hideSecrets({ password: 'pw' });
 * JSON.stringify(options); // '{"password":"***"}'
 * ```
 */
export function hideSecrets<T extends object>(value: T, secrets: readonly string[] = []): T {
  const seen = new WeakSet<object>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 6 || Buffer.isBuffer(v) || v instanceof Uint8Array) return;
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    for (const x of Object.values(v)) visit(x, depth + 1);
    if (Object.isFrozen(v) || Object.prototype.hasOwnProperty.call(v, 'toJSON')) return;
    Object.defineProperty(v, 'toJSON', { value: () => printableOptions(v, secrets), enumerable: false, configurable: true });
    Object.defineProperty(v, inspect.custom, { value: () => printableOptions(v, secrets), enumerable: false, configurable: true });
  };
  visit(value, 0);
  return value;
}
