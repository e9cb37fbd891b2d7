/**
 * PostgreSQL direct TLS (`sslnegotiation=direct`, PostgreSQL 17+) against the SSLRequest
 * negotiation, both in verify-identity, through a loopback proxy that delays every chunk by 20 ms
 * in each direction: each client/server round trip then costs about 40 ms, so the difference of
 * the medians, divided by 40 ms, is the number of round trips direct TLS saves (goal: one).
 */
import net from 'node:net';
import { connect } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';
import { PG18_PASSWORD, PG18_USER, postgres18Unavailable, startPostgres18 } from '../harness/postgres18.js';
import { interleaved, median, p95, timed, unavailableRow, type Row } from './bench-stats.js';
import type { BenchServers } from './bench-servers.js';

const DIRECT_PORT = 55620;
const DELAY_MS = 20;

/** A TCP proxy that forwards every chunk, each way, `delayMs` after it arrived (order kept). */
export async function startLatencyProxy(targetPort: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const delayed = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => void setTimeout(() => to.destroyed || to.write(chunk), delayMs));
    from.on('end', () => void setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => void setTimeout(() => to.destroy(), delayMs));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The direct-TLS rows: median connect() time of each negotiation through the latency proxy, and the round trips saved. */
export async function directTlsRows(servers: BenchServers, iterations: number, log: (s: string) => void): Promise<Row[]> {
  const what = `sslnegotiation=direct vs SSLRequest, verify-identity, through a ${DELAY_MS} ms-each-way proxy: round trips saved`;
  const missing = postgres18Unavailable();
  if (missing) return [unavailableRow('direct TLS', what, missing)];
  const pg = startPostgres18(servers.certs, DIRECT_PORT);
  const proxy = await startLatencyProxy(DIRECT_PORT, DELAY_MS);
  try {
    const url = (negotiation: string) => `postgres://${PG18_USER}:${PG18_PASSWORD}@localhost:${proxy.port}/postgres?sslmode=verify-full&sslnegotiation=${negotiation}`;
    const once = (negotiation: string) =>
      timed(async () => {
        const r = await connect(postgresEngine, { url: url(negotiation), mode: 'verify-identity', caFile: servers.certs.caCert });
        if (!r.ok) throw new Error(`direct TLS bench (${negotiation}): ${r.diagnosis.summary} (${r.diagnosis.original.message})`);
      });
    const variants = [() => once('direct'), () => once('postgres')];
    for (const v of variants) await v(); // warm-up
    log(`direct TLS: PostgreSQL ${pg.version}, ${iterations} interleaved each through the latency proxy`);
    const [direct, request] = await interleaved(variants, iterations);
    const roundTrip = 2 * DELAY_MS;
    const saved = (median(request!) - median(direct!)) / roundTrip;
    return [
      {
        group: 'direct TLS',
        what,
        dbtls: { label: 'direct', median: median(direct!), p95: p95(direct!), unit: 'ms' },
        anchor: { label: 'SSLRequest', median: median(request!), p95: p95(request!), unit: 'ms' },
        ratio: saved,
        goal: '≥ 0.75 round trip',
        verdict: saved >= 0.75 ? 'ok' : 'MISSED',
        note: `PostgreSQL ${pg.version.replace(/^.*PostgreSQL\) /, '')}; ratio column = (SSLRequest − direct) / ${roundTrip} ms = round trips saved`,
      },
    ];
  } finally {
    await proxy.close();
    pg.stop();
  }
}
