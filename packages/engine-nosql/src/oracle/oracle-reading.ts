import { readingFromTarget, type ConnectionReading, type EngineDefinition } from '@dbtls/core';
import { parseOracleUrl } from './oracle-url.js';

/**
 * Reads an `oracle://` or Easy Connect `tcps://` string into a
 * {@link ConnectionReading}. A reading has no field for `ssl_server_cert_dn`
 * and `wallet_location`: they are carried in `options` and each gets a
 * warning naming it and what it does. Undefined for other strings.
 *
 * @example
 * ```ts
 * readOracleConnectionString(oracleEngine, 'tcps://db:2484/svc?ssl_server_dn_match=false')?.mode.value; // 'verify-ca'
 * ```
 */
export function readOracleConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  if (!/^(oracle|tcps):\/\//i.test(input.trim())) return undefined;
  const target = parseOracleUrl(input);
  const reading = readingFromTarget(engine, target, {
    client: { id: 'oracle', name: 'node-oracledb thin (Easy Connect / tcps://)', syntax: 'URL', reason: `the ${/^tcps/i.test(input.trim()) ? 'tcps' : 'oracle'}:// scheme` },
    sources: target.sources,
    ...(target.password !== undefined ? { password: target.password } : {}),
    options: {
      ...(target.serverCertDn ? { ssl_server_cert_dn: target.serverCertDn } : {}),
      ...(target.walletLocation ? { wallet_location: target.walletLocation } : {}),
    },
  });
  if (target.serverCertDn) reading.warnings.push({ parameter: 'ssl_server_cert_dn', message: `The server certificate must carry the subject DN "${target.serverCertDn}" (checked by the driver in verify-identity instead of the host name).` });
  if (target.walletLocation) reading.warnings.push({ parameter: 'wallet_location', message: `The trusted certificates come from ${target.walletLocation}/ewallet.pem (handed to the driver).` });
  return reading;
}
