/**
 * `dbtls engines` describes first-party engine packages from the manifest each package's build writes
 * (dist/engines-manifest.json) instead of importing them. The manifest must say exactly what the
 * engine definitions say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineDefinition } from '@dbtls/core';
import * as postgres from '@dbtls/engine-postgres';
import * as mysql from '@dbtls/engine-mysql';
import * as mssql from '@dbtls/engine-mssql';
import * as nosql from '@dbtls/engine-nosql';
import * as embedded from '@dbtls/engine-embedded';
import { ROOT } from '../harness/cli.js';

const PACKAGES = { postgres, mysql, mssql, nosql, embedded } as const;

describe('engine manifests match the engine definitions', () => {
  it.each(Object.entries(PACKAGES))('@dbtls/engine-%s', (name, mod) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', `engine-${name}`, 'dist', 'engines-manifest.json'), 'utf8'));
    const definitions = (mod as { engines: readonly EngineDefinition[] }).engines;
    expect(manifest.package).toBe(`@dbtls/engine-${name}`);
    expect(manifest.engines).toEqual(
      definitions.map((e) => ({
        apiVersion: e.apiVersion,
        id: e.id,
        displayName: e.displayName,
        schemes: e.schemes,
        aliases: e.aliases ?? [],
        defaultPort: e.defaultPort ?? null,
        defaultMode: e.defaultMode,
        fallback: e.fallback,
        guidance: e.guidance,
        drivers: e.drivers,
      })),
    );
  });
});
