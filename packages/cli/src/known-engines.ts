/**
 * The first-party engine packages and what they handle, so that the CLI can say which package (and
 * driver) to install for a URL or engine id when no installed engine claims it. Nothing is imported.
 */
export const KNOWN_ENGINES = [
  { names: ['postgres', 'postgresql', 'redshift', 'cockroachdb', 'cockroach'], package: '@dbtls/engine-postgres' },
  { names: ['mysql', 'mysql2', 'mariadb'], package: '@dbtls/engine-mysql' },
  { names: ['mssql', 'sqlserver', 'tds'], package: '@dbtls/engine-mssql' },
  { names: ['redis', 'rediss', 'valkey'], package: '@dbtls/engine-nosql', driver: 'ioredis' },
  { names: ['etcd', 'etcds', 'etcd3'], package: '@dbtls/engine-nosql', driver: 'etcd3' },
  { names: ['clickhouse', 'ch'], package: '@dbtls/engine-nosql', driver: '@clickhouse/client' },
  { names: ['mongodb', 'mongodb+srv', 'mongo'], package: '@dbtls/engine-nosql', driver: 'mongodb' },
  { names: ['cassandra', 'scylla', 'scylladb', 'cql'], package: '@dbtls/engine-nosql', driver: 'cassandra-driver' },
  { names: ['oracle', 'oracledb', 'tcps'], package: '@dbtls/engine-nosql', driver: 'oracledb' },
  { names: ['sqlite', 'sqlite3'], package: '@dbtls/engine-embedded', driver: 'better-sqlite3' },
  { names: ['duckdb'], package: '@dbtls/engine-embedded', driver: '@duckdb/node-api' },
] as const;

/** One entry of {@link KNOWN_ENGINES}. */
export type KnownEngine = (typeof KNOWN_ENGINES)[number];

/**
 * The first-party package for an engine id, alias or URL scheme (`postgres`, `rediss:`), if any.
 *
 * @example
 * ```ts
 * knownEngineFor('rediss:')?.package; // '@dbtls/engine-nosql'
 * ```
 */
export function knownEngineFor(nameOrScheme: string): KnownEngine | undefined {
  const key = nameOrScheme.toLowerCase().replace(/:$/, '');
  return KNOWN_ENGINES.find((k) => (k.names as readonly string[]).includes(key));
}
