import { DbtlsError, parseSslMode, parseTlsVersion, type ConnectOptions } from '@dbtls/core';
import type { Io, OptionSpec, OptionValues } from './command.js';

/** The TLS options of `connect` and `explain`. */
export const TLS_OPTIONS = {
  engine: { type: 'string', value: 'id', description: 'engine id or alias (default: from the URL scheme)' },
  'ssl-mode': { type: 'string', value: 'mode', description: 'disabled | preferred | required | verify-ca | verify-identity (libpq and MySQL spellings accepted)' },
  ca: { type: 'string', value: 'file', description: 'PEM file with the CA certificate(s) to trust' },
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
  const [ca, cert, key, servername, minTls, passphraseEnv, timeout] = ['ca', 'cert', 'key', 'servername', 'min-tls', 'passphrase-env', 'timeout'].map((k) => str(values[k]));
  if (ca) out.caFile = ca;
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
    const ms = Number(timeout);
    if (!Number.isInteger(ms) || ms <= 0) throw new DbtlsError('invalid-option', `--timeout must be a whole number of milliseconds, not "${timeout}".`);
    out.timeoutMs = ms;
  }
  return out;
}
