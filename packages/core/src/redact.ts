/** What replaces a secret in any output. */
export const REDACTED = '***';

const SECRET_KEYS = /^(password|passwd|pwd|pass|passphrase|sslpassword|secret|token|auth|authtoken|key|private_?key|privatekey|tlsCertificateKeyFilePassword)$/i;

/**
 * Replaces the password in a URL's userinfo and secret-looking query
 * parameters with `***`. Input that is not a URL is returned with any
 * `user:password@` part masked.
 *
 * @example
 * ```ts
 * redactUrl('postgres://app:s3cret@db:5432/x'); // 'postgres://app:***@db:5432/x'
 * ```
 */
export function redactUrl(url: string): string {
  let out = url;
  const head = /^((?:[a-z][a-z0-9+.-]*:)?\/\/[^:/?#@\s]*:)/i.exec(url);
  if (head) {
    const rest = url.slice(head[1]!.length);
    const strict = /^[^@/?#\s]*@/.exec(rest);
    // Well formed (one "@", the password percent-encoded): mask up to that "@". Otherwise the password
    // holds unencoded "@", "#", "/", "?" or spaces, which a URL parser would misread: mask up to the
    // last "@" of the string, so whatever the password was, none of it is shown. A later "@" anywhere
    // (not only in the authority) counts: `u:p@ss:w/rd#?@host` reads as password "p", host "ss",
    // path "/rd", but the user's password was everything up to the last "@". A legitimate "@" in a
    // query value then hides the host too, which is the safe side.
    const last = rest.lastIndexOf('@');
    const after = strict ? rest.slice(strict[0].length) : '';
    if (strict && !after.includes('@')) out = `${head[1]}${REDACTED}${rest.slice(strict[0].length - 1)}`;
    else if (last !== -1) out = `${head[1]}${REDACTED}${rest.slice(last)}`;
  }
  // Keyword/value strings (libpq `password=…`, ADO.NET `Password=…;`, `Pwd=`).
  out = out.replace(/(^|[\s;])(password|passwd|pwd|sslpassword|tlsCertificateKeyFilePassword)(\s*=\s*)('[^']*'|\{[^}]*\}|[^\s;]+)/gi, (_m, pre: string, k: string, eq: string) => `${pre}${k}${eq}${REDACTED}`);
  out = out.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, k: string) =>
    SECRET_KEYS.test(safeDecode(k)) && k.toLowerCase() !== 'key' ? `${sep}${k}=${REDACTED}` : m,
  );
  return out;
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes the given secrets (and their URL-encoded forms) from a text that
 * came from outside dbtls (a driver's or server's error message), at the
 * point where it enters a message. A secret is replaced only where it stands
 * as a whole token: not inside a longer run of letters and digits, so a
 * password `e` never turns `authentication` into `auth***ntication` and a
 * password `postgres` leaves `postgresql` alone. Never run it over finished
 * output: mask at the source.
 *
 * @example
 * ```ts
 * redactText('auth failed for s3cret', ['s3cret']); // 'auth failed for ***'
 * redactText('authentication failed', ['e']);       // 'authentication failed'
 * ```
 */
export function redactText(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      // The token rule applies on each side where the secret itself starts or ends with a letter or digit.
      const before = /^[\p{L}\p{N}]/u.test(form) ? '(?<![\\p{L}\\p{N}])' : '';
      const after = /[\p{L}\p{N}]$/u.test(form) ? '(?![\\p{L}\\p{N}])' : '';
      const pattern = new RegExp(`${before}${escapeRegExp(form)}${after}`, 'gu');
      out = out.replace(pattern, REDACTED);
    }
  }
  return out;
}

/**
 * Deep-copies a JSON-like value for printing: values under password-like
 * keys (`password`, `passphrase`, `sslpassword`) become `***` and URLs have
 * their userinfo password masked. Other strings are masked of `secrets` only
 * where a secret stands as a whole token (see {@link redactText}); pass
 * secrets only for values that came from outside dbtls.
 *
 * @example
 * ```ts
 * redactValue({ password: 'x', url: 'postgres://a:x@h/db' }); // { password: '***', url: 'postgres://a:***@h/db' }
 * ```
 */
export function redactValue<T>(value: T, secrets: readonly (string | undefined | null)[] = []): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key && /^(password|passphrase|sslpassword)$/i.test(key)) return REDACTED;
      const masked = /:\/\//.test(v) ? redactUrl(v) : v;
      return secrets.length ? redactText(masked, secrets) : masked;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
