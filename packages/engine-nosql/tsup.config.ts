import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per engine subpath (src/<engine>.ts) plus the index.
const entry = Object.fromEntries(
  readdirSync('src')
    .filter((f) => /^[a-z0-9-]+\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => [f.replace(/\.ts$/, ''), `src/${f}`]),
);

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['mongodb', 'ioredis', 'cassandra-driver', '@clickhouse/client', 'oracledb', 'etcd3'],
});
