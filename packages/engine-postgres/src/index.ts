export { postgresEngine, redshiftEngine, cockroachdbEngine, engines } from './postgres-engine.js';
export { parsePostgresUrl, POSTGRES_TLS_PARAMS, type PostgresTarget } from './postgres-url.js';
export { postgresDriverOptions } from './postgres-ssl.js';
export { POSTGRES_ERROR_PATTERNS } from './postgres-patterns.js';
export { negotiatePostgres, NegotiatedStream, type NegotiatedSocket } from './postgres-negotiate.js';
export { configurePostgres } from './postgres-configure.js';
export { readPostgresConnectionString, POSTGRES_CLIENTS, type PostgresClient, type PostgresFamilyInfo } from './postgres-reading.js';
export { splitPostgresUri, splitKeywordValue, LIBPQ_KEYWORDS, POSTGRES_SYNTAXES, type PostgresSyntax, type PostgresStringParts } from './postgres-syntax.js';
export { POSTGRES_TARGETS, libpqUriTarget, libpqKeywordTarget, nodePostgresTarget, pgjdbcTarget, prismaTarget } from './postgres-targets.js';
