import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Semaphore } from './concurrency.js';
import { checkTarget } from './fleet-runner.js';
import type { PreparedTarget } from './fleet-target.js';
import { probeRegistry } from './probe-metrics.js';

/** Where `dbtls exporter` listens when told nothing: loopback only. */
export const DEFAULT_EXPORTER_LISTEN = '127.0.0.1:9187';
/** Probes run at once unless told otherwise. */
export const DEFAULT_MAX_PROBES = 4;
/** Longest probe unless told otherwise, in ms (Prometheus' scrape timeout header can shorten it). */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** Taken off Prometheus' scrape timeout so that the answer arrives before it gives up (as blackbox_exporter does). */
export const SCRAPE_TIMEOUT_OFFSET_MS = 500;

/** Options of {@link startExporter}. */
export interface ExporterOptions {
  targets: readonly PreparedTarget[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** At most this many probes at once; more wait for a slot until their deadline, then get 503. */
  maxProbes?: number;
  /** Upper bound of one probe, in ms. */
  probeTimeoutMs?: number;
  /** Log lines (names and causes only, never URLs). */
  log?: (line: string) => void;
}

/** A running exporter. */
export interface RunningExporter {
  host: string;
  port: number;
  /** e.g. `http://127.0.0.1:9187`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Parses `--listen`: `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback).
 *
 * @example
 * ```ts
 * parseListen('127.0.0.1:9187'); // { host: '127.0.0.1', port: 9187 }
 * ```
 */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new RangeError(`"${value}" is not HOST:PORT (e.g. 127.0.0.1:9187, [::1]:9187 or :9187 for loopback).`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

/**
 * True for loopback addresses and `localhost`.
 *
 * @example
 * ```ts
 * isLoopback('::1'); // true
 * isLoopback('0.0.0.0'); // false
 * ```
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Starts the multi-target exporter: `GET /probe?target=NAME` probes one target
 * named in the targets file and answers in the Prometheus text format;
 * `GET /metrics` gives the exporter's own metrics. Nothing else can be probed:
 * the name is only looked up, never read as a URL.
 *
 * @example
 * ```ts
 * const exporter = await startExporter({ targets: prepared.targets, host: '127.0.0.1', port: 9187 });
 * // curl 'http://127.0.0.1:9187/probe?target=orders'
 * await exporter.close();
 * ```
 */
export async function startExporter(options: ExporterOptions): Promise<RunningExporter> {
  const client = await import('prom-client');
  const byName = new Map(options.targets.map((t) => [t.name, t]));
  const slots = new Semaphore(options.maxProbes ?? DEFAULT_MAX_PROBES);
  const probeTimeout = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);

  const own = new client.Registry();
  client.collectDefaultMetrics({ register: own });
  const probes = new client.Counter({ name: 'dbtls_exporter_probes_total', help: 'Probes answered, by result.', labelNames: ['result'], registers: [own] });
  const rejected = new client.Counter({ name: 'dbtls_exporter_probes_rejected_total', help: 'Probe requests refused, by reason.', labelNames: ['reason'], registers: [own] });
  new client.Gauge({ name: 'dbtls_exporter_probes_in_flight', help: 'Probes running now.', registers: [own], collect() { this.set(slots.inUse); } });
  new client.Gauge({ name: 'dbtls_exporter_probes_waiting', help: 'Probe requests waiting for a free slot.', registers: [own], collect() { this.set(slots.waiting); } });
  new client.Gauge({ name: 'dbtls_exporter_probe_slots', help: 'Most probes run at once.', registers: [own] }).set(slots.size);
  new client.Gauge({ name: 'dbtls_exporter_targets', help: 'Targets in the targets file.', registers: [own] }).set(byName.size);
  for (const r of ['success', 'failure']) probes.inc({ result: r }, 0);
  for (const r of ['unknown-target', 'busy', 'bad-request']) rejected.inc({ reason: r }, 0);

  const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };

  const probe = async (req: IncomingMessage, res: ServerResponse, params: URLSearchParams) => {
    const names = params.getAll('target');
    if (names.length !== 1 || !names[0]) {
      rejected.inc({ reason: 'bad-request' });
      return text(res, 400, 'Give exactly one target: /probe?target=NAME, with a name from the targets file.\n');
    }
    const target = byName.get(names[0]);
    if (!target) {
      rejected.inc({ reason: 'unknown-target' });
      return text(res, 400, 'Unknown target: only the names in the targets file can be probed.\n');
    }
    const header = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
    const budget = Number.isFinite(header) && header > 0 ? Math.max(100, Math.min(probeTimeout, header * 1000 - SCRAPE_TIMEOUT_OFFSET_MS)) : probeTimeout;
    const deadline = Date.now() + budget;
    const release = await slots.acquire(deadline);
    if (!release) {
      rejected.inc({ reason: 'busy' });
      log(`probe ${target.name}: no free probe slot within ${budget} ms (at most ${slots.size} at once)`);
      return text(res, 503, `Too many probes in flight (at most ${slots.size} at once); try again.\n`, { 'retry-after': '1' });
    }
    try {
      const remaining = Math.max(50, deadline - Date.now());
      const result = await checkTarget({ ...target, options: { ...target.options, timeoutMs: Math.min(target.options.timeoutMs, remaining) } });
      probes.inc({ result: result.connected ? 'success' : 'failure' });
      if (!result.connected) log(`probe ${target.name}: ${result.cause}`);
      const registry = probeRegistry(client, result);
      text(res, 200, await registry.metrics(), { 'content-type': registry.contentType });
    } finally {
      release();
    }
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Only GET.\n', { allow: 'GET, HEAD' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://exporter.invalid');
    } catch {
      return text(res, 400, 'Bad request.\n');
    }
    const handle = async () => {
      if (url.pathname === '/probe') return probe(req, res, url.searchParams);
      if (url.pathname === '/metrics') return text(res, 200, await own.metrics(), { 'content-type': own.contentType });
      if (url.pathname === '/') return text(res, 200, `dbtls exporter: ${byName.size} targets.\n/probe?target=NAME probes one target named in the targets file.\n/metrics gives the exporter's own metrics.\n`);
      return text(res, 404, 'Not found: use /probe?target=NAME or /metrics.\n');
    };
    handle().catch((error: unknown) => {
      log(`internal error: ${(error as Error)?.name ?? 'error'}`);
      if (!res.headersSent) text(res, 500, 'Internal error.\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = Math.max(probeTimeout + 5000, 15_000);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9187, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
