#!/usr/bin/env node
// Benchmark: what dbtls adds to a PostgreSQL connect, compared with plain node-postgres in the same run.
// Usage: node tests/bench/connect-bench.mjs [url] [iterations]
// Default: the machine's PostgreSQL (postgres://postgres@localhost:5432/postgres), 200 connects per variant.
// Prints mean and p95 per variant, the ratio to the pg baseline, and heap growth; exits 1 when dbtls is
// more than 1.5x slower than the baseline or retains more than 20 MB after the run.
import pg from 'pg';
import { connect } from '@dbtls/core';
import { postgresEngine } from '@dbtls/engine-postgres';

const url = process.argv[2] ?? 'postgres://postgres@localhost:5432/postgres';
const iterations = Number(process.argv[3] ?? 200);
const LIMIT_RATIO = 1.5;
const LIMIT_HEAP_MB = 20;

const variants = [
  {
    label: 'pg (ssl: false), SELECT version()',
    fn: async () => {
      const client = new pg.Client({ connectionString: url, ssl: false });
      await client.connect();
      await client.query('SELECT version()');
      await client.end();
    },
  },
  ...['disabled', 'preferred'].map((mode) => ({
    label: `dbtls connect(), mode ${mode}`,
    fn: async () => {
      const r = await connect(postgresEngine, { url, mode });
      if (!r.ok) throw new Error(`${mode}: ${r.diagnosis.summary} (${r.diagnosis.original.message})`);
    },
  })),
];
for (const v of variants) for (let i = 0; i < 10; i++) await v.fn(); // warm-up
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
// Interleaved, so that load from elsewhere on the machine hits every variant alike.
const samples = variants.map(() => []);
for (let i = 0; i < iterations; i++) {
  for (let k = 0; k < variants.length; k++) {
    const j = (i + k) % variants.length;
    const t = performance.now();
    await variants[j].fn();
    samples[j].push(performance.now() - t);
  }
}
global.gc?.();
const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
const results = variants.map((v, j) => {
  const s = samples[j].sort((a, b) => a - b);
  return { label: v.label, mean: s.reduce((a, b) => a + b, 0) / s.length, p95: s[Math.floor(s.length * 0.95)] };
});
const baseline = results[0];

console.log(`connect + one round trip, ${iterations} iterations each, against ${url.replace(/:[^:@/]*@/, ':***@')}`);
console.log('variant'.padEnd(44), 'mean ms'.padStart(9), 'p95 ms'.padStart(9), 'x baseline'.padStart(11));
let worst = 0;
for (const r of results) {
  const ratio = r.mean / baseline.mean;
  if (r !== baseline) worst = Math.max(worst, ratio);
  console.log(r.label.padEnd(44), r.mean.toFixed(2).padStart(9), r.p95.toFixed(2).padStart(9), ratio.toFixed(2).padStart(11));
}
console.log(`heap growth over ${iterations * variants.length} connects: ${heapGrowthMb.toFixed(1)} MB (limit ${LIMIT_HEAP_MB} MB)`);
const ok = worst <= LIMIT_RATIO && heapGrowthMb <= LIMIT_HEAP_MB;
console.log(ok ? `OK: dbtls is within ${LIMIT_RATIO}x of plain pg` : `OVER BUDGET: worst ratio ${worst.toFixed(2)} (limit ${LIMIT_RATIO})`);
process.exitCode = ok ? 0 : 1;
