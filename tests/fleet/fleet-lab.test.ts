/**
 * `dbtls check` and `dbtls exporter` against real lab servers: PostgreSQL
 * (no TLS, TLS optional, expired certificate) and Redis (a TLS port and a
 * plain port of one server, with a password). Ports: PostgreSQL 55900-55999,
 * Redis 63910-63911. The CLI runs as a user would; the exporter is scraped
 * over HTTP and the metric values are compared with the certificates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificates } from '../harness/certs.js';
import { CLI_BIN, ROOT, runCli } from '../harness/cli.js';
import { PG_PASSWORD, PG_USER, postgresAvailable, startPostgresCluster, type PgCluster } from '../harness/postgres-servers.js';
import { findBinary, redisArgs, startProcess, stopAll, type RunningServer } from '../nosql-servers/nosql-servers.js';

const PG_BASE = 55900;
const REDIS_PLAIN = 63910;
const REDIS_TLS = 63911;
const REDIS_PASSWORD = 'fleet-redis-s3cret';
const TMP = join(ROOT, 'tests', '.tmp', 'fleet');
const certs = generateCertificates(join(TMP, 'certs'));
const REDIS = findBinary('redis-server');
const skip = postgresAvailable() ?? (REDIS ? null : 'redis-server is not installed (apt-get install -y redis-server)');

const ENV = { LAB_PG_PASSWORD: PG_PASSWORD, LAB_REDIS_PASSWORD: REDIS_PASSWORD, LAB_PG_OPTIONAL_URL: `postgres://${PG_USER}:${PG_PASSWORD}@localhost:${PG_BASE + 1}/${PG_USER}?sslmode=verify-full` };
const SECRETS = [PG_PASSWORD, REDIS_PASSWORD, encodeURIComponent(PG_PASSWORD)];
const pg = (port: number, query = '') => `postgres://${PG_USER}:\${LAB_PG_PASSWORD}@localhost:${port}/${PG_USER}${query}`;
const TARGETS = `# written by tests/fleet/fleet-lab.test.ts
defaults:
  ca: certs/ca.pem
  timeoutMs: 4000
targets:
  - name: pg-verified
    url: ${pg(PG_BASE + 1)}
    mode: verify-identity
  - name: pg-from-env
    urlEnv: LAB_PG_OPTIONAL_URL
  - name: pg-url-weak
    url: ${pg(PG_BASE + 1)}
    mode: verify-ca
  - name: pg-fallback
    url: ${pg(PG_BASE, '?sslmode=prefer')}
  - name: pg-expired-required
    url: ${pg(PG_BASE + 2)}
    mode: required
  - name: pg-expired-verify
    url: ${pg(PG_BASE + 2)}
    mode: verify-ca
  - name: redis-tls
    url: redis://:\${LAB_REDIS_PASSWORD}@localhost:${REDIS_TLS}
    mode: verify-identity
  - name: redis-plain-port
    url: redis://:\${LAB_REDIS_PASSWORD}@localhost:${REDIS_PLAIN}
    mode: required
    timeoutMs: 1500
`;
const serverNotAfter = new X509Certificate(readFileSync(certs.serverCert)).validTo;
const expiredNotAfter = new X509Certificate(readFileSync(certs.expiredCert)).validTo;
const serverDaysLeft = Math.floor((Date.parse(serverNotAfter) - Date.now()) / 86_400_000);

let cluster: PgCluster | undefined;
const servers: RunningServer[] = [];
const byName = (json: any) => Object.fromEntries(json.results.map((r: any) => [r.name, r]));
const noSecrets = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s);
};

describe.skipIf(skip)(`dbtls check and dbtls exporter against real PostgreSQL and Redis${skip ? ` — SKIPPED: ${skip}` : ''}`, () => {
  beforeAll(async () => {
    rmSync(join(TMP, 'work'), { recursive: true, force: true });
    mkdirSync(join(TMP, 'work'), { recursive: true });
    writeFileSync(join(TMP, 'dbtls.targets.yaml'), TARGETS);
    cluster = startPostgresCluster(certs, PG_BASE, ['no-tls', 'tls-optional', 'expired']);
    servers.push(await startProcess('fleet-redis', REDIS!, redisArgs({ port: REDIS_PLAIN, tlsPort: REDIS_TLS, cert: certs.serverCert, key: certs.serverKey, ca: certs.caCert, password: REDIS_PASSWORD }), [REDIS_PLAIN, REDIS_TLS]));
  });
  afterAll(async () => {
    await stopAll(servers);
    cluster?.stop();
  });

  describe('dbtls check', () => {
    it('applies --no-fallback and --fail-days, reports every column, writes JUnit, and exits 1', async () => {
      const r = await runCli(['check', '--config', 'dbtls.targets.yaml', '--no-fallback', '--fail-days', '0', '--json', '--junit', 'work/junit.xml', '--concurrency', '4'], { cwd: TMP, env: ENV });
      expect(r.code).toBe(1);
      noSecrets(r.stdout + r.stderr);
      const t = byName(r.json);
      expect(r.json.summary).toMatchObject({ total: 8, concurrency: 4 });
      expect(t['pg-verified']).toMatchObject({ status: 'pass', engine: 'postgres', connected: true, encrypted: true, fellBack: false, mode: { effective: 'verify-identity', url: 'preferred' } });
      expect(t['pg-verified'].tls.version).toMatch(/^TLSv1\.[23]$/);
      expect(t['pg-verified'].certificate.notAfter).toBe(new Date(serverNotAfter).toISOString());
      expect(t['pg-verified'].certificate.daysLeft).toBe(serverDaysLeft);
      expect(t['pg-verified'].url).toBe(`postgres://${PG_USER}:***@localhost:${PG_BASE + 1}/${PG_USER}`);
      expect(t['pg-from-env']).toMatchObject({ status: 'pass', mode: { effective: 'verify-identity', url: 'verify-identity' } });
      expect(t['pg-url-weak']).toMatchObject({ status: 'pass', mode: { effective: 'verify-ca', url: 'preferred' } });
      expect(t['pg-fallback']).toMatchObject({ status: 'fail', cause: 'fell-back', connected: true, encrypted: false, fellBack: true, tls: null });
      expect(t['pg-expired-required']).toMatchObject({ status: 'fail', cause: 'certificate-expiring', connected: true, encrypted: true });
      expect(t['pg-expired-required'].certificate.notAfter).toBe(new Date(expiredNotAfter).toISOString());
      expect(t['pg-expired-required'].certificate.daysLeft).toBeLessThan(0);
      expect(t['pg-expired-verify']).toMatchObject({ status: 'fail', cause: 'certificate-expired', connected: false });
      expect(t['redis-tls']).toMatchObject({ status: 'pass', engine: 'redis', encrypted: true, mode: { effective: 'verify-identity' } });
      expect(t['redis-tls'].certificate.daysLeft).toBe(serverDaysLeft);
      expect(t['redis-plain-port']).toMatchObject({ status: 'fail', connected: false, engine: 'redis' });
      expect(['server-lacks-tls', 'timeout']).toContain(t['redis-plain-port'].cause);
      expect(r.json.summary).toMatchObject({ passed: 4, failed: 4, warned: 0 });

      const junit = readFileSync(join(TMP, 'work', 'junit.xml'), 'utf8');
      noSecrets(junit);
      expect(junit).toMatch(/<testsuites name="dbtls check" tests="8" failures="4"/);
      expect(junit).toContain('<testcase classname="dbtls.postgres" name="pg-fallback"');
      expect(junit).toMatch(/<failure type="fell-back" /);
      expect(junit).toMatch(/<failure type="certificate-expired" /);
      expect(junit.match(/<failure /g)).toHaveLength(4);
    });

    it('--min-mode fails a weak effective mode and a URL whose own reading is weaker; the table says why', async () => {
      const r = await runCli(['check', '--config', 'dbtls.targets.yaml', '--min-mode', 'verify-ca'], { cwd: TMP, env: ENV });
      writeFileSync(join(TMP, 'work', 'check-min-mode.txt'), r.stdout); // for docs/check.md (tests/.tmp is not tracked)
      expect(r.code).toBe(1);
      noSecrets(r.stdout + r.stderr);
      const line = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
      expect(line('pg-url-weak')).toMatch(/FAIL +verify-ca \(URL: preferred\) .* url-mode-below-minimum +verify-ca$/);
      expect(line('pg-fallback')).toMatch(/FAIL +preferred +none +- +yes +mode-below-minimum +verify-ca$/);
      expect(line('pg-from-env')).toMatch(/^pg-from-env +postgres +pass +verify-identity +TLSv1\.[23] +\d+ +no/);
      expect(line('pg-expired-verify')).toMatch(/FAIL .* certificate-expired/);
      expect(r.stdout).toMatch(/^target +engine +result +mode +TLS +cert days +fell back +cause +recommended$/m);
      expect(r.stdout).toMatch(/✖ pg-url-weak: The URL on its own reads as "preferred"/);
      // A URL without sslmode reads as libpq's default "prefer", a redis:// URL as plain text.
      expect(line('pg-verified')).toMatch(/FAIL +verify-identity \(URL: preferred\) .* url-mode-below-minimum/);
      expect(line('redis-tls')).toMatch(/FAIL +verify-identity \(URL: disabled\) .* url-mode-below-minimum/);
      expect(r.stdout).toMatch(/8 targets: 1 passed, 0 warned, 7 failed/);
    });

    it('exits 0 when every target passes; a certificate warning passes', async () => {
      const r = await runCli(['check', '--config', 'dbtls.targets.yaml', '--min-mode', 'verify-identity', '--warn-days', '3650', '--json'], { cwd: TMP, env: ENV });
      // Only pg-from-env meets verify-identity both ways (the others' URLs read weaker); check it by URL too.
      const only = await runCli(['check', ENV.LAB_PG_OPTIONAL_URL, '--ca', certs.caCert, '--min-mode', 'verify-identity', '--warn-days', '3650', '--json'], { cwd: TMP, env: ENV });
      expect(only.code).toBe(0);
      noSecrets(only.stdout + only.stderr);
      expect(only.json.results).toHaveLength(1);
      expect(only.json.results[0]).toMatchObject({ name: `localhost:${PG_BASE + 1}`, status: 'warn', cause: 'certificate-expiring', recommendedMode: null });
      expect(byName(r.json)['pg-from-env']).toMatchObject({ status: 'warn', cause: 'certificate-expiring' });
      expect(byName(r.json)['pg-from-env'].problems[0].message).toBe(`The server certificate expires in ${serverDaysLeft} days (warn under 3650 days).`);
      expect(r.code).toBe(1);
    });

    it('bad config exits 2 naming the target and the field; a password in clear is refused', async () => {
      writeFileSync(join(TMP, 'work', 'typo.yaml'), `targets:\n  - name: orders\n    url: ${pg(PG_BASE + 1)}\n    sslmode: require\n`);
      const typo = await runCli(['check', '--config', 'work/typo.yaml'], { cwd: TMP, env: ENV });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toMatch(/work\/typo\.yaml: target "orders" \(targets\[0\]\): unknown key "sslmode"/);
      const unset = await runCli(['check', '--config', 'dbtls.targets.yaml', '--json'], { cwd: TMP, env: { LAB_PG_PASSWORD: undefined } });
      expect(unset.code).toBe(2);
      expect(unset.json.error.message).toMatch(/target "pg-verified" \(targets\[0\]\), field "url": the environment variable LAB_PG_PASSWORD is not set/);
      writeFileSync(join(TMP, 'work', 'literal.yaml'), `targets:\n  - name: legacy\n    url: postgres://${PG_USER}:${PG_PASSWORD}@localhost:${PG_BASE + 1}/${PG_USER}\n    mode: verify-identity\n    ca: ../certs/ca.pem\n`);
      const literal = await runCli(['check', '--config', 'work/literal.yaml'], { cwd: TMP });
      expect(literal.code).toBe(2);
      expect(literal.stderr).toMatch(/target "legacy" \(targets\[0\]\), field "url": the URL holds a password in clear text/);
      const accepted = await runCli(['check', '--config', 'work/literal.yaml', '--allow-literal-passwords'], { cwd: TMP });
      expect(accepted.code).toBe(0);
      expect(accepted.stderr).toMatch(/accepted with --allow-literal-passwords/);
      noSecrets(typo.stderr + unset.stdout + literal.stderr + accepted.stdout + accepted.stderr);
    });
  });

  describe('dbtls exporter', () => {
    let child: ChildProcess;
    let base = '';
    let stderr = '';
    beforeAll(async () => {
      child = spawn(process.execPath, [CLI_BIN, 'exporter', '--config', 'dbtls.targets.yaml', '--listen', '127.0.0.1:0', '--max-probes', '2'], { cwd: TMP, env: { ...process.env, ...ENV, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr!.on('data', (d) => (stderr += d));
      base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`exporter did not start: ${stderr}`)), 20_000);
        child.stderr!.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exporter exited with ${code}: ${stderr}`)));
      });
    });
    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    });
    const scrape = async (target: string) => {
      const res = await fetch(`${base}/probe?target=${encodeURIComponent(target)}`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '10' } });
      const text = await res.text();
      writeFileSync(join(TMP, 'work', `probe-${target.replace(/[^a-z0-9-]/gi, '_')}.txt`), text); // for docs/prometheus.md
      noSecrets(text);
      expect(text).not.toMatch(/localhost|postgres:\/\/|redis:\/\//);
      const samples = new Map<string, number>();
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const [key, value] = line.split(' ');
        samples.set(key!, Number(value));
      }
      return { status: res.status, samples };
    };

    it('probes a verified PostgreSQL target: success, TLS, version and the certificate dates', async () => {
      const { status, samples } = await scrape('pg-verified');
      expect(status).toBe(200);
      expect(samples.get('dbtls_probe_success')).toBe(1);
      expect(samples.get('dbtls_tls_encrypted')).toBe(1);
      expect(samples.get('dbtls_fell_back')).toBe(0);
      expect([...samples.keys()].filter((k) => k.startsWith('dbtls_tls_version_info'))).toEqual([expect.stringMatching(/^dbtls_tls_version_info\{version="TLSv1\.[23]"\}$/)]);
      const cert = new X509Certificate(readFileSync(certs.serverCert));
      expect(samples.get('dbtls_cert_not_after_timestamp_seconds')).toBe(Math.floor(Date.parse(cert.validTo) / 1000));
      expect(samples.get('dbtls_cert_not_before_timestamp_seconds')).toBe(Math.floor(Date.parse(cert.validFrom) / 1000));
      expect(samples.get('dbtls_probe_duration_seconds')).toBeGreaterThan(0);
      expect(samples.get('dbtls_probe_info{engine="postgres",mode="verify-identity",url_mode="preferred"}')).toBe(1);
    });
    it('probes a PostgreSQL server without TLS: preferred fell back', async () => {
      const { samples } = await scrape('pg-fallback');
      expect([samples.get('dbtls_probe_success'), samples.get('dbtls_tls_encrypted'), samples.get('dbtls_fell_back')]).toEqual([1, 0, 1]);
      expect(samples.has('dbtls_cert_not_after_timestamp_seconds')).toBe(false);
    });
    it('an expired certificate: verify-ca fails with its cause, required connects and shows the past date', async () => {
      const verify = await scrape('pg-expired-verify');
      expect(verify.samples.get('dbtls_probe_success')).toBe(0);
      expect(verify.samples.get('dbtls_probe_failure_info{cause="certificate-expired"}')).toBe(1);
      const required = await scrape('pg-expired-required');
      expect(required.samples.get('dbtls_probe_success')).toBe(1);
      expect(required.samples.get('dbtls_cert_not_after_timestamp_seconds')).toBe(Math.floor(Date.parse(expiredNotAfter) / 1000));
      expect(required.samples.get('dbtls_cert_not_after_timestamp_seconds')!).toBeLessThan(Date.now() / 1000);
    });
    it('probes Redis over TLS with a password, and fails a plain port in required mode', async () => {
      const tls = await scrape('redis-tls');
      expect([tls.samples.get('dbtls_probe_success'), tls.samples.get('dbtls_tls_encrypted')]).toEqual([1, 1]);
      expect(tls.samples.get('dbtls_cert_not_after_timestamp_seconds')).toBe(Math.floor(Date.parse(serverNotAfter) / 1000));
      const plain = await scrape('redis-plain-port');
      expect(plain.samples.get('dbtls_probe_success')).toBe(0);
      const causes = [...plain.samples.keys()].filter((k) => k.startsWith('dbtls_probe_failure_info'));
      expect(causes).toHaveLength(1);
      expect(causes[0]).toMatch(/^dbtls_probe_failure_info\{cause="(server-lacks-tls|timeout)"\}$/);
    });
    it('refuses names that are not in the file, URLs included', async () => {
      for (const t of ['nosuch', `postgres://${PG_USER}@localhost:${PG_BASE + 1}/${PG_USER}`]) {
        const res = await fetch(`${base}/probe?target=${encodeURIComponent(t)}`);
        expect(res.status).toBe(400);
      }
    });
    it('/metrics counts the probes, in the same run', async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/^dbtls_exporter_probes_total\{result="success"\} 4$/m);
      expect(text).toMatch(/^dbtls_exporter_probes_total\{result="failure"\} 2$/m);
      expect(text).toMatch(/^dbtls_exporter_probes_rejected_total\{reason="unknown-target"\} 2$/m);
      expect(text).toMatch(/^dbtls_exporter_probe_slots 2$/m);
      expect(text).toMatch(/^dbtls_exporter_targets 8$/m);
      noSecrets(text + stderr);
    });
  });
});
