/**
 * `dbtls probe` against the real lab servers, every connection counted (and
 * every byte the client sent recorded) through a loopback proxy:
 * PostgreSQL 15 (no TLS, TLS optional, TLS required with a login, client
 * certificate, self-signed, expired), MariaDB (no TLS, TLS required with a
 * login), Redis (intermediate chain, incomplete chain, IP SAN, wildcard,
 * TLS 1.2 only with --min-tls 1.3, expiring soon, client certificate, plain
 * port), etcd and ClickHouse (TLS and plain). Ports: PostgreSQL 55520-55525
 * (+99 for initdb), MariaDB 33460-33464, Redis 64400-64409, etcd 23440-23443,
 * ClickHouse 18430-18433. All servers start in parallel.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, probe, type EngineDefinition, type ProbeFailure, type ProbeOptions, type ProbeResult } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { mariadb } from '@dbtls/engine-mysql';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { etcdEngine } from '@dbtls/engine-nosql/etcd';
import { clickhouseEngine } from '@dbtls/engine-nosql/clickhouse';
import { generateCertificates } from '../harness/certs.js';
import { generateChainCertificates } from '../harness/chain-certs.js';
import { CLI_BIN, ROOT, runCli } from '../harness/cli.js';
import { startCountingProxy, type CountingProxy } from '../harness/tcp-proxy.js';
import { PG_PASSWORD, PG_USER, postgresAvailable, startPostgresCluster, type PgCluster, type PgScenario } from '../harness/postgres-servers.js';
import { MARIADB_PASSWORD, MARIADB_USER, mariadbAvailable, startMariaDbCluster, type MariaDbCluster } from '../mysql/mariadb-servers.js';
import { clickhouseConfig, etcdArgs, findBinary, redisArgs, startProcess, stopAll, type RunningServer } from '../nosql-servers/nosql-servers.js';
import { existsSync } from 'node:fs';

const TMP = join(ROOT, 'tests', '.tmp', 'probe');
const certs = generateCertificates(join(TMP, 'certs'));
const chain = generateChainCertificates(join(TMP, 'chain-certs'));

const PG_BASE = 55520;
const PG: PgScenario[] = ['no-tls', 'tls-optional', 'tls-required', 'client-cert', 'self-signed', 'expired'];
const MARIA_BASE = 33460;
const R = { full: 64400, leafOnly: 64401, wildcard: 64402, tls12: 64403, soon: 64404, mtls: 64405, plain: 64406 };
const E = { tls: 23440, tlsPeer: 23441, plain: 23442, plainPeer: 23443 };
const C = { http: 18430, https: 18431, tcp: 18432 };
const CH_PASSWORD = 'probe-ch-pw';

const REDIS = findBinary('redis-server');
const ETCD = findBinary('etcd');
const CLICKHOUSE = findBinary('clickhouse-server');
const pgMissing = postgresAvailable();
const mariaMissing = mariadbAvailable();

let pg: PgCluster | undefined;
let maria: MariaDbCluster | undefined;
const servers: RunningServer[] = [];
const proxies: CountingProxy[] = [];
const problems: string[] = [];

async function proxyTo(port: number): Promise<CountingProxy> {
  const proxy = await startCountingProxy(port);
  proxies.push(proxy);
  return proxy;
}

/** Probes through a fresh counting proxy; returns the result and what the proxy saw. */
async function probeVia(engine: EngineDefinition, port: number, url: (p: number) => string, options: Omit<ProbeOptions, 'url'> = {}): Promise<{ result: ProbeResult | ProbeFailure; proxy: CountingProxy }> {
  const proxy = await proxyTo(port);
  const result = await probe(engine, { url: url(proxy.port), timeoutMs: 5000, ...options });
  return { result, proxy };
}

const ok = (r: ProbeResult | ProbeFailure): ProbeResult => {
  if (!r.ok) throw new Error(`probe failed: ${r.diagnosis.cause}: ${r.diagnosis.original.message}`);
  return r;
};

/** True when no plain-text byte the client sent contains the text (user names, passwords). */
const neverSent = (proxy: CountingProxy, text: string) => proxy.received.every((b) => !b.includes(Buffer.from(text)));

beforeAll(async () => {
  const jobs: Promise<unknown>[] = [];
  if (!pgMissing) jobs.push(Promise.resolve().then(() => (pg = startPostgresCluster(certs, PG_BASE, PG))));
  if (!mariaMissing) jobs.push(startMariaDbCluster(certs, join(TMP, 'mariadb'), MARIA_BASE, ['no-tls', 'tls-optional', 'tls-required']).then((c) => (maria = c)));
  if (REDIS) {
    const redis = (name: string, tlsPort: number, cert: string, key: string, extra: string[] = [], authClients = false) =>
      startProcess(name, REDIS, [...redisArgs({ tlsPort, cert, key, ca: certs.caCert, authClients }), ...extra], [tlsPort]).then((s) => servers.push(s));
    jobs.push(
      redis('probe-redis-full', R.full, chain.leafFullChain, chain.leafKey),
      redis('probe-redis-leaf-only', R.leafOnly, chain.leafCert, chain.leafKey),
      redis('probe-redis-wildcard', R.wildcard, chain.wildcardFullChain, chain.wildcardKey),
      redis('probe-redis-tls12', R.tls12, chain.leafFullChain, chain.leafKey, ['--tls-protocols', 'TLSv1.2']),
      redis('probe-redis-soon', R.soon, chain.soonFullChain, chain.soonKey),
      redis('probe-redis-mtls', R.mtls, certs.serverCert, certs.serverKey, ['--tls-protocols', 'TLSv1.3'], true),
      startProcess('probe-redis-plain', REDIS, redisArgs({ port: R.plain }), [R.plain]).then((s) => servers.push(s)),
    );
  }
  if (ETCD) {
    jobs.push(
      startProcess('probe-etcd-tls', ETCD, etcdArgs('probe-etcd-tls', { port: E.tls, peerPort: E.tlsPeer, cert: certs.serverCert, key: certs.serverKey }), [E.tls]).then((s) => servers.push(s)),
      startProcess('probe-etcd-plain', ETCD, etcdArgs('probe-etcd-plain', { port: E.plain, peerPort: E.plainPeer }), [E.plain]).then((s) => servers.push(s)),
    );
  }
  if (CLICKHOUSE) {
    const dir = clickhouseConfig('probe-clickhouse', { httpPort: C.http, httpsPort: C.https, tcpPort: C.tcp, cert: certs.serverCert, key: certs.serverKey, password: CH_PASSWORD });
    jobs.push(startProcess('probe-clickhouse', CLICKHOUSE, [`--config-file=${dir}/config.xml`], [C.http, C.https], { cwd: dir, readyMs: 60_000 }).then((s) => servers.push(s)));
  }
  const settled = await Promise.allSettled(jobs);
  for (const s of settled) if (s.status === 'rejected') problems.push(String((s.reason as Error)?.message ?? s.reason));
  if (problems.length) throw new Error(`servers did not start:\n${problems.join('\n')}`);
}, 170_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await stopAll(servers);
  await maria?.stop();
  pg?.stop();
}, 60_000);

const pgPort = (s: PgScenario) => PG_BASE + PG.indexOf(s);
const pgUrl = (withLogin: boolean) => (port: number) => (withLogin ? `postgres://${PG_USER}:${encodeURIComponent(PG_PASSWORD)}@localhost:${port}/${PG_USER}` : `postgres://localhost:${port}/db`);

describe.skipIf(pgMissing)(`probe: PostgreSQL 15${pgMissing ? ` — SKIPPED: ${pgMissing}` : ''}`, () => {
  it('no TLS: "N" to the SSLRequest, plain accepted, preferred recommended, one connection, no login without TLS', async () => {
    const { result, proxy } = await probeVia(postgresEngine, pgPort('no-tls'), pgUrl(true));
    const r = ok(result);
    expect(r).toMatchObject({ offersTls: 'no', requiresTls: 'no', recommendedMode: 'preferred', tls: null, certificates: [] });
    expect(r.login).toMatchObject({ attempted: false });
    expect(proxy.connections).toBe(1);
    expect(r.connections).toBe(1);
    expect(neverSent(proxy, PG_USER)).toBe(true);
    expect(neverSent(proxy, PG_PASSWORD)).toBe(true);
  });

  it('TLS optional, no credentials: verify-identity with the CA file; two connections (SSLRequest, direct TLS); no user name sent', async () => {
    const { result, proxy } = await probeVia(postgresEngine, pgPort('tls-optional'), pgUrl(false), { caFile: certs.caCert });
    const r = ok(result);
    expect(r).toMatchObject({ offersTls: 'yes', requiresTls: 'unknown', recommendedMode: 'verify-identity', method: 'SSLRequest' });
    expect(r.recommendation.flags).toEqual(['--ssl-mode', 'verify-identity', '--ca', certs.caCert]);
    expect(r.recommendation.urlParameters).toMatchObject({ sslmode: 'verify-full' });
    expect(r.tls?.protocol).toBe('TLSv1.3');
    expect(r.certificates[0]).toMatchObject({ subject: 'CN=localhost', key: { type: 'ec', bits: 256 }, signatureAlgorithm: 'ecdsa-with-SHA256' });
    expect(r.trust.find((t) => t.source === 'ca-file')?.chainValid).toBe(true);
    expect(r.trust.find((t) => t.source === 'node')?.chainValid).toBe(false);
    expect(r.notes.join(' ')).toMatch(/Direct TLS \(sslnegotiation=direct\) is not accepted/);
    expect(proxy.connections).toBe(2);
    expect(r.connections).toBe(2);
    // The only plain-text bytes of the first connection are the 8-byte SSLRequest.
    expect(proxy.received[0]!.subarray(0, 8).toString('hex')).toBe('0000000804d2162f');
    expect(neverSent(proxy, 'db')).toBe(true);
  });

  it('TLS optional without a CA: required (no trust source validates), reasons per source', async () => {
    const r = ok((await probeVia(postgresEngine, pgPort('tls-optional'), pgUrl(false))).result);
    expect(r.recommendedMode).toBe('required');
    expect(r.verdicts['verify-ca'].passes).toBe(false);
    expect(r.recommendation.reason).toMatch(/node: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('TLS required with credentials: one handshake and one confirming login at verify-identity (two connections)', async () => {
    const { result, proxy } = await probeVia(postgresEngine, pgPort('tls-required'), pgUrl(true), { caFile: certs.caCert });
    const r = ok(result);
    expect(r.recommendedMode).toBe('verify-identity');
    expect(r.login).toMatchObject({ attempted: true, mode: 'verify-identity', ok: true });
    expect(proxy.connections).toBe(2);
    expect(neverSent(proxy, PG_PASSWORD)).toBe(true);
  });

  it('client certificate required (pg_hba clientcert): the login says so', async () => {
    const r = ok((await probeVia(postgresEngine, pgPort('client-cert'), pgUrl(true), { caFile: certs.caCert })).result);
    expect(r.recommendedMode).toBe('verify-identity');
    expect(r.login).toMatchObject({ attempted: true, ok: false });
    expect(r.login.attempted && r.login.diagnosis?.cause).toBe('client-certificate-required');
  });

  it('self-signed and expired: required, with the reason and the expiry flagged', async () => {
    const self = ok((await probeVia(postgresEngine, pgPort('self-signed'), pgUrl(false), { caFile: certs.caCert })).result);
    expect(self.recommendedMode).toBe('required');
    expect(self.certificates[0]?.selfSigned).toBe(true);
    expect(self.trust.find((t) => t.source === 'ca-file')?.error).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    const expired = ok((await probeVia(postgresEngine, pgPort('expired'), pgUrl(false), { caFile: certs.caCert })).result);
    expect(expired.recommendedMode).toBe('required');
    expect(expired.certificates[0]?.expired).toBe(true);
    expect(expired.trust.find((t) => t.source === 'ca-file')?.error).toBe('CERT_HAS_EXPIRED');
    expect(expired.warnings.join(' ')).toMatch(/expired on 2021-01-01/);
  });

  it.skipIf(!existsSync(CLI_BIN))('CLI: --json prints one JSON object with the documented keys, and nothing else when piped', async () => {
    const proxy = await proxyTo(pgPort('tls-optional'));
    const run = await runCli(['probe', `postgres://localhost:${proxy.port}/db`, '--ca', certs.caCert, '--json']);
    expect(run.code).toBe(0);
    for (const key of ['offersTls', 'requiresTls', 'recommendedMode', 'connections', 'tls', 'certificates', 'hosted']) expect(run.json).toHaveProperty(key);
    expect(run.json.connections).toBe(proxy.connections);
    expect(run.stderr).toBe('');
    const human = await runCli(['probe', `postgres://localhost:${proxy.port}/db`, '--ca', certs.caCert]);
    expect(human.stdout).toMatch(/Recommended: verify-identity/);
    expect(human.stdout).toMatch(/Try +dbtls connect postgres:\/\/localhost:\d+\/db --ssl-mode verify-identity --ca /);
    expect(human.stderr).toBe('');
  });
});

describe.skipIf(mariaMissing)(`probe: MariaDB${mariaMissing ? ` — SKIPPED: ${mariaMissing}` : ''}`, () => {
  const url = (withLogin: boolean) => (port: number) => (withLogin ? `mariadb://${MARIADB_USER}:${encodeURIComponent(MARIADB_PASSWORD)}@localhost:${port}/` : `mariadb://localhost:${port}/`);
  it('no TLS: greeting without CLIENT_SSL, plain accepted, preferred, one connection', async () => {
    const { result, proxy } = await probeVia(mariadb, MARIA_BASE, url(true));
    const r = ok(result);
    expect(r).toMatchObject({ offersTls: 'no', requiresTls: 'no', recommendedMode: 'preferred' });
    expect(r.serverVersion).toMatch(/MariaDB/);
    expect(proxy.connections).toBe(1);
    expect(proxy.received[0]!.length).toBe(0);
  });

  it('TLS required with credentials: CLIENT_SSL + SSLRequest, then a confirming login; no user name before TLS', async () => {
    const { result, proxy } = await probeVia(mariadb, MARIA_BASE + 2, url(true), { caFile: certs.caCert });
    const r = ok(result);
    expect(r).toMatchObject({ offersTls: 'yes', method: 'greeting CLIENT_SSL + SSLRequest', recommendedMode: 'verify-identity' });
    expect(r.login).toMatchObject({ attempted: true, ok: true });
    expect(proxy.connections).toBe(2);
    // First connection: 36 plain bytes (the SSLRequest), then TLS records only.
    expect(proxy.received[0]!.subarray(0, 4).toString('hex')).toBe('20000001');
    expect(proxy.received[0]![36]).toBe(0x16);
    expect(neverSent(proxy, MARIADB_USER)).toBe(true);
  });
});

describe.skipIf(!REDIS)(`probe: Redis (chain scenarios)${REDIS ? '' : ' — SKIPPED: redis-server is not installed'}`, () => {
  const url = (port: number) => `redis://localhost:${port}`;
  it('intermediate chain: both certificates presented, verify-identity against the root', async () => {
    const { result, proxy } = await probeVia(redisEngine, R.full, url, { caFile: chain.rootCert });
    const r = ok(result);
    expect(r.certificates.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=dbtls Chain Intermediate']);
    expect(r.recommendedMode).toBe('verify-identity');
    expect(r.trust.find((t) => t.source === 'ca-file')).toMatchObject({ chainValid: true, incompleteChain: false });
    expect(proxy.connections).toBe(1);
  });

  it('incomplete chain: fails against the root, validates only with the intermediate in the CA file, with a warning', async () => {
    const root = ok((await probeVia(redisEngine, R.leafOnly, url, { caFile: chain.rootCert })).result);
    expect(root.certificates).toHaveLength(1);
    expect(root.recommendedMode).toBe('required');
    const bundle = ok((await probeVia(redisEngine, R.leafOnly, url, { caFile: chain.bundleCert })).result);
    expect(bundle.recommendedMode).toBe('verify-identity');
    expect(bundle.warnings.join(' ')).toMatch(/incomplete chain/);
  });

  it('IP SAN: verify-identity at 127.0.0.1', async () => {
    const r = ok((await probeVia(redisEngine, R.full, (p) => `redis://127.0.0.1:${p}`, { caFile: chain.rootCert })).result);
    expect(r.hostname).toMatchObject({ name: '127.0.0.1', matches: true });
    expect(r.recommendedMode).toBe('verify-identity');
  });

  it('wildcard: verify-identity with a name under the wildcard, verify-ca for localhost', async () => {
    const named = ok((await probeVia(redisEngine, R.wildcard, (p) => `redis://127.0.0.1:${p}`, { caFile: chain.rootCert, servername: 'eu.db.localhost' })).result);
    expect(named.recommendedMode).toBe('verify-identity');
    expect(named.recommendation.flags).toContain('--servername');
    const local = ok((await probeVia(redisEngine, R.wildcard, url, { caFile: chain.rootCert })).result);
    expect(local.recommendedMode).toBe('verify-ca');
    expect(local.recommendation.reason).toMatch(/DNS:\*\.db\.localhost/);
  });

  it('TLS 1.2 only: probe reports TLSv1.2; connect with --min-tls 1.3 names both sides', async () => {
    const r = ok((await probeVia(redisEngine, R.tls12, url, { caFile: chain.rootCert })).result);
    expect(r.tls?.protocol).toBe('TLSv1.2');
    const failed = await connect(redisEngine, { url: url(R.tls12), mode: 'required', minTlsVersion: 'TLSv1.3', timeoutMs: 5000 });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.diagnosis.cause).toBe('tls-handshake-failed');
      expect(failed.diagnosis.detail).toMatch(/TLSv1\.3.*older than TLSv1\.3/);
    }
  });

  it('expiring soon: a warning under the default 30 days, none with --warn-days 5', async () => {
    const soon = ok((await probeVia(redisEngine, R.soon, url, { caFile: chain.rootCert })).result);
    expect(soon.warnings.join(' ')).toMatch(/expires in (9|10) days/);
    const quiet = ok((await probeVia(redisEngine, R.soon, url, { caFile: chain.rootCert, warnDays: 5 })).result);
    expect(quiet.warnings.join(' ')).not.toMatch(/expires in/);
  });

  it('client certificate required (TLS 1.3 alert after the handshake)', async () => {
    const r = ok((await probeVia(redisEngine, R.mtls, url, { caFile: certs.caCert })).result);
    expect(r.clientCertificateRequired).toBe(true);
    expect(r.recommendation.reason).toMatch(/client certificate/);
  });

  it('a plain port: no TLS on this port; disabled is the only mode that connects', async () => {
    const { result, proxy } = await probeVia(redisEngine, R.plain, url, { timeoutMs: 3000 });
    const r = ok(result);
    expect(r.offersTls).toBe('no');
    expect(r.recommendedMode).toBe('disabled');
    expect(proxy.connections).toBe(1);
  });
});

describe.skipIf(!ETCD)(`probe: etcd${ETCD ? '' : ' — SKIPPED: etcd is not installed'}`, () => {
  it('TLS port: verify-identity with the CA; plain port: no TLS', async () => {
    const tls = ok((await probeVia(etcdEngine, E.tls, (p) => `etcd://localhost:${p}`, { caFile: certs.caCert })).result);
    expect(tls).toMatchObject({ offersTls: 'yes', recommendedMode: 'verify-identity' });
    const plain = ok((await probeVia(etcdEngine, E.plain, (p) => `etcd://localhost:${p}`, { timeoutMs: 3000 })).result);
    expect(plain.offersTls).toBe('no');
  });
});

describe.skipIf(!CLICKHOUSE)(`probe: ClickHouse${CLICKHOUSE ? '' : ' — SKIPPED: clickhouse-server is not installed'}`, () => {
  it('HTTPS port with credentials: verify-identity confirmed by a login; HTTP port: no TLS (it waits for an HTTP request)', async () => {
    const { result, proxy } = await probeVia(clickhouseEngine, C.https, (p) => `clickhouse://lab:${CH_PASSWORD}@localhost:${p}`, { caFile: certs.caCert });
    const r = ok(result);
    expect(r).toMatchObject({ offersTls: 'yes', recommendedMode: 'verify-identity' });
    expect(r.login).toMatchObject({ attempted: true, ok: true });
    expect(proxy.connections).toBeLessThanOrEqual(2);
    const plain = ok((await probeVia(clickhouseEngine, C.http, (p) => `clickhouse://localhost:${p}`, { timeoutMs: 2000 })).result);
    expect(plain).toMatchObject({ offersTls: 'no', recommendedMode: 'disabled' });
    // ClickHouse's HTTP port either waits for a request or answers the ClientHello bytes with a plain
    // HTTP error; both are a definite "this port speaks plain text" (seen both ways in CI runs).
    expect(plain.evidence.join(' ')).toMatch(/never answered the TLS ClientHello|answered the TLS ClientHello in plain text/);
  });
});
