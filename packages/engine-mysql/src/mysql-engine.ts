import { defineEngine, type EngineDefinition } from '@dbtls/core';
import { mysqlProbe } from './mysql-probe.js';
import { configureMysql } from './mysql-configure.js';
import { connectMysql } from './mysql-connect.js';
import { diagnoseMysql, MYSQL_ERROR_PATTERNS } from './mysql-diagnosis.js';
import { mysqlDriverOptions } from './mysql-driver-options.js';
import { MYSQL_TARGETS, readMysqlConnectionString } from './mysql-reading.js';
import { MYSQL_DEFAULT_PORT, parseMysqlUrl } from './mysql-url.js';

const FALLBACK = {
  capability: 'native',
  how: 'One TCP connection: dbtls reads the server greeting and uses TLS when its CLIENT_SSL capability flag is set, plain text when it is not (as the MySQL client\'s PREFERRED does). Authentication, network and certificate errors, and a TLS handshake that fails after the server offered TLS, are errors, never a reason to go plain.',
} as const;

/**
 * The MySQL engine (driver: mysql2). Schemes `mysql`; default port 3306;
 * default mode `preferred`.
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { mysql } from '@dbtls/engine-mysql';
 * const result = await connect(mysql, { url: 'mysql://app:pw@db.example.com/shop', mode: 'verify-identity', caFile: 'ca.pem' });
 * ```
 */
export const mysql: EngineDefinition = defineEngine({
  id: 'mysql',
  displayName: 'MySQL',
  schemes: ['mysql'],
  aliases: ['mysql2'],
  defaultPort: MYSQL_DEFAULT_PORT,
  defaultMode: 'preferred',
  fallback: FALLBACK,
  guidance:
    'MySQL 5.7+ and 8.x create a self-signed certificate at first start, so most servers offer TLS and "preferred" or "required" encrypt without proving who the server is. Use "verify-ca" or "verify-identity" with the CA that issued the server certificate (managed services publish theirs, e.g. the Amazon RDS bundle). A server with require_secure_transport=ON refuses plain logins with error 3159; an account created with REQUIRE SSL or REQUIRE X509 answers a login without TLS or without a client certificate with "Access denied" (1045).',
  drivers: ['mysql2'],
  errorPatterns: MYSQL_ERROR_PATTERNS,
  parseUrl: parseMysqlUrl,
  driverOptions: (input) => mysqlDriverOptions(input, 'mysql'),
  connect: (ctx) => connectMysql(ctx, { displayName: 'MySQL' }),
  configure: (ctx) => configureMysql(ctx, 'MySQL'),
  diagnose: (error, context) => diagnoseMysql(error, context, 'MySQL'),
  readConnectionString: (input) => readMysqlConnectionString(mysql, input),
  translateTargets: MYSQL_TARGETS,
  probe: mysqlProbe,
});

/**
 * The MariaDB engine (driver: mysql2). Schemes `mariadb`; default port 3306;
 * default mode `preferred`.
 *
 * @example
 * ```ts
 * import { connect } from '@dbtls/core';
 * import { mariadb } from '@dbtls/engine-mysql';
 * const result = await connect(mariadb, { url: 'mariadb://app:pw@127.0.0.1/shop', mode: 'required' });
 * ```
 */
export const mariadb: EngineDefinition = defineEngine({
  id: 'mariadb',
  displayName: 'MariaDB',
  schemes: ['mariadb'],
  defaultPort: MYSQL_DEFAULT_PORT,
  defaultMode: 'preferred',
  fallback: FALLBACK,
  guidance:
    'MariaDB before 11.4 offers no TLS at all until ssl_cert and ssl_key are configured, so "preferred" often falls back to plain text; 11.4+ generates a certificate at start. MariaDB answers a plain login to a server with require_secure_transport=ON, and a login without TLS or without a client certificate to an account created with REQUIRE SSL or REQUIRE X509, with "Access denied for user … (1045)", the same words as a wrong password: when a plain login is denied by a server that offers TLS, try "required" before doubting the password.',
  drivers: ['mysql2'],
  errorPatterns: MYSQL_ERROR_PATTERNS,
  parseUrl: parseMysqlUrl,
  driverOptions: (input) => mysqlDriverOptions(input, 'mariadb'),
  connect: (ctx) => connectMysql(ctx, { displayName: 'MariaDB' }),
  configure: (ctx) => configureMysql(ctx, 'MariaDB'),
  diagnose: (error, context) => diagnoseMysql(error, context, 'MariaDB'),
  readConnectionString: (input) => readMysqlConnectionString(mariadb, input),
  translateTargets: MYSQL_TARGETS,
  probe: mysqlProbe,
});
