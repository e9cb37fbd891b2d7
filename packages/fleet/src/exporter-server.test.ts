import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, defineEngine, parseGenericUrl } from '@dbtls/core';
import { validateFleetConfig } from './fleet-config.js';
import { prepareFleet } from './fleet-target.js';
import { isLoopback, parseListen, startExporter, type RunningExporter } from './exporter-server.js';
import { parsePromText } from './prom-text.test-util.js';

// A test engine (an engine plugin, not a driver): the delay and the outcome come from the URL path.
const testEngine = defineEngine({
  id: 'fake',
  displayName: 'Fake',
  schemes: ['fake'],
  defaultPort: 1,
  defaultMode: 'preferred',
  fallback: { capability: 'native', how: 'test' },
  guidance: 'test engine',
  drivers: [],
  parseUrl: (url) => parseGenericUrl(url, { defaultPort: 1 }),
  driverOptions: () => ({ driver: 'none', options: {}, notes: [] }),
  async connect(ctx) {
    const path = new URL(ctx.url).pathname;
    await new Promise((r) => setTimeout(r, Number(/\/(\d+)/.exec(path)?.[1] ?? 0)));
    if (path.includes('refused')) throw Object.assign(new Error(`connect ECONNREFUSED ${ctx.target.host}:${ctx.target.port}`), { code: 'ECONNREFUSED' });
    if (path.includes('plain')) return { encrypted: false, fellBack: true, tls: null };
    return {
      encrypted: true,
      fellBack: false,
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', chainValid: true, chainError: null, peer: { subject: 'CN=x', issuer: 'CN=ca', subjectAltNames: [], validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', fingerprint256: 'AA', serialNumber: '01', selfSigned: false } },
    };
  },
});

const registry = createRegistry([[testEngine]]);
const config = validateFleetConfig(
  {
    policy: { minMode: 'required' },
    targets: [
      { name: 'good', url: 'fake://app:${PW}@secret-host.internal:7000/0', mode: 'verify-identity' },
      { name: 'slow', url: 'fake://slow-host:7000/400', mode: 'required' },
      { name: 'down', url: 'fake://down-host:7000/refused', mode: 'required' },
      { name: 'plain', url: 'fake://plain-host:7000/plain' },
    ],
  },
  'test.yaml',
);
let exporter: RunningExporter;
let logs: string[] = [];
beforeAll(async () => {
  const { targets } = prepareFleet(config, registry, { env: { PW: 'exporter-pw-123' } });
  exporter = await startExporter({ targets, host: '127.0.0.1', port: 0, maxProbes: 1, probeTimeoutMs: 2000, log: (l) => logs.push(l) });
});
afterAll(() => exporter?.close());
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${exporter.url}${path}`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

describe('startExporter', () => {
  it('binds where told (loopback here) and answers a probe of a configured target', async () => {
    expect(exporter.host).toBe('127.0.0.1');
    const r = await get('/probe?target=good');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parsePromText(r.text);
    expect(m.get('dbtls_probe_success')).toBe(1);
    expect(m.get('dbtls_tls_encrypted')).toBe(1);
    expect(m.get('dbtls_fell_back')).toBe(0);
    expect(m.get('dbtls_tls_version_info{version="TLSv1.3"}')).toBe(1);
    expect(m.get('dbtls_cert_not_after_timestamp_seconds')).toBe(Date.parse('2027-01-01T00:00:00Z') / 1000);
    expect(m.get('dbtls_cert_not_before_timestamp_seconds')).toBe(Date.parse('2026-01-01T00:00:00Z') / 1000);
    expect(m.get('dbtls_probe_info{engine="fake",mode="verify-identity",url_mode="preferred"}')).toBe(1);
    expect(m.get('dbtls_policy_pass')).toBe(0); // the URL alone reads "preferred", under the file's minimum
    expect(m.get('dbtls_policy_violation_info{cause="url-mode-below-minimum"}')).toBe(1);
    expect(m.get('dbtls_probe_duration_seconds')).toBeGreaterThanOrEqual(0);
    expect(r.text).not.toMatch(/exporter-pw-123|secret-host|fake:\/\//);
  });
  it('reports a failed connection with a bounded cause label and no connection metrics', async () => {
    const m = parsePromText((await get('/probe?target=down')).text);
    expect(m.get('dbtls_probe_success')).toBe(0);
    expect(m.get('dbtls_probe_failure_info{cause="network-error"}')).toBe(1);
    expect(m.has('dbtls_tls_encrypted')).toBe(false);
    expect(m.has('dbtls_cert_not_after_timestamp_seconds')).toBe(false);
    expect(logs.some((l) => l === 'probe down: network-error')).toBe(true);
  });
  it('reports a fallback to plain text', async () => {
    const m = parsePromText((await get('/probe?target=plain')).text);
    expect([m.get('dbtls_probe_success'), m.get('dbtls_tls_encrypted'), m.get('dbtls_fell_back')]).toEqual([1, 0, 1]);
    expect([...m.keys()].some((k) => k.startsWith('dbtls_tls_version_info'))).toBe(false);
  });
  it('probes only configured names: no URL, no missing or repeated target, nothing echoed', async () => {
    for (const path of ['/probe?target=nosuch', '/probe?target=fake%3A%2F%2Fevil-host%3A1%2F0', '/probe', '/probe?target=good&target=slow']) {
      const r = await get(path);
      expect(r.status).toBe(400);
      expect(r.text).not.toMatch(/evil|nosuch/);
    }
    expect((await fetch(`${exporter.url}/probe?target=good`, { method: 'POST' })).status).toBe(405);
    expect((await get('/other')).status).toBe(404);
  });
  it('runs at most maxProbes at once: a probe that finds no slot before its scrape deadline gets 503', async () => {
    const slow = get('/probe?target=slow');
    await new Promise((r) => setTimeout(r, 50));
    const busy = await get('/probe?target=good', { 'X-Prometheus-Scrape-Timeout-Seconds': '0.7' });
    expect(busy.status).toBe(503);
    expect((await slow).status).toBe(200);
    expect((await get('/probe?target=good')).status).toBe(200);
  });
  it('/metrics gives the exporter\'s own counters', async () => {
    const m = parsePromText((await get('/metrics')).text);
    expect(m.get('dbtls_exporter_probes_total{result="success"}')).toBeGreaterThanOrEqual(3);
    expect(m.get('dbtls_exporter_probes_total{result="failure"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('dbtls_exporter_probes_rejected_total{reason="unknown-target"}')).toBe(2);
    expect(m.get('dbtls_exporter_probes_rejected_total{reason="bad-request"}')).toBe(2);
    expect(m.get('dbtls_exporter_probes_rejected_total{reason="busy"}')).toBe(1);
    expect(m.get('dbtls_exporter_probe_slots')).toBe(1);
    expect(m.get('dbtls_exporter_probes_in_flight')).toBe(0);
    expect(m.get('dbtls_exporter_targets')).toBe(4);
    expect([...m.keys()].some((k) => k.startsWith('process_cpu'))).toBe(true);
  });
});

describe('parseListen / isLoopback', () => {
  it('reads HOST:PORT forms and refuses others', () => {
    expect(parseListen('127.0.0.1:9187')).toEqual({ host: '127.0.0.1', port: 9187 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9187')).toEqual({ host: '127.0.0.1', port: 9187 });
    expect(() => parseListen('9187')).toThrow(/HOST:PORT/);
    expect(() => parseListen('h:70000')).toThrow(/HOST:PORT/);
  });
  it('knows loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1'].some(isLoopback)).toBe(false);
  });
});
