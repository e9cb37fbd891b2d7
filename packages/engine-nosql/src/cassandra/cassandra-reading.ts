import { readingFromTarget, type ConnectionReading, type EngineDefinition } from '@dbtls/core';
import { parseCassandraUrl } from './cassandra-url.js';

/**
 * Reads a `cassandra://` URL into a {@link ConnectionReading} with every
 * contact point as a host; undefined for other strings.
 *
 * @example
 * ```ts
 * readCassandraConnectionString(cassandraEngine, 'cassandra://a,b:9043/ks?sslmode=verify-ca')?.hosts.length; // 2
 * ```
 */
export function readCassandraConnectionString(engine: EngineDefinition, input: string): ConnectionReading | undefined {
  if (!/^cassandra:\/\//i.test(input.trim())) return undefined;
  const target = parseCassandraUrl(input);
  const hosts = target.contactPoints.map((point) => {
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(point) ?? /^(.*):(\d+)$/.exec(point)!;
    return { host: m[1]!, port: Number(m[2]) };
  });
  return readingFromTarget(engine, target, {
    client: { id: 'cassandra', name: 'dbtls Cassandra URL (cassandra-driver contact points)', syntax: 'URL', reason: 'the cassandra:// scheme' },
    ...(target.password !== undefined ? { password: target.password } : {}),
    hosts,
    ...(target.localDataCenter ? { options: { localDataCenter: target.localDataCenter } } : {}),
  });
}
