export { postgresEngine, redshiftEngine, cockroachdbEngine, engines } from './postgres-engine.js';
export { parsePostgresUrl, POSTGRES_TLS_PARAMS, type PostgresTarget } from './postgres-url.js';
export { postgresDriverOptions } from './postgres-ssl.js';
export { POSTGRES_ERROR_PATTERNS } from './postgres-patterns.js';
export { negotiatePostgres, NegotiatedStream, type NegotiatedSocket } from './postgres-negotiate.js';
export { configurePostgres } from './postgres-configure.js';
