import { describe, expect, it } from 'vitest';
import { HOSTED_SERVICES } from './hosted-services-table.js';
import { hostedAdviceFor, hostedModeWarnings, hostPatternRegExp, matchHostedService } from './hosted-services.js';

/** [host, engine, port, expected service id or undefined]. */
const CASES: [string, string, number, string | undefined][] = [
  ['mydb.c9akciq32.eu-west-1.rds.amazonaws.com', 'postgres', 5432, 'aws-rds'],
  ['aurora.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com', 'mysql', 3306, 'aws-rds'],
  ['maria.c9akciq32.cn-north-1.rds.amazonaws.com.cn', 'mariadb', 3306, 'aws-rds'],
  ['app-proxy.proxy-c9akciq32.eu-west-1.rds.amazonaws.com', 'postgres', 5432, 'aws-rds-proxy'],
  ['analytics.abc123xyz.us-east-1.redshift.amazonaws.com', 'redshift', 5439, 'aws-redshift'],
  ['default-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com', 'postgres', 5439, 'aws-redshift'],
  ['1a2b3c4d5e6f.europe-west1.sql.goog', 'postgres', 5432, 'gcp-cloud-sql'],
  ['myserver.database.windows.net', 'mssql', 1433, 'azure-sql'],
  ['mi-1.abc123.database.windows.net', 'mssql', 1433, 'azure-sql'],
  ['pg-prod.postgres.database.azure.com', 'postgres', 5432, 'azure-postgres'],
  ['my-prod.mysql.database.azure.com', 'mysql', 3306, 'azure-mysql'],
  ['ec2-54-221-1-2.compute-1.amazonaws.com', 'postgres', 5432, 'heroku-postgres'],
  ['ec2-3-248-1-2.eu-west-1.compute.amazonaws.com', 'postgres', 5432, 'heroku-postgres'],
  ['db.abcdefghijklmnop.supabase.co', 'postgres', 5432, 'supabase'],
  ['aws-0-eu-central-1.pooler.supabase.com', 'postgres', 6543, 'supabase'],
  ['ep-cool-darkness-123456.us-east-2.aws.neon.tech', 'postgres', 5432, 'neon'],
  ['ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech', 'postgres', 5432, 'neon'],
  ['aws.connect.psdb.cloud', 'mysql', 3306, 'planetscale'],
  ['cluster0.ab1cd.mongodb.net', 'mongodb', 27017, 'mongodb-atlas'],
  ['redis-12345.c1.us-east-1-2.ec2.redns.redis-cloud.com', 'redis', 12345, 'redis-cloud'],
  ['redis-12345.c8.us-east-1-4.ec2.cloud.redislabs.com', 'redis', 12345, 'redis-cloud'],
  ['eu1-sharp-cat-12345.upstash.io', 'redis', 6379, 'upstash-redis'],
  ['master.my-cache.abc123.use1.cache.amazonaws.com', 'redis', 6379, 'aws-elasticache'],
  ['clustercfg.my-memdb.abc123.memorydb.us-east-1.amazonaws.com', 'redis', 6379, 'aws-elasticache'],
  ['0123abcd-us-east1.db.astra.datastax.com', 'cassandra', 29042, 'datastax-astra'],
  ['adb.eu-frankfurt-1.oraclecloud.com', 'oracle', 1522, 'oracle-autonomous'],
  ['abc123.us-east-1.aws.clickhouse.cloud', 'clickhouse', 8443, 'clickhouse-cloud'],
  // Look-alikes and near misses that must not match.
  ['rds.amazonaws.com', 'postgres', 5432, undefined],
  ['mydb.rds.amazonaws.com.evil.example', 'postgres', 5432, undefined],
  ['mydbrds.amazonaws.com', 'postgres', 5432, undefined],
  ['neon.tech', 'postgres', 5432, undefined],
  ['ep-x.neon.tech.attacker.io', 'postgres', 5432, undefined],
  ['myneon.tech', 'postgres', 5432, undefined],
  ['foo.supabase.co', 'postgres', 5432, undefined],
  ['db.x.supabase.co.example.org', 'postgres', 5432, undefined],
  ['mongodb.net', 'mongodb', 27017, undefined],
  ['cluster0.mongodb.net.example.com', 'mongodb', 27017, undefined],
  ['upstash.io', 'redis', 6379, undefined],
  ['a.b.upstash.io', 'redis', 6379, undefined],
  ['clickhouse.cloud', 'clickhouse', 8443, undefined],
  ['x.database.windows.net.example', 'mssql', 1433, undefined],
  ['ec2-54-221-1-2.compute-1.amazonaws.com', 'postgres', 6379, undefined],
  ['cluster0.ab1cd.mongodb.net', 'postgres', 5432, undefined],
  ['54.221.1.2', 'postgres', 5432, undefined],
  ['localhost', 'postgres', 5432, undefined],
];

describe('matchHostedService', () => {
  it.each(CASES)('%s (%s:%d) → %s', (host, engine, port, expected) => {
    expect(matchHostedService(host, { engine, port })?.id).toBe(expected);
  });

  it('matches case-insensitively and ignores a trailing dot', () => {
    expect(matchHostedService('EP-Cool-1.US-EAST-2.AWS.NEON.TECH.', { engine: 'postgres' })?.id).toBe('neon');
  });

  it('every table entry has a source page, an engine and a host matched by its own example', () => {
    for (const entry of HOSTED_SERVICES) {
      expect(entry.source.url).toMatch(/^https:\/\//);
      expect(entry.engines.length).toBeGreaterThan(0);
      expect(CASES.some(([, , , id]) => id === entry.id), `no test host for ${entry.id}`).toBe(true);
    }
  });

  it('compiles patterns label by label', () => {
    expect(hostPatternRegExp('ep-*.**.neon.tech').test('ep-a.b.c.neon.tech')).toBe(true);
    expect(hostPatternRegExp('*.upstash.io').test('.upstash.io')).toBe(false);
  });
});

describe('hostedModeWarnings', () => {
  const neon = hostedAdviceFor('ep-x-1.us-east-2.aws.neon.tech', { engine: 'postgres' })!;
  const rds = hostedAdviceFor('db.abc.eu-west-1.rds.amazonaws.com', { engine: 'postgres' })!;
  const cloudSql = hostedAdviceFor('abc.europe-west1.sql.goog', { engine: 'postgres' })!;

  it('warns about disabled on a service that requires TLS', () => {
    expect(hostedModeWarnings(neon, 'disabled')[0]).toMatch(/Neon requires TLS: a "disabled" connection will be refused\. Use "verify-identity"/);
  });

  it('warns about required where public roots or a bundle can verify', () => {
    expect(hostedModeWarnings(neon, 'required')[0]).toMatch(/system trust store/);
    expect(hostedModeWarnings(rds, 'preferred')[0]).toMatch(/global-bundle\.pem/);
    expect(hostedModeWarnings(neon, 'verify-identity')).toEqual([]);
  });

  it('warns when verify-identity cannot pass the name check', () => {
    expect(hostedModeWarnings(cloudSql, 'verify-identity')[0]).toMatch(/likely to fail.*no SAN for the IP/);
    expect(hostedModeWarnings(cloudSql, 'verify-ca')).toEqual([]);
  });
});
