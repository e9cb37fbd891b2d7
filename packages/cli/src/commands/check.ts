import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DbtlsError, parseSslMode } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { fleetRegistry, FLEET_OPTIONS, wholeNumber } from '../fleet-flags.js';
import { escapeControls } from '../terminal-safe.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * `dbtls check [url...] [--config dbtls.targets.yaml]`: a fleet of targets
 * checked with bounded concurrency against a policy, for CI. The work is
 * done by `@dbtls/fleet`; this file only reads flags and prints.
 */
export default defineCommand({
  description: 'check a fleet of targets against a TLS policy, for CI: exit 0 when all pass, 1 on a policy or connection failure, 2 on bad config',
  arguments: [{ name: 'url', description: 'connection URLs to check besides (or instead of) the targets file', variadic: true, optional: true }],
  options: {
    config: { type: 'string', value: 'file', description: 'targets file, YAML or JSON (default: ./dbtls.targets.yaml when no URL is given); see docs/check.md' },
    concurrency: { type: 'string', value: 'n', default: '8', description: 'targets checked at once' },
    timeout: { type: 'string', value: 'ms', description: 'per-target timeout for targets that set none (default 5000)' },
    'min-mode': { type: 'string', value: 'mode', description: 'fail a target whose effective mode, or whose URL read on its own, is weaker than this' },
    'no-fallback': { type: 'boolean', description: 'fail a target where "preferred" fell back to plain text' },
    'warn-days': { type: 'string', value: 'n', description: 'warn when the server certificate expires within N days (default 30)' },
    'fail-days': { type: 'string', value: 'n', description: 'fail when the server certificate expires within N days' },
    'require-tls': { type: 'boolean', description: 'fail a target on a hosted service that requires TLS (per the hosted-services table) unless its mode, and its URL on its own, insist on TLS' },
    json: { type: 'boolean', description: 'print one JSON object' },
    junit: { type: 'string', value: 'file', description: 'also write a JUnit XML report for CI systems' },
    ...FLEET_OPTIONS,
    engine: { type: 'string', value: 'id', description: 'engine for the URL arguments (default: from the URL scheme)' },
    'ssl-mode': { type: 'string', value: 'mode', description: 'mode for the URL arguments' },
    ca: { type: 'string', value: 'file', description: 'CA file for the URL arguments' },
  },
  async run({ args: urls, values, io, secrets, print }) {
    const started = performance.now();
    const concurrency = wholeNumber('--concurrency', values.concurrency, 1, 1024)!;
    const timeoutMs = wholeNumber('--timeout', values.timeout, 1, 600_000);
    const minMode = str(values['min-mode']);
    if (minMode) parseSslMode(minMode);
    const warnDays = wholeNumber('--warn-days', values['warn-days'], 0, 3650);
    const failDays = wholeNumber('--fail-days', values['fail-days'], 0, 3650);
    const policy = { ...(minMode ? { minMode } : {}), ...(values['no-fallback'] ? { noFallback: true } : {}), ...(values['require-tls'] ? { requireTls: true } : {}), ...(warnDays !== undefined ? { warnDays } : {}), ...(failDays !== undefined ? { failDays } : {}) };
    let configFile = str(values.config);
    if (!configFile && urls.length === 0) {
      if (!existsSync(resolve(io.cwd, 'dbtls.targets.yaml'))) throw new DbtlsError('invalid-option', 'Nothing to check: give URLs, --config FILE, or a dbtls.targets.yaml in this directory (see docs/check.md).');
      configFile = 'dbtls.targets.yaml';
    }
    const fleet = await import('@dbtls/fleet');
    const config = configFile ? await fleet.loadFleetConfig(configFile, io.cwd) : undefined;
    const registry = await fleetRegistry(io, config, (values.plugin as string[] | undefined) ?? []);
    const options = { env: io.env, allowLiteralPasswords: Boolean(values['allow-literal-passwords']), policy, ...(timeoutMs ? { timeoutMs } : {}) };
    const fromFile = config ? fleet.prepareFleet(config, registry, options) : { targets: [], warnings: [] };
    const extra = { cwd: io.cwd, ...(str(values['ssl-mode']) ? { mode: str(values['ssl-mode']) } : {}), ...(str(values.ca) ? { caFile: str(values.ca) } : {}), ...(str(values.engine) ? { engine: str(values.engine) } : {}) };
    const fromUrls = urls.length ? fleet.prepareUrls(urls, registry, { ...options, ...extra }) : { targets: [], warnings: [] };
    const targets = [...fromFile.targets, ...fromUrls.targets];
    secrets.push(...targets.flatMap((t) => t.secrets));
    const warnings = [...fromFile.warnings, ...fromUrls.warnings];
    if (!values.json) for (const w of warnings) io.err(`! ${w}`);

    const output = await import('../check-output.js');
    const bar = await output.progressBar(targets.length);
    let results;
    try {
      results = await fleet.runFleet(targets, { concurrency, onResult: (_r, done) => bar?.update(done) });
    } finally {
      bar?.stop();
    }
    const elapsedMs = Math.round(performance.now() - started);
    if (str(values.junit)) writeFileSync(resolve(io.cwd, str(values.junit)!), fleet.junitReport(results, { elapsedMs }));
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const summary = { total: results.length, passed: count('pass'), warned: count('warn'), failed: count('fail'), concurrency, elapsedMs };
    print(values.json as boolean | undefined, { ok: summary.failed === 0, summary, results, warnings }, () => output.formatCheck(escapeControls(results), summary));
    return fleet.fleetExitCode(results);
  },
});
