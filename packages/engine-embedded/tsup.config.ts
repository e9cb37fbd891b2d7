import { defineConfig } from 'tsup';

export default defineConfig({
  // The index plus one subpath per engine (`@dbtls/engine-embedded/sqlite`, `/duckdb`).
  entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', duckdb: 'src/duckdb.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // `import.meta.url` in the CommonJS build (used by isAvailable).
  shims: true,
  external: ['better-sqlite3', '@duckdb/node-api'],
});
