import { createRequire } from 'node:module';
import { NOT_APPLICABLE, type EngineDefinition } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { selfFile } from '../engine-discovery.js';
import { colors } from '../output.js';

function driverInstalled(engine: EngineDefinition): boolean | null {
  if (engine.isAvailable) return engine.isAvailable();
  try {
    const require = createRequire(selfFile());
    for (const d of engine.drivers) require.resolve(`${d}/package.json`);
    return true;
  } catch {
    return null;
  }
}

const neverFallsBack = (e: EngineDefinition) => e.fallback.capability === 'none' && e.defaultMode !== NOT_APPLICABLE;

/** Human rendering of `dbtls engines` (the table library is loaded only here). */
async function formatEngines(engines: readonly EngineDefinition[]): Promise<string> {
  if (engines.length === 0) return 'No engine plugins are installed. Install one, e.g.: npm install @dbtls/engine-postgres';
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head: ['engine', 'schemes', 'port', 'default mode', 'preferred fallback', 'driver'], style: { head: [], border: [] } });
  for (const e of engines) {
    const available = driverInstalled(e);
    table.push([e.id, e.schemes.map((s) => `${s}:`).join(' '), e.defaultPort ?? '-', e.defaultMode, e.fallback.capability, `${e.drivers.join(', ')}${available === false ? ' (not installed)' : ''}`]);
  }
  const lines = [table.toString(), ''];
  for (const e of engines) {
    lines.push(`${colors.bold(e.displayName)} (${e.id})`);
    lines.push(`  ${e.guidance}`);
    lines.push(`  ${colors.dim('Preferred:')} ${e.fallback.how}`);
    if (neverFallsBack(e)) lines.push(`  ${colors.yellow('!')} "preferred" behaves as "required" for ${e.displayName}: it never falls back to plain text.`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** `dbtls engines`: the installed engines with their default mode, Preferred fallback and guidance. */
export default defineCommand({
  description: 'list the installed engines with their default mode, Preferred fallback and guidance',
  options: COMMON_OPTIONS,
  async run({ values, print, registry }) {
    const engines = (await registry()).list();
    const human = values.json ? '' : await formatEngines(engines);
    print(
      values.json as boolean | undefined,
      {
        engines: engines.map((e) => ({
          id: e.id,
          displayName: e.displayName,
          schemes: e.schemes,
          aliases: e.aliases ?? [],
          defaultPort: e.defaultPort ?? null,
          defaultMode: e.defaultMode,
          fallback: e.fallback,
          guidance: e.guidance,
          drivers: e.drivers,
          driverInstalled: driverInstalled(e),
          warnings: neverFallsBack(e) ? [`"preferred" behaves as "required" for ${e.displayName}: it never falls back to plain text.`] : [],
        })),
      },
      () => human,
    );
  },
});
