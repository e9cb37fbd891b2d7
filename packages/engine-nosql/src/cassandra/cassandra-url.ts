import { DbtlsError, parseSslMode, parseUrlParts, redactUrl, type EngineTarget, type SslMode, type TlsOptions } from '@dbtls/core';

/** Cassandra's native-protocol port. */
export const CASSANDRA_DEFAULT_PORT = 9042;

/** A parsed `cassandra://` URL. */
export interface CassandraTarget extends EngineTarget {
  /** Every contact point as `host:port`. */
  contactPoints: string[];
  password?: string;
  /** `?localDataCenter=` (or `?dc=`): the data center the driver routes queries to. */
  localDataCenter?: string;
}

const PATTERN = /^(cassandra):\/\/(?:([^@/?#]*)@)?([^/?#]+)(\/[^?#]*)?(\?[^#]*)?$/i;

/**
 * Parses `cassandra://user:password@host1:9042,host2/keyspace?sslmode=verify-full&localDataCenter=dc1`.
 * The mode is `sslmode=` (or `ssl-mode=`, any dbtls/libpq spelling);
 * `ssl=true`/`tls=true` mean `verify-identity` and `ssl=false` `disabled`.
 * `sslrootcert=`, `sslcert=`, `sslkey=` name the TLS files.
 *
 * @example
 * ```ts
 * parseCassandraUrl('cassandra://localhost/app?sslmode=verify-ca').mode; // 'verify-ca'
 * ```
 */
export function parseCassandraUrl(url: string): CassandraTarget {
  const m = PATTERN.exec(url.trim());
  if (!m) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" is not a Cassandra URL (expected cassandra://user:password@host:9042/keyspace).`);
  const [, scheme, userinfo, hostList, path, query] = m;
  const entries = hostList!.split(',').map((h) => h.trim()).filter(Boolean);
  if (entries.length === 0) throw new DbtlsError('invalid-url', `"${redactUrl(url)}" names no host.`);
  const contactPoints: string[] = [];
  let first: ReturnType<typeof parseUrlParts> | undefined;
  for (const entry of entries) {
    const parts = parseUrlParts(`${scheme}://${userinfo ? `${userinfo}@` : ''}${entry}${path ?? ''}${query ?? ''}`, { defaultPort: CASSANDRA_DEFAULT_PORT });
    first ??= parts;
    contactPoints.push(parts.host.includes(':') ? `[${parts.host}]:${parts.port}` : `${parts.host}:${parts.port}`);
  }
  const params = first!.params;
  const warnings: string[] = [];
  const tls: Partial<Omit<TlsOptions, 'mode'>> = {};
  let mode: SslMode | undefined;
  const modeParam = params.get('sslmode') ?? params.get('ssl-mode');
  if (modeParam) {
    try {
      mode = parseSslMode(modeParam);
    } catch (error) {
      throw new DbtlsError('invalid-url', `The URL's sslmode: ${(error as Error).message}`);
    }
  } else {
    const flag = (params.get('ssl') ?? params.get('tls'))?.toLowerCase();
    if (flag === 'true' || flag === '1') mode = 'verify-identity';
    else if (flag === 'false' || flag === '0') mode = 'disabled';
    else if (flag !== undefined) throw new DbtlsError('invalid-url', `The URL's ssl/tls parameter must be true or false, not "${flag}".`);
  }
  if (params.get('sslrootcert')) tls.caFile = params.get('sslrootcert')!;
  if (params.get('sslcert')) tls.certFile = params.get('sslcert')!;
  if (params.get('sslkey')) tls.keyFile = params.get('sslkey')!;
  const localDataCenter = params.get('localDataCenter') ?? params.get('localdatacenter') ?? params.get('dc') ?? undefined;
  return {
    host: first!.host,
    port: first!.port,
    ...(first!.user ? { user: first!.user } : {}),
    ...(first!.password ? { password: first!.password } : {}),
    ...(first!.database ? { database: first!.database } : {}),
    ...(mode ? { mode } : {}),
    ...(localDataCenter ? { localDataCenter } : {}),
    tls,
    displayUrl: redactUrl(url),
    secrets: first!.password ? [first!.password] : [],
    warnings,
    contactPoints,
  };
}
