/**
 * configure()/open() with a Redis Cluster URL (`rediss://h1:p1,h2:p2,h3:p3`) against a real
 * three-master redis-server cluster that serves TLS only (`port 0`, `tls-cluster yes`): the client
 * is an ioredis `Redis.Cluster`, every node connection (seeds and the nodes the cluster announces
 * by IP address) uses the mode's TLS options, and the verify modes stay strict.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { configure, open } from '@dbtls/core';
import { redisEngine } from '@dbtls/engine-nosql/redis';
import { generateCertificates } from '../harness/certs.js';
import { findBinary, startProcess, stopAll, TMP, type RunningServer } from '../nosql-servers/nosql-servers.js';
import { withEnv, WEAKENING_ENV } from './configure-kit.js';

const REDIS = findBinary('redis-server');
const REDIS_CLI = findBinary('redis-cli');
// Cluster bus ports are these + 10000, so they must stay below 55536.
const PORTS = [43850, 43851, 43852];
const PASSWORD = 'cluster-s3cret-pw';
const certs = generateCertificates(`${TMP}/certs`);
/**
 * The nodes' certificate: signed by the test CA for localhost, usable as server and client
 * certificate (the cluster bus connects node to node with it; the shared server.pem is serverAuth only).
 */
function clusterCertificate(): { cert: string; key: string } {
  const cert = join(certs.dir, 'redis-cluster.pem');
  const key = join(certs.dir, 'redis-cluster.key');
  const ext = join(certs.dir, 'redis-cluster.ext');
  execFileSync('sh', ['-c', `printf 'subjectAltName=DNS:localhost\\nextendedKeyUsage=serverAuth,clientAuth\\n' > '${ext}' && openssl req -new -newkey rsa:2048 -nodes -keyout '${key}' -subj '/CN=localhost' -out '${cert}.csr' 2>/dev/null && openssl x509 -req -in '${cert}.csr' -CA '${certs.caCert}' -CAkey '${certs.caKey}' -CAcreateserial -days 30 -extfile '${ext}' -out '${cert}' 2>/dev/null`]);
  return { cert, key };
}

const skip = !REDIS || !REDIS_CLI ? 'redis-server and redis-cli are not installed (apt-get install -y redis-server)' : null;
if (skip) console.log(`Skipping the Redis Cluster configure() suite: ${skip}`);

const seeds = (host: string) => `rediss://:${PASSWORD}@${PORTS.map((p) => `${host}:${p}`).join(',')}`;

describe.skipIf(skip !== null)('configure()/open(): Redis Cluster over TLS (real three-master redis-server cluster)', () => {
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    const node = clusterCertificate();
    for (const port of PORTS) {
      const dir = join(TMP, `redis-cluster-${port}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      servers.push(await startProcess(`redis-cluster-${port}`, REDIS!, [
        '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no',
        '--tls-cert-file', node.cert, '--tls-key-file', node.key, '--tls-ca-cert-file', certs.caCert,
        '--tls-auth-clients', 'no', '--tls-cluster', 'yes', '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir, '--save', '', '--appendonly', 'no',
        '--requirepass', PASSWORD, '--masterauth', PASSWORD,
      ], [port]));
    }
    execFileSync(REDIS_CLI!, ['--tls', '--cacert', certs.caCert, '-a', PASSWORD, '--no-auth-warning', '--cluster', 'create', ...PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    // Wait until every node sees the cluster as ok.
    for (const port of PORTS) {
      for (let i = 0; ; i++) {
        const info = execFileSync(REDIS_CLI!, ['--tls', '--cacert', certs.caCert, '-p', String(port), '-a', PASSWORD, '--no-auth-warning', 'cluster', 'info'], { encoding: 'utf8', timeout: 5000 });
        if (info.includes('cluster_state:ok')) break;
        if (i > 100) throw new Error(`cluster did not become ok on ${port}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  afterAll(() => stopAll(servers));

  it('configure() reads the node list and builds Redis.Cluster arguments with TLS on every node', async () => {
    const cfg = await configure(redisEngine, { url: seeds('localhost'), mode: 'verify-identity', caFile: certs.caCert });
    expect(cfg.args[0]).toEqual(PORTS.map((port) => ({ host: 'localhost', port })));
    expect(cfg.options.redisOptions.tls.rejectUnauthorized).toBe(true);
    expect(cfg.notes.join(' ')).toMatch(/3 nodes/);
    expect(JSON.stringify(cfg)).not.toContain(PASSWORD);
  });

  it('open() in verify-identity gives a Redis.Cluster that runs 30 operations across all three masters', async () => {
    const opened = await open(redisEngine, { url: seeds('localhost'), mode: 'verify-identity', caFile: certs.caCert, timeoutMs: 10_000 });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    try {
      expect(opened.client).toBeInstanceOf(Cluster);
      expect(opened.report.encrypted).toBe(true);
      for (let i = 0; i < 30; i++) await opened.client.set(`key:${i}`, String(i));
      for (let i = 0; i < 30; i++) expect(await opened.client.get(`key:${i}`)).toBe(String(i));
      // The nodes the cluster announced by IP address were connected over TLS too (the servers have no plain port).
      const masters = opened.client.nodes('master');
      expect(masters.length).toBe(3);
      expect(masters.map((n: any) => n.options.host).sort()).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
      const used = await Promise.all(masters.map((n: any) => n.dbsize()));
      expect(used.filter((n: number) => n > 0).length).toBe(3);
    } finally {
      await opened.close();
    }
  });

  it('verify-identity refuses seeds whose name the certificate lacks (127.0.0.1; the certificate names localhost), with the environment trying to weaken it', async () => {
    const opened = await withEnv(WEAKENING_ENV, () => open(redisEngine, { url: seeds('127.0.0.1'), mode: 'verify-identity', caFile: certs.caCert, timeoutMs: 5000 }));
    expect(opened.ok).toBe(false);
    if (opened.ok) return void (await opened.close());
    expect(opened.diagnosis.cause, opened.diagnosis.message).toBe('hostname-mismatch');
  });

  it('verify-ca accepts the same seeds (chain only) and refuses an unrelated CA', async () => {
    const good = await open(redisEngine, { url: seeds('127.0.0.1'), mode: 'verify-ca', caFile: certs.caCert, timeoutMs: 10_000 });
    expect(good.ok).toBe(true);
    if (good.ok) {
      expect(await good.client.set('ca-check', '1')).toBe('OK');
      await good.close();
    }
    const bad = await withEnv(WEAKENING_ENV, () => open(redisEngine, { url: seeds('localhost'), mode: 'verify-ca', caFile: certs.ca2Cert, timeoutMs: 5000 }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnosis.cause, bad.diagnosis.message).toBe('certificate-untrusted');
    else await bad.close();
  });
});
