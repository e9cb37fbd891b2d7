/** Shared set-up of the MySQL/MariaDB integration tests: certificates, servers, URLs. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineDefinition } from '@dbtls/core';
import type { ConformanceScenario, ScenarioServer } from '@dbtls/core/testing';
import { CLIENT_KEY_PASSPHRASE, generateCertificates, type TestCertificates } from '../harness/certs.js';
import { CLI_BIN, ROOT } from '../harness/cli.js';
import { MARIADB_PASSWORD, MARIADB_SCENARIOS, MARIADB_USER, X509_PASSWORD, X509_USER, mariadbAvailable, startMariaDbCluster, type MariaDbCluster, type MariaDbScenario } from './mariadb-servers.js';
// The package under test, as built (`pnpm --filter @dbtls/engine-mysql build`).
import * as engineMysql from '../../packages/engine-mysql/dist/index.js';

export { engineMysql };
export const { mysql, mariadb } = engineMysql;
export const ENGINES: readonly EngineDefinition[] = [mysql, mariadb];

export const TMP = join(ROOT, 'tests', '.tmp', 'mysql');
export const certs: TestCertificates = generateCertificates(join(TMP, 'certs'));
export const skipReason = mariadbAvailable();
export const cliMissing = existsSync(CLI_BIN) ? null : `${CLI_BIN} does not exist (build packages/cli)`;

/** Each suite file gets its own block of ports inside 33400-33499. */
export function basePortFor(suite: 'conformance' | 'behaviour' | 'cli'): number {
  return { conformance: 33400, behaviour: 33420, cli: 33440 }[suite];
}

export function portOf(base: number, scenario: MariaDbScenario): number {
  return base + MARIADB_SCENARIOS.indexOf(scenario);
}

export function mysqlUrl(scheme: string, port: number, options: { host?: string; user?: string; password?: string; query?: string } = {}): string {
  const user = options.user ?? MARIADB_USER;
  const password = options.password ?? MARIADB_PASSWORD;
  return `${scheme}://${user}:${encodeURIComponent(password)}@${options.host ?? 'localhost'}:${port}/${options.query ? `?${options.query}` : ''}`;
}

/** The conformance servers for one engine: client-certificate rows use the REQUIRE X509 account. */
export function scenarioServers(engine: EngineDefinition, base: number): Partial<Record<ConformanceScenario, ScenarioServer>> {
  const scheme = engine.schemes[0]!;
  const url = (s: MariaDbScenario, o: Parameters<typeof mysqlUrl>[2] = {}) => mysqlUrl(scheme, portOf(base, s), o);
  const x509 = { user: X509_USER, password: X509_PASSWORD };
  // mysql uses the plain client key, mariadb the encrypted one with its passphrase.
  const clientKey = engine.id === 'mariadb' ? { keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE } : { keyFile: certs.clientKey };
  return {
    'no-tls': { url: url('no-tls'), caFile: certs.caCert },
    'tls-optional': { url: url('tls-optional'), caFile: certs.caCert },
    'tls-optional-ip': { url: url('tls-optional', { host: '127.0.0.1' }), caFile: certs.caCert },
    'tls-required': { url: url('tls-required'), caFile: certs.caCert },
    'client-cert-missing': { url: url('tls-optional', x509), caFile: certs.caCert },
    'client-cert-given': { url: url('tls-optional', x509), caFile: certs.caCert, certFile: certs.clientCert, ...clientKey },
    'self-signed': { url: url('self-signed'), caFile: certs.caCert },
    expired: { url: url('expired'), caFile: certs.caCert },
    'verify-without-ca': { url: url('tls-optional') },
  };
}

export function startCluster(base: number, name: string): Promise<MariaDbCluster> {
  return startMariaDbCluster(certs, join(TMP, `servers-${name}`), base);
}

export { MARIADB_PASSWORD, MARIADB_USER, X509_PASSWORD, X509_USER, CLIENT_KEY_PASSPHRASE };
export type { MariaDbCluster, MariaDbScenario };
