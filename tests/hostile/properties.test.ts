/**
 * Property-based tests (fast-check) over every engine's URL parser, the connection-string reader, the
 * mode parser, the masking functions and the diagnosis classifier:
 * - no input makes them throw anything but a DbtlsError;
 * - the password of a generated URL never appears in what they return or throw;
 * - no generated parameter set yields an effective mode weaker than the strongest mode it names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  describeReading,
  diagnoseError,
  DIAGNOSIS_CAUSES,
  isDbtlsError,
  parseConnectionString,
  parseSslMode,
  planConnect,
  redactText,
  redactUrl,
  SSL_MODES,
  type EngineDefinition,
  type SslMode,
} from '@dbtls/core';
import { engines as postgresEngines } from '@dbtls/engine-postgres';
import { engines as mysqlEngines } from '@dbtls/engine-mysql';
import { engines as mssqlEngines } from '@dbtls/engine-mssql';
import { engines as nosqlEngines } from '@dbtls/engine-nosql';
import { engines as embeddedEngines } from '@dbtls/engine-embedded';

const ALL: readonly EngineDefinition[] = [...postgresEngines, ...mysqlEngines, ...mssqlEngines, ...nosqlEngines, ...embeddedEngines];
const registry = createRegistry([ALL as EngineDefinition[]]);
const NETWORK = ALL.filter((e) => e.defaultPort !== undefined);
const RUNS = { numRuns: 250 };

/** Calls `fn`; anything thrown must be a DbtlsError. Returns the value or the error. */
function onlyDbtlsErrors<T>(fn: () => T): { value?: T; error?: Error } {
  try {
    return { value: fn() };
  } catch (error) {
    if (!isDbtlsError(error)) throw new Error(`threw a non-DbtlsError: ${String((error as Error)?.stack ?? error)}`);
    return { error: error as Error };
  }
}

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const SPELLINGS = ['disable', 'disabled', 'allow', 'prefer', 'preferred', 'require', 'required', 'verify-ca', 'verify_ca', 'VERIFY_CA', 'verify-full', 'verify-identity', 'VERIFY_IDENTITY', 'DISABLED', 'REQUIRED', 'PREFERRED', 'trust', 'verify_identity'];
const TRICKY = ['', ' ', '%', '%zz', '%00', '%0a', '%25', '%2F', 'true', 'false', 'yes', 'no', '1', '0', 'strict', 'Optional', 'Mandatory', 'none', 'required', 'system', '/etc/hosts', '\u0000', '\u001b[2J', 'é', '€', '𝔁', '[::1]'];
const KEYS = ['sslmode', 'ssl-mode', 'sslMode', 'ssl_mode', 'ssl', 'tls', 'secure', 'skip_verify', 'verify', 'encrypt', 'Encrypt', 'trustServerCertificate', 'TrustServerCertificate', 'hostNameInCertificate', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'sslcrl', 'sslsni', 'sslnegotiation', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'sslaccept', 'useSSL', 'requireSSL', 'verifyServerCertificate', 'tlsInsecure', 'tlsAllowInvalidCertificates', 'tlsAllowInvalidHostnames', 'tlsCAFile', 'ssl_cert_reqs', 'ssl_check_hostname', 'ssl_ca_certs', 'tls_server_name', 'ssl_server_dn_match', 'wallet_location', 'uselibpqcompat', 'application_name', ...PROTO];

const token = fc.oneof(fc.constantFrom(...SPELLINGS, ...TRICKY, ...PROTO), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const param = fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), token);
const hosts = fc.constantFrom('localhost', '127.0.0.1', '[::1]', 'db.example.com', 'bücher.example', 'xn--bcher-kva.example', 'h', '', '[::1', 'a..b', '-x-');
const ports = fc.oneof(fc.constant(''), fc.integer({ min: -5, max: 70000 }).map((p) => `:${p}`), fc.constantFrom(':abc', ':', ':1.5', ':0'));
/** Distinctive passwords (no accidental match with the rest of a URL), full of URL metacharacters. */
const password = fc.array(fc.constantFrom(...'abc@:/?#%&=;+ !$\'"{}[]\\,é€09'.split('')), { minLength: 2, maxLength: 14 }).map((chars) => `Sk${chars.join('')}Q7`);

function query(params: [string, string][], encode: boolean): string {
  if (!params.length) return '';
  const part = (s: string) => (encode ? encodeURIComponent(s) : s);
  return `?${params.map(([k, v]) => `${part(k)}=${part(v)}`).join('&')}`;
}

describe('properties of the mode parser', () => {
  it('returns one of the five modes or throws a DbtlsError', () => {
    fc.assert(
      fc.property(fc.oneof(token, fc.constantFrom(...PROTO).map((p) => p.toUpperCase())), (input) => {
        const { value } = onlyDbtlsErrors(() => parseSslMode(input));
        if (value !== undefined) expect(SSL_MODES).toContain(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('properties of every engine URL parser and the connection-string reader', () => {
  it.each(ALL.map((e) => [e.id, e] as const))('%s: only DbtlsErrors, and the password never shows', (_id, engine) => {
    const schemes = engine.schemes.filter((s) => !s.includes(':'));
    fc.assert(
      fc.property(fc.constantFrom(...schemes), password, fc.boolean(), hosts, ports, fc.array(param, { maxLength: 5 }), fc.boolean(), (scheme, pw, encodePw, host, port, params, encodeQuery) => {
        const url = `${scheme}://app:${encodePw ? encodeURIComponent(pw) : pw}@${host}${port}/db${query(params, encodeQuery)}`;
        const forms = [pw, encodeURIComponent(pw)];
        const parsed = onlyDbtlsErrors(() => engine.parseUrl(url));
        const read = onlyDbtlsErrors(() => parseConnectionString(registry, url, { engine: engine.id }));
        const planned = onlyDbtlsErrors(() => planConnect(engine, { url }));
        const shown = [
          parsed.error?.message,
          parsed.value?.displayUrl,
          ...(parsed.value?.warnings ?? []),
          read.error?.message,
          read.value ? JSON.stringify(describeReading(read.value)) : undefined,
          planned.error?.message,
          ...(planned.value?.warnings ?? []),
          redactUrl(url),
        ].filter((s): s is string => typeof s === 'string');
        for (const text of shown) for (const form of forms) expect(text, `for ${url}`).not.toContain(form);
      }),
      RUNS,
    );
  });
});

const RANK = (m: SslMode) => SSL_MODES.indexOf(m);
/** Each network engine's own mode parameter and the spellings its client gives the modes. */
const MODE_PARAMS: Record<string, { param: string; values: Record<string, SslMode> }> = {
  postgres: { param: 'sslmode', values: { disable: 'disabled', prefer: 'preferred', require: 'required', 'verify-ca': 'verify-ca', 'verify-full': 'verify-identity' } },
  mysql: { param: 'ssl-mode', values: { DISABLED: 'disabled', PREFERRED: 'preferred', REQUIRED: 'required', VERIFY_CA: 'verify-ca', VERIFY_IDENTITY: 'verify-identity' } },
  mariadb: { param: 'sslMode', values: { disable: 'disabled', trust: 'required', 'verify-ca': 'verify-ca', 'verify-full': 'verify-identity' } },
  redis: { param: 'ssl-mode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
  etcd: { param: 'ssl-mode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
  clickhouse: { param: 'ssl-mode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
  cassandra: { param: 'sslmode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
  oracle: { param: 'sslmode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
  mssql: { param: 'ssl-mode', values: { disabled: 'disabled', required: 'required', 'verify-ca': 'verify-ca', 'verify-identity': 'verify-identity' } },
};

describe('no parameter set reads weaker than the strongest mode it names', () => {
  it.each(Object.keys(MODE_PARAMS))('%s', (id) => {
    const engine = registry.get(id);
    const { param: name, values } = MODE_PARAMS[id]!;
    const scheme = engine.schemes[0]!;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Object.keys(values)), { minLength: 1, maxLength: 4 }), fc.array(param, { maxLength: 3 }), fc.boolean(), (named, extra, flagToo) => {
        const params: [string, string][] = [...named.map((v) => [name, v] as [string, string]), ...extra.filter(([k]) => !/mode|ssl$|^tls$|secure|encrypt/i.test(k))];
        const url = `${scheme}://app@localhost/db${query(params, true)}`;
        const strongest = named.map((v) => values[v]!).reduce((a, m) => (RANK(m) > RANK(a) ? m : a));
        const planned = onlyDbtlsErrors(() => planConnect(engine, { url, ...(flagToo ? { mode: strongest } : {}) }));
        if (planned.value) expect(RANK(planned.value.effective as SslMode), `${url} read as ${planned.value.effective}`).toBeGreaterThanOrEqual(RANK(strongest));
      }),
      RUNS,
    );
  });
});

describe('properties of the masking functions', () => {
  it('redactUrl removes any password from any scheme://user:password@host URL, encoded or not', () => {
    fc.assert(
      fc.property(fc.constantFrom('postgres', 'mysql', 'rediss', 'mongodb', 'sqlserver', 'x-y.z', ''), password, fc.boolean(), hosts, fc.array(param, { maxLength: 3 }), (scheme, pw, encode, host, params) => {
        const url = `${scheme ? `${scheme}:` : ''}//app:${encode ? encodeURIComponent(pw) : pw}@${host}/db${query(params, true)}`;
        const out = redactUrl(url);
        expect(out).not.toContain(pw);
        expect(out).not.toContain(encodeURIComponent(pw));
      }),
      { numRuns: 1000 },
    );
  });
  it('redactUrl removes keyword/value passwords (libpq, ADO.NET, quoted and braced)', () => {
    fc.assert(
      fc.property(fc.constantFrom('password', 'Password', 'PWD', 'pwd', 'sslpassword', 'tlsCertificateKeyFilePassword'), fc.array(fc.constantFrom(...'abc09@:/?#%&=+!$,é'.split('')), { minLength: 1, maxLength: 10 }).map((c) => `Sk${c.join('')}Q7`), fc.constantFrom('plain', 'single', 'brace'), fc.constantFrom(' ', ';'), (key, pw, quoting, sep) => {
        const value = quoting === 'single' ? `'${pw}'` : quoting === 'brace' ? `{${pw}}` : pw;
        const text = `host=db${sep}${key}=${value}${sep}sslmode=require`;
        expect(redactUrl(text)).not.toContain(pw);
      }),
      { numRuns: 500 },
    );
  });
  it('redactText removes a secret standing as a token and never touches text without it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), password, fc.string({ maxLength: 40 }), (before, secret, after) => {
        const text = `${before} ${secret} ${after}`;
        expect(redactText(text, [secret])).not.toContain(secret);
        const clean = `${before}|${after}`;
        if (!clean.includes(secret) && !clean.includes(encodeURIComponent(secret))) expect(redactText(clean, [secret])).toBe(clean);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('properties of the diagnosis classifier', () => {
  const errors = fc.letrec((tie) => ({
    error: fc.oneof(
      { depthSize: 'small' },
      fc.record({ message: fc.oneof(fc.string(), fc.constantFrom('certificate has expired', 'self-signed certificate', 'ECONNREFUSED', 'password authentication failed', 'The server does not support SSL connections', 'Hostname/IP does not match')), code: fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', '28P01', '53300', 'ER_ACCESS_DENIED_ERROR', 'HANDSHAKE_NO_SSL_SUPPORT', ...PROTO))), cause: fc.option(tie('error')) }).map((r) => Object.assign(new Error(r.message), r.code === null ? {} : { code: r.code }, r.cause === null ? {} : { cause: r.cause })),
      fc.anything(),
    ),
  })).error;
  it.each(NETWORK.map((e) => [e.id, e] as const))('%s: always a known cause, never a throw, never a secret', (_id, engine) => {
    fc.assert(
      fc.property(errors, fc.constantFrom<SslMode | null>(null, ...SSL_MODES), password, (error, mode, secret) => {
        const wrapped = error instanceof Error ? Object.assign(error, { message: `${error.message} for ${secret}` }) : error;
        const diagnosis = diagnoseError(engine, wrapped, { requestedMode: mode, effectiveMode: mode, given: { ca: false, clientCertificate: false } }, [secret]);
        expect(DIAGNOSIS_CAUSES).toContain(diagnosis.cause);
        expect(JSON.stringify(diagnosis)).not.toContain(secret);
      }),
      RUNS,
    );
  });
  it('a cyclic cause chain terminates', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(DIAGNOSIS_CAUSES).toContain(diagnoseError(NETWORK[0]!, a, { requestedMode: 'required', effectiveMode: 'required', given: { ca: false, clientCertificate: false } }).cause);
  });
});
