import { createRequire } from 'node:module';
import { NOT_APPLICABLE } from '@dbtls/core';
import type { EngineListing } from '../plugins.js';
import { defineCommand } from '../command.js';
import { COMMON_OPTIONS } from '../common-options.js';
import { selfFile } from '../engine-discovery.js';
import { colors, plainColumns } from '../output.js';

function driverInstalled(engine: EngineListing): boolean | null {
  if (engine.isAvailable) return engine.isAvailable();
  try {
    const require = createRequire(selfFile());
    for (const d of engine.drivers) require.resolve(`${d}/package.json`);
    return true;
  } catch {
    return null;
  }
}

async function noneHint(io: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const { detectRunContext, engineInstallHint } = await import('../install-hint.js');
  const { cliPackageDir } = await import('../engine-discovery.js');
  return engineInstallHint('@dbtls/engine-postgres', detectRunContext({ cliDir: cliPackageDir(), cwd: io.cwd, env: io.env }));
}

const neverFallsBack = (e: EngineListing) => e.fallback.capability === 'none' && e.defaultMode !== NOT_APPLICABLE;

/** Human rendering of `dbtls engines` (the table library is loaded only here). */
async function formatEngines(engines: readonly EngineListing[], noneHint: string, terminal: boolean): Promise<string> {
  if (engines.length === 0) return `No engine packages are installed in this project or beside dbtls. Install one, e.g.: ${noneHint}`;
  const head = ['engine', 'schemes', 'port', 'default mode', 'preferred fallback', 'driver'];
  const rows = engines.map((e) => {
    const available = driverInstalled(e);
    return [e.id, e.schemes.map((s) => `${s}:`).join(' '), String(e.defaultPort ?? '-'), e.defaultMode, e.fallback.capability, `${e.drivers.join(', ')}${available === false ? ' (not installed)' : ''}`];
  });
  let rendered: string;
  if (terminal) {
    const { default: Table } = await import('cli-table3');
    const table = new Table({ head, style: { head: [], border: [] } });
    table.push(...rows);
    rendered = table.toString();
  } else {
    rendered = plainColumns([head, ...rows]);
  }
  const lines = [rendered, ''];
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
  async run({ values, print, io }) {
    // First-party packages are described from their build manifest (nothing of them is compiled);
    // plugins named in the config or with --plugin, and third-party packages, are imported.
    const { loadRegistry } = await import('../plugins.js');
    const plugins = values.plugin as string[] | undefined;
    const config = values.config as string | undefined;
    const { registry, listed } = await loadRegistry({ ...(plugins?.length ? { plugins } : {}), ...(config ? { config } : {}), cwd: io.cwd, env: io.env, listOnly: true });
    const engines: EngineListing[] = [...listed, ...registry.list()];
    const human = values.json ? '' : await formatEngines(engines, await noneHint(io), io.isTTY ?? Boolean(process.stdout.isTTY));
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
