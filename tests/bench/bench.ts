/**
 * `pnpm bench`: every speed and memory goal of dbtls, measured in one run against real servers
 * (started here with the tests' harness), printed as one table with medians, p95 and the ratios.
 * Exits 1 when a goal is missed. `--write-docs` also regenerates docs/benchmarks.md from this run
 * (nothing else writes it; the test suite never does).
 *
 *   pnpm bench [--only start-up,cli,library,direct-tls,preferred,probe,memory] [--iterations 200] [--pairs 20]
 *              [--memory-count 500] [--write-docs] [--list]
 *   pnpm bench --serve   starts the servers, prints their URLs as JSON, keeps them until Ctrl-C (for profiling)
 *   pnpm bench --servers FILE   measures against the servers of a running --serve (its JSON in FILE)
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../harness/cli.js';
import { renderTable, type Row } from './bench-stats.js';
import { directTlsRows } from './direct-tls-bench.js';
import { startBenchServers, type BenchServers } from './bench-servers.js';
import { cliConnectRows, startupRows } from './cli-bench.js';
import { libraryRows, memoryRows, pooledRows, preferredRows, probeRows } from './lib-bench.js';

export const GROUPS = ['start-up', 'cli', 'library', 'direct-tls', 'preferred', 'probe', 'memory'] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    iterations: { type: 'string', default: '200' },
    pairs: { type: 'string', default: '20' },
    'memory-count': { type: 'string', default: '500' },
    'write-docs': { type: 'boolean' },
    list: { type: 'boolean' },
    serve: { type: 'boolean' },
    servers: { type: 'string' },
  },
});
const only = new Set<Group>((values.only?.split(',') as Group[] | undefined) ?? GROUPS);
for (const g of only) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group "${g}" (groups: ${GROUPS.join(', ')})`);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

if (values.list) {
  console.log(GROUPS.join('\n'));
  process.exit(0);
}

if (values.serve) {
  const s = await startBenchServers(log);
  console.log(JSON.stringify({ urls: s.urls, raw: s.raw, ca: s.certs.caCert, unavailable: s.unavailable }, null, 2));
  const end = () => void s.stop().finally(() => process.exit(0));
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
  await new Promise(() => undefined);
}

const started = new Date();
const rows: Row[] = [];
let servers: BenchServers | undefined;
const needServers = ['cli', 'library', 'direct-tls', 'preferred', 'probe', 'memory'].some((g) => only.has(g as Group));
const stop = async () => {
  const s = servers;
  servers = undefined;
  await s?.stop();
};
process.on('SIGINT', () => void stop().then(() => process.exit(130)));
try {
  const pairsN = Number(values.pairs);
  if (only.has('start-up')) rows.push(...(await startupRows(pairsN, log)));
  if (needServers && values.servers) {
    const running = JSON.parse(readFileSync(values.servers, 'utf8')) as Pick<BenchServers, 'urls' | 'raw' | 'unavailable'> & { ca: string };
    servers = { ...running, certs: { caCert: running.ca } as BenchServers['certs'], stop: async () => undefined };
  } else if (needServers) servers = await startBenchServers(log);
  if (servers && only.has('cli')) rows.push(...(await cliConnectRows(servers, Math.max(5, Math.round(pairsN / 2)), log)));
  if (servers && only.has('library')) rows.push(...(await libraryRows(servers, Number(values.iterations), log)), ...(await pooledRows(servers, Number(values.iterations), log)));
  if (servers && only.has('direct-tls')) rows.push(...(await directTlsRows(servers, Math.max(10, Math.round(Number(values.iterations) / 10)), log)));
  if (servers && only.has('preferred')) rows.push(...(await preferredRows(servers)));
  if (servers && only.has('probe')) rows.push(...(await probeRows(servers, Math.max(10, Math.round(Number(values.iterations) / 4)), log)));
  if (servers && only.has('memory')) rows.push(...(await memoryRows(servers, Number(values['memory-count']), log)));
} finally {
  await stop();
}

const missed = rows.filter((r) => r.verdict === 'MISSED');
const cpu = cpus();
const env = `${started.toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${process.version}, ${cpu.length}× ${cpu[0]?.model ?? 'unknown CPU'}, load average ${loadavg()[0]!.toFixed(1)} at the end`;
console.log(`dbtls benchmarks: ${env}`);
console.log(renderTable(rows, false));
console.log(missed.length ? `\n${missed.length} goal(s) MISSED: ${missed.map((r) => r.what).join('; ')}` : '\nEvery measured goal is met.');

if (values['write-docs']) {
  const method = readFileSync(join(ROOT, 'tests', 'bench', 'benchmarks-method.md'), 'utf8');
  const command = `pnpm bench${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
  const doc = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm bench --write-docs` (tests/bench/bench.ts) from a real run; do not edit by hand. The method and findings text comes from tests/bench/benchmarks-method.md. -->',
    '',
    `Measured ${env}, with \`${command}\`.`,
    '',
    renderTable(rows, true),
    '',
    missed.length ? `**${missed.length} goal(s) missed in this run:** ${missed.map((r) => r.what).join('; ')}.` : 'Every measured goal was met in this run.',
    '',
    method.trim(),
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), doc);
  log('wrote docs/benchmarks.md');
}
process.exitCode = missed.length ? 1 : 0;
