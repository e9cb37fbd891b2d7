#!/usr/bin/env node
// Run by each first-party engine package after its build (cwd = the package): imports the built entry
// and writes dist/engines-manifest.json, the engines' static description (id, names, ports, default
// mode, fallback, guidance, drivers). `dbtls engines` reads it instead of importing the package, so
// listing engines compiles none of their code. Generated from the definitions: nothing is written twice.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const mod = await import(pathToFileURL(join(dir, 'dist', 'index.js')).href);
const engines = Array.isArray(mod.engines) ? mod.engines : Object.values(mod).filter((v) => v && typeof v === 'object' && 'apiVersion' in v);
if (!engines.length) throw new Error(`${pkg.name}: dist/index.js exports no engines`);
const manifest = {
  package: pkg.name,
  version: pkg.version,
  engines: engines.map((e) => ({
    apiVersion: e.apiVersion,
    id: e.id,
    displayName: e.displayName,
    schemes: e.schemes,
    aliases: e.aliases ?? [],
    defaultPort: e.defaultPort ?? null,
    defaultMode: e.defaultMode,
    fallback: e.fallback,
    guidance: e.guidance,
    // isAvailable is not carried: the first-party engines' checks resolve their drivers from the
    // package's own directory, which is what the CLI does for a listed package.
    drivers: e.drivers,
  })),
};
writeFileSync(join(dir, 'dist', 'engines-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
