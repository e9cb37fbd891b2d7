import { defineConfig } from 'tsup';

// One ESM build for the library entry and the `dbtls` bin, so they share chunks: each command
// (src/commands/*.ts, loaded by a dynamic import in program.ts) becomes a chunk of its own that
// `dbtls --help` never reads. The CommonJS entry is for require() users of the library API.
export default defineConfig([
  {
    entry: ['src/index.ts', 'src/bin.ts'],
    format: ['esm'],
    dts: { entry: 'src/index.ts' },
    clean: true,
    sourcemap: true,
    target: 'node20',
    // No shims here: ES modules have import.meta.url, and the shim chunk (node:path, node:url) was
    // imported by every module, `dbtls --help` included.
  },
  {
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: true,
    // import.meta.url in the CommonJS build (engine discovery finds the CLI package from it).
    shims: true,
    sourcemap: true,
    target: 'node20',
  },
]);
