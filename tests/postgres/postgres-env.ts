/** Shared set-up of the PostgreSQL integration tests: certificates, servers, URLs. */
import { join } from 'node:path';
import type { ScenarioServer, ConformanceScenario } from '@dbtls/core/testing';
import { CLIENT_KEY_PASSPHRASE, generateCertificates, type TestCertificates } from '../harness/certs.js';
import { ROOT } from '../harness/cli.js';
import { PG_PASSWORD, PG_USER, postgresAvailable, startPostgresCluster, type PgCluster, type PgScenario } from '../harness/postgres-servers.js';

export const BASE_PORT = 55400;
export const PG_SCENARIOS: PgScenario[] = ['no-tls', 'tls-optional', 'tls-required', 'client-cert', 'self-signed', 'expired', 'tls-refused'];
export const portOf = (s: PgScenario) => BASE_PORT + PG_SCENARIOS.indexOf(s);
export const CERT_DIR = join(ROOT, 'tests', '.tmp', 'certs');
export const certs: TestCertificates = generateCertificates(CERT_DIR);
export const skipReason = postgresAvailable();

export function pgUrl(scenario: PgScenario, host = 'localhost', scheme = 'postgres', password = PG_PASSWORD): string {
  return `${scheme}://${PG_USER}:${encodeURIComponent(password)}@${host}:${portOf(scenario)}/${PG_USER}`;
}

export const SERVERS: Partial<Record<ConformanceScenario, ScenarioServer>> = {
  'no-tls': { url: pgUrl('no-tls'), caFile: certs.caCert },
  'tls-optional': { url: pgUrl('tls-optional'), caFile: certs.caCert },
  'tls-optional-ip': { url: pgUrl('tls-optional', '127.0.0.1'), caFile: certs.caCert },
  'tls-required': { url: pgUrl('tls-required'), caFile: certs.caCert },
  'client-cert-missing': { url: pgUrl('client-cert'), caFile: certs.caCert },
  'client-cert-given': { url: pgUrl('client-cert'), caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKeyEncrypted, passphrase: CLIENT_KEY_PASSPHRASE },
  'self-signed': { url: pgUrl('self-signed'), caFile: certs.caCert },
  expired: { url: pgUrl('expired'), caFile: certs.caCert },
  'verify-without-ca': { url: pgUrl('tls-optional') },
};

export function startAll(): PgCluster {
  return startPostgresCluster(certs, BASE_PORT, PG_SCENARIOS);
}

export { PG_PASSWORD, PG_USER, CLIENT_KEY_PASSPHRASE };
