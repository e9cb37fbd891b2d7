import { checkTimeout, DbtlsError, parseSslMode, parseTlsVersion, SYSTEM_CA, type ConnectOptions } from '@dbtls/core';
import type { Io, OptionSpec, OptionValues } from './command.js';

/** The TLS options of `connect` and `explain`. */
export const TLS_OPTIONS = {
  engine: { type: 'string', value: 'id', description: 'engine id or alias (default: from the URL scheme)' },
  'ssl-mode': { type: 'string', value: 'mode', description: 'disabled | preferred | required | verify-ca | verify-identity (libpq and MySQL spellings accepted)' },
  ca: { type: 'string', multiple: true, value: 'file|system', description: 'PEM file with the CA certificate(s) to trust, or "system" for the OS trust store (repeatable: --ca system --ca file.pem)' },
  cert: { type: 'string', value: 'file', description: 'PEM file with the client certificate' },
  key: { type: 'string', value: 'file', description: 'PEM file with the client private key' },
  'passphrase-env': { type: 'string', value: 'VAR', description: 'environment variable holding the client key passphrase' },
  servername: { type: 'string', value: 'name', description: 'name for SNI and for the verify-identity check (default: the host)' },
  'min-tls': { type: 'string', value: 'version', description: 'lowest TLS version to accept: 1.2 or 1.3 (also TLSv1, TLSv1.1)' },
} as const satisfies Record<string, OptionSpec>;

const str = (v: OptionValues[string]) => (typeof v === 'string' ? v : undefined);

/** Reads the TLS flags (and `--timeout`) into connect options; bad values are a DbtlsError. */
export function tlsInputs(values: OptionValues, io: Io): Omit<ConnectOptions, 'url'> {
  const out: Omit<ConnectOptions, 'url'> = {};
  const mode = str(values['ssl-mode']);
  if (mode) out.mode = parseSslMode(mode);
  const [cert, key, servername, minTls, passphraseEnv, timeout] = ['cert', 'key', 'servername', 'min-tls', 'passphrase-env', 'timeout'].map((k) => str(values[k]));
  Object.assign(out, caInputs(values.ca));
  if (cert) out.certFile = cert;
  if (key) out.keyFile = key;
  if (servername) out.servername = servername;
  if (minTls) out.minTlsVersion = parseTlsVersion(minTls);
  if (passphraseEnv) {
    const value = io.env[passphraseEnv];
    if (value === undefined) throw new DbtlsError('invalid-option', `The environment variable ${passphraseEnv} (--passphrase-env) is not set.`);
    out.passphrase = value;
  }
  if (timeout !== undefined) {
    out.timeoutMs = checkTimeout(timeout, '--timeout');
  }
  return out;
}

/**
 * Reads `--ca` values: at most one file, and/or `system` (the OS trust store).
 *
 * @example
 * ```ts
 * caInputs(['system', 'ca.pem']); // { caFile: 'ca.pem', systemCa: true }
 * ```
 */
export function caInputs(value: OptionValues[string]): Pick<ConnectOptions, 'caFile' | 'systemCa'> {
  const values = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).map((v) => v.trim());
  const out: Pick<ConnectOptions, 'caFile' | 'systemCa'> = {};
  const files = values.filter((v) => v.toLowerCase() !== SYSTEM_CA);
  if (files.length > 1) throw new DbtlsError('invalid-option', `Give one CA file with --ca (concatenate ${files.join(' and ')} into one PEM file), optionally together with --ca system.`);
  if (files[0]) out.caFile = files[0];
  if (values.some((v) => v.toLowerCase() === SYSTEM_CA)) out.systemCa = true;
  return out;
}

/** `--warn-days`: certificates expiring within this many days get a warning. */
export const WARN_DAYS_OPTION = { 'warn-days': { type: 'string', value: 'n', default: '30', description: 'warn when a certificate expires within this many days' } } as const satisfies Record<string, OptionSpec>;

/**
 * Reads `--warn-days`.
 *
 * @example
 * ```ts
 * warnDaysInput('14'); // 14
 * ```
 */
export function warnDaysInput(value: OptionValues[string]): number | undefined {
  if (typeof value !== 'string') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0) throw new DbtlsError('invalid-option', `--warn-days must be a whole number of days, not "${value}".`);
  return days;
}
