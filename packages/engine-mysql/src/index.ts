import { mariadb, mysql } from './mysql-engine.js';

export { mysql, mariadb } from './mysql-engine.js';
export { parseMysqlUrl, parseMysqlSslMode, MYSQL_DEFAULT_PORT, MYSQL_MODE_PARAMS, MYSQL_CLIENTS, type MysqlClient, type MysqlTarget, type MysqlSource } from './mysql-url.js';
export { readMysqlConnectionString, MYSQL_CLIENT_TARGET, MYSQL2_TARGET, CONNECTOR_J_TARGET, MYSQL_TARGETS } from './mysql-reading.js';
export { mysql2SslOptions, tlsModeFor, mysql2ChecksIdentity, type Mysql2Ssl } from './mysql-ssl.js';
export { mysqlDriverOptions, MYSQL_CLIENT_SSL_MODE } from './mysql-driver-options.js';
export { MYSQL_ERROR_PATTERNS, diagnoseMysql } from './mysql-diagnosis.js';
export { connectMysql, mysqlAttemptOf, MYSQL_ATTEMPT, PREFERRED_STRATEGIES, type PreferredStrategy, type MysqlAttempt, type MysqlConnectOptions } from './mysql-connect.js';
export { parseGreeting, peekGreeting, CLIENT_SSL, type ServerGreeting } from './mysql-greeting.js';

/**
 * Every engine of this package. Importing it registers nothing and loads no driver.
 *
 * @example
 * ```ts
 * import { createRegistry } from '@dbtls/core';
 * import { engines } from '@dbtls/engine-mysql';
 * ```
 */
export const engines = [mysql, mariadb] as const;
export { configureMysql } from './mysql-configure.js';
export { mysqlProbe, sslRequestPacket } from './mysql-probe.js';
