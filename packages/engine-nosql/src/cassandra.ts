import { cassandraEngine } from './cassandra/cassandra-engine.js';

export { cassandraEngine };
export { parseCassandraUrl, CASSANDRA_DEFAULT_PORT, type CassandraTarget } from './cassandra/cassandra-url.js';
export { cassandraDriverOptions, cassandraSslOptions } from './cassandra/cassandra-ssl.js';

/** The engines of this entry point: `[cassandraEngine]`. Importing it loads no driver. */
export const engines = [cassandraEngine] as const;
export { configureCassandra } from './cassandra/cassandra-configure.js';
