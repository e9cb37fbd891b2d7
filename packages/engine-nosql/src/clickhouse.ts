// Subpath entry `@dbtls/engine-nosql/clickhouse`. Importing it loads no driver.
export { clickhouseEngine, engines } from './clickhouse/clickhouse-engine.js';
export { parseClickHouseUrl, CLICKHOUSE_HTTP_PORT, CLICKHOUSE_HTTPS_PORT, CLICKHOUSE_SCHEMES, type ClickHouseTarget } from './clickhouse/clickhouse-url.js';
export { readClickHouseConnectionString, CLICKHOUSE_GO_TARGET } from './clickhouse/clickhouse-reading.js';
export { clickhouseDriverOptions } from './clickhouse/clickhouse-ssl.js';
export { CLICKHOUSE_ERROR_PATTERNS } from './clickhouse/clickhouse-patterns.js';
export { configureClickHouse } from './clickhouse/clickhouse-configure.js';
