/**
 * The hosted database services dbtls recognises, one entry per service, each
 * with the documentation page it was taken from. `docs/hosted-services.md` is
 * generated from this table (`node scripts/hosted-services-doc.mjs`).
 *
 * Host patterns are matched against the lower-cased host name, label by label:
 * `*` inside a label matches any letters, digits and dashes (at least one
 * character when it is the whole label), and a leading `**.` matches one or
 * more labels.
 */
import type { SslMode } from './ssl-mode.js';

/** Where the CA that signs a service's server certificates comes from. */
export const HOSTED_CA_SOURCES = ['system', 'bundle', 'instance', 'wallet'] as const;
/** One of {@link HOSTED_CA_SOURCES}. */
export type HostedCaSource = (typeof HOSTED_CA_SOURCES)[number];

/** One row of {@link HOSTED_SERVICES}. */
export interface HostedServiceEntry {
  /** Stable id, e.g. `aws-rds`. */
  id: string;
  /** What users call it. */
  service: string;
  /** dbtls engine ids the entry applies to. */
  engines: readonly string[];
  /** Host name patterns (see the file comment). */
  hosts: readonly string[];
  /** Only these ports, when the port tells services or protocols apart. */
  ports?: readonly number[];
  /** `true`: plain text is refused; `false`: TLS is opt-in or can be switched off. */
  requiresTls: boolean;
  /** The strictest mode that works with the CA below. */
  recommendedMode: SslMode;
  /** `system`: public roots; `bundle`: a file the provider publishes; `instance`: a CA per database; `wallet`: mutual-TLS material. */
  ca: { source: HostedCaSource; name?: string; url?: string };
  /** Known pitfalls, one sentence each. */
  notes: readonly string[];
  /** The page the facts were taken from. */
  source: { title: string; url: string };
}

/**
 * The table. Order matters: the first entry whose engine, host and port match
 * wins, so more specific hosts (RDS Proxy) come before general ones (RDS).
 *
 * @example
 * ```ts
 * HOSTED_SERVICES.find((s) => s.id === 'neon')?.recommendedMode; // 'verify-identity'
 * ```
 */
export const HOSTED_SERVICES: readonly HostedServiceEntry[] = [
  {
    id: 'aws-rds-proxy',
    service: 'Amazon RDS Proxy',
    engines: ['postgres', 'mysql', 'mariadb', 'mssql'],
    hosts: ['**.proxy-*.*.rds.amazonaws.com', '**.proxy-*.*.rds.amazonaws.com.cn'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'Amazon Trust Services (ACM) public roots' },
    notes: ['RDS Proxy presents an ACM certificate from public roots, not the RDS CA: verify with the system store; the RDS bundle alone does not validate it.'],
    source: { title: 'AWS: Using TLS/SSL with RDS Proxy', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls' },
  },
  {
    id: 'aws-rds',
    service: 'Amazon RDS / Aurora',
    engines: ['postgres', 'mysql', 'mariadb', 'mssql', 'oracle'],
    hosts: ['**.rds.amazonaws.com', '**.rds.amazonaws.com.cn'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'bundle', name: 'RDS global bundle (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1)', url: 'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem' },
    notes: [
      'Server certificates chain to private RDS CAs: pass the global bundle with --ca; the system store does not know them.',
      'rds-ca-2019 expired in August 2024: a bundle downloaded before the rotation fails with "certificate has expired" or "unable to get local issuer certificate"; download the current global bundle.',
      'PostgreSQL instances with rds.force_ssl=1 (the default from PostgreSQL 15) and MySQL/MariaDB with require_secure_transport refuse plain text.',
    ],
    source: { title: 'AWS: Using SSL/TLS to encrypt a connection to a DB instance or cluster', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html' },
  },
  {
    id: 'aws-redshift',
    service: 'Amazon Redshift',
    engines: ['redshift', 'postgres'],
    hosts: ['**.redshift.amazonaws.com', '**.redshift-serverless.amazonaws.com', '**.redshift.amazonaws.com.cn'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'Amazon Trust Services (ACM) public roots' },
    notes: ['Clusters with require_ssl=true refuse plain text; Redshift Serverless always requires TLS.', 'Current clusters use ACM certificates: verify with the system store (the old redshift-ca-bundle is no longer needed).'],
    source: { title: 'Amazon Redshift: Configuring security options for connections', url: 'https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html' },
  },
  {
    id: 'gcp-cloud-sql',
    service: 'Google Cloud SQL',
    engines: ['postgres', 'mysql', 'mssql'],
    hosts: ['**.sql.goog'],
    requiresTls: false,
    recommendedMode: 'verify-ca',
    ca: { source: 'instance', name: "the instance's server CA (download it from the console or gcloud sql instances describe)" },
    notes: [
      'With the default per-instance CA, the certificate names the instance (CN project:instance) and has no SAN for the IP address: verify-identity fails, use verify-ca with the instance CA.',
      'With the shared (CAS) CA, certificates carry the instance DNS name (*.sql.goog): verify-identity works when you connect by that name.',
      'Cloud SQL is often reached by IP address or through the Cloud SQL Auth Proxy, which dbtls cannot recognise from the host; "require SSL" (ssl_mode ENCRYPTED_ONLY) is an instance setting.',
    ],
    source: { title: 'Cloud SQL: Authorize with SSL/TLS certificates', url: 'https://cloud.google.com/sql/docs/postgres/authorize-ssl' },
  },
  {
    id: 'azure-sql',
    service: 'Azure SQL Database / Managed Instance',
    engines: ['mssql'],
    hosts: ['**.database.windows.net', '**.database.chinacloudapi.cn', '**.database.usgovcloudapi.net'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'DigiCert Global Root G2 / Microsoft RSA Root CA 2017' },
    notes: ['Encryption is always on for Azure SQL; verify the certificate with the system store (encrypt=true, trustServerCertificate=false).'],
    source: { title: 'Azure SQL: connectivity settings and TLS', url: 'https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings' },
  },
  {
    id: 'azure-postgres',
    service: 'Azure Database for PostgreSQL',
    engines: ['postgres'],
    hosts: ['**.postgres.database.azure.com', '**.postgres.database.chinacloudapi.cn'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'DigiCert Global Root G2 / Microsoft RSA Root CA 2017' },
    notes: ['require_secure_transport is ON by default and TLS 1.0/1.1 are refused.', 'Intermediate certificates rotate (2025-26): trust the roots, never pin an intermediate.'],
    source: { title: 'Azure Database for PostgreSQL: secure connectivity with TLS', url: 'https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls' },
  },
  {
    id: 'azure-mysql',
    service: 'Azure Database for MySQL',
    engines: ['mysql', 'mariadb'],
    hosts: ['**.mysql.database.azure.com', '**.mysql.database.chinacloudapi.cn'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'DigiCert Global Root G2 / Microsoft RSA Root CA 2017' },
    notes: ['require_secure_transport is ON by default.', 'Root CA rotations: trust the roots (a combined bundle of both), never pin an intermediate.'],
    source: { title: 'Azure Database for MySQL: connect with encrypted connections', url: 'https://learn.microsoft.com/azure/mysql/flexible-server/how-to-connect-tls-ssl' },
  },
  {
    id: 'heroku-postgres',
    service: 'Heroku Postgres',
    engines: ['postgres'],
    hosts: ['ec2-*.compute-1.amazonaws.com', 'ec2-*.*.compute.amazonaws.com'],
    ports: [5432],
    requiresTls: true,
    recommendedMode: 'required',
    ca: { source: 'instance', name: "Heroku's own CA (not in public stores)" },
    notes: ['Heroku requires TLS and documents sslmode=require; its server certificates are not issued by a public CA, so verify modes fail without Heroku\'s CA.', 'Recognised from the EC2 host name in DATABASE_URL: any PostgreSQL on EC2 looks the same.'],
    source: { title: 'Heroku Dev Center: Connecting to Heroku Postgres', url: 'https://devcenter.heroku.com/articles/connecting-heroku-postgres' },
  },
  {
    id: 'supabase',
    service: 'Supabase',
    engines: ['postgres'],
    hosts: ['db.*.supabase.co', '*.pooler.supabase.com'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'bundle', name: 'Supabase root CA (prod-ca-2021.crt, downloaded from the project\'s database settings)' },
    notes: ['TLS is accepted but only enforced when "Enforce SSL on incoming connections" is on.', 'The pooler (Supavisor) hosts aws-0-<region>.pooler.supabase.com take port 5432 (session) and 6543 (transaction).', 'Verify with the Supabase CA file: it is not in public stores.'],
    source: { title: 'Supabase: Postgres SSL Enforcement', url: 'https://supabase.com/docs/guides/platform/ssl-enforcement' },
  },
  {
    id: 'neon',
    service: 'Neon',
    engines: ['postgres'],
    hosts: ['ep-*.**.neon.tech', 'ep-*.neon.tech'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'public roots' },
    notes: [
      'TLS is mandatory, and Neon routes by SNI: a client that sends no SNI gets "The endpoint ID is not specified"; add options=endpoint%3D<endpoint-id> (the first label of the host) to the URL.',
      'Connecting by IP address sends no SNI: use the host name.',
    ],
    source: { title: 'Neon: Connection errors', url: 'https://neon.tech/docs/connect/connection-errors' },
  },
  {
    id: 'planetscale',
    service: 'PlanetScale',
    engines: ['mysql', 'postgres'],
    hosts: ['**.psdb.cloud', '**.pg.psdb.cloud'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'public roots' },
    notes: ['Plain text is refused; verify with the system store (mysql2 and node-postgres use Node\'s bundled roots, which include them).'],
    source: { title: 'PlanetScale: Secure connections', url: 'https://planetscale.com/docs/concepts/secure-connections' },
  },
  {
    id: 'mongodb-atlas',
    service: 'MongoDB Atlas',
    engines: ['mongodb'],
    hosts: ['**.mongodb.net'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: "public roots (Let's Encrypt, Google Trust Services)" },
    notes: ['Atlas refuses plain text; mongodb+srv:// turns TLS on by itself.', 'Do not pin an intermediate or a single root: Atlas changed CAs in 2025.'],
    source: { title: 'MongoDB Atlas: Security FAQ (TLS)', url: 'https://www.mongodb.com/docs/atlas/reference/faq/security/' },
  },
  {
    id: 'redis-cloud',
    service: 'Redis Cloud',
    engines: ['redis'],
    hosts: ['**.redns.redis-cloud.com', '**.cloud.redislabs.com', '**.cloud.rlrcp.com'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'bundle', name: 'Redis Cloud CA (download from the database\'s security settings)' },
    notes: ['TLS is off by default and must be enabled per database (paid plans); once enabled, plain text is refused.', 'Verify with the Redis Cloud CA file: it is not in public stores.'],
    source: { title: 'Redis Cloud: Transport Layer Security (TLS)', url: 'https://redis.io/docs/latest/operate/rc/security/database-security/tls-ssl/' },
  },
  {
    id: 'upstash-redis',
    service: 'Upstash Redis',
    engines: ['redis'],
    hosts: ['*.upstash.io'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'public roots' },
    notes: ['TLS is always on: use rediss://.'],
    source: { title: 'Upstash: Connect your client', url: 'https://upstash.com/docs/redis/howto/connectclient' },
  },
  {
    id: 'aws-elasticache',
    service: 'Amazon ElastiCache / MemoryDB',
    engines: ['redis'],
    hosts: ['**.cache.amazonaws.com', '**.memorydb.*.amazonaws.com', '**.cache.amazonaws.com.cn'],
    requiresTls: false,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'Amazon Trust Services public roots' },
    notes: [
      'In-transit encryption is chosen when the cluster is created (always on for Serverless and MemoryDB); without it the endpoint speaks plain text only.',
      'In cluster mode the client is redirected to node IP addresses that the certificate does not name: use the configuration endpoint name, or verify-ca for the nodes.',
    ],
    source: { title: 'Amazon ElastiCache: in-transit encryption (TLS)', url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html' },
  },
  {
    id: 'datastax-astra',
    service: 'DataStax Astra DB',
    engines: ['cassandra'],
    hosts: ['**.db.astra.datastax.com', '**.apps.astra.datastax.com'],
    requiresTls: true,
    recommendedMode: 'verify-ca',
    ca: { source: 'wallet', name: 'the secure connect bundle (ca.crt, cert, key)' },
    notes: ['Astra uses mutual TLS: pass the CA, certificate and key from the secure connect bundle (--ca, --cert, --key).', 'Nodes are reached through an SNI proxy whose certificate names the proxy, not each node: verify-ca.'],
    source: { title: 'DataStax Astra DB: secure connect bundle', url: 'https://docs.datastax.com/en/astra-db-serverless/databases/secure-connect-bundle.html' },
  },
  {
    id: 'oracle-autonomous',
    service: 'Oracle Autonomous Database',
    engines: ['oracle'],
    hosts: ['adb.*.oraclecloud.com', '**.adb.*.oraclecloud.com', '**.adb.*.oraclecloudapps.com'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'wallet', name: 'the instance wallet (mutual TLS) or, for TLS without a wallet, public roots' },
    notes: ['TCPS only: port 1522 (mutual TLS with the wallet by default; TLS without a wallet once enabled), 2484 on some configurations.', 'The server DN is checked (ssl_server_dn_match=yes) in verify-identity.'],
    source: { title: 'Oracle: Connect to Autonomous Database', url: 'https://docs.oracle.com/en/cloud/paas/autonomous-database/serverless/adbsb/connect-intro.html' },
  },
  {
    id: 'clickhouse-cloud',
    service: 'ClickHouse Cloud',
    engines: ['clickhouse'],
    hosts: ['**.clickhouse.cloud'],
    requiresTls: true,
    recommendedMode: 'verify-identity',
    ca: { source: 'system', name: 'public roots' },
    notes: ['TLS only: HTTPS on 8443 and the native protocol with TLS on 9440; the plain ports 8123 and 9000 are not served.'],
    source: { title: 'ClickHouse Cloud: connecting (ports)', url: 'https://clickhouse.com/docs/cloud/guides/sql-console/gather-connection-details' },
  },
];
