import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import {
  connect,
  diagnoseError,
  isDbtlsError,
  NOT_APPLICABLE,
  parseSslMode,
  parseTlsVersion,
  redactText,
  redactValue,
  type ConnectOptions,
  type EngineDefinition,
  type EngineRegistry,
  type SslMode,
} from '@dbtls/core';
import { colors, formatConnect, formatDiagnosis, formatEngines, formatExplain } from './output.js';
import { loadRegistry } from './plugins.js';
import { selfFile } from './engine-discovery.js';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, connectionFailed: 1, usage: 2 } as const;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CommonOptions {
  plugin?: string[];
  config?: string;
  json?: boolean;
}

interface TlsFlags extends CommonOptions {
  engine?: string;
  sslMode?: string;
  ca?: string;
  cert?: string;
  key?: string;
  passphraseEnv?: string;
  servername?: string;
  minTls?: string;
  timeout?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function addCommon(cmd: Command): Command {
  return cmd
    .option('--plugin <package-or-path>', 'load a third-party engine plugin (repeatable)', collect, [])
    .option('--config <file>', 'config file naming plugins (default: ./dbtls.config.json)')
    .option('--json', 'print one JSON object');
}

function addTls(cmd: Command): Command {
  return cmd
    .option('--engine <id>', 'engine id or alias (default: from the URL scheme)')
    .option('--ssl-mode <mode>', 'disabled | preferred | required | verify-ca | verify-identity (libpq and MySQL spellings accepted)')
    .option('--ca <file>', 'PEM file with the CA certificate(s) to trust')
    .option('--cert <file>', 'PEM file with the client certificate')
    .option('--key <file>', 'PEM file with the client private key')
    .option('--passphrase-env <VAR>', 'environment variable holding the client key passphrase')
    .option('--servername <name>', 'name for SNI and for the verify-identity check (default: the host)')
    .option('--min-tls <version>', 'lowest TLS version to accept: 1.2 or 1.3 (also TLSv1, TLSv1.1)');
}

function tlsInputs(opts: TlsFlags, io: Io): Omit<ConnectOptions, 'url'> {
  const out: Omit<ConnectOptions, 'url'> = {};
  if (opts.sslMode) out.mode = parseSslMode(opts.sslMode);
  if (opts.ca) out.caFile = opts.ca;
  if (opts.cert) out.certFile = opts.cert;
  if (opts.key) out.keyFile = opts.key;
  if (opts.servername) out.servername = opts.servername;
  if (opts.minTls) out.minTlsVersion = parseTlsVersion(opts.minTls);
  if (opts.passphraseEnv) {
    const value = io.env[opts.passphraseEnv];
    if (value === undefined) throw usage(`The environment variable ${opts.passphraseEnv} (--passphrase-env) is not set.`);
    out.passphrase = value;
  }
  if (opts.timeout !== undefined) {
    const ms = Number(opts.timeout);
    if (!Number.isInteger(ms) || ms <= 0) throw usage(`--timeout must be a whole number of milliseconds, not "${opts.timeout}".`);
    out.timeoutMs = ms;
  }
  return out;
}

class UsageError extends Error {}
const usage = (message: string) => new UsageError(message);

function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value);
}

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

/**
 * Builds the `dbtls` program. `run()` resolves to the exit code; nothing here
 * calls `process.exit`, so it can be tested in-process.
 */
export function createProgram(io: Io): { run(argv: string[]): Promise<number> } {
  let exitCode: number = EXIT.ok;
  const secrets: string[] = [];
  const print = (json: boolean | undefined, value: unknown, human: () => string) => {
    io.out(json ? JSON.stringify(redactValue(value, secrets), null, 2) : redactText(human(), secrets));
  };
  const registryFor = async (opts: CommonOptions): Promise<EngineRegistry> =>
    (await loadRegistry({ ...(opts.plugin?.length ? { plugins: opts.plugin } : {}), ...(opts.config ? { config: opts.config } : {}), cwd: io.cwd, env: io.env })).registry;

  const program = new Command('dbtls')
    .description('Check, explain and diagnose SSL/TLS connections to databases, with one meaning for every mode.')
    .version('0.1.0')
    .showHelpAfterError('(run dbtls --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  addCommon(program.command('engines').description('list the installed engines with their default mode, Preferred fallback and guidance')).action(async (opts: CommonOptions) => {
    const registry = await registryFor(opts);
    const engines = registry.list();
    print(
      opts.json,
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
          warnings:
            e.fallback.capability === 'none' && e.defaultMode !== NOT_APPLICABLE
              ? [`"preferred" behaves as "required" for ${e.displayName}: it never falls back to plain text.`]
              : [],
        })),
      },
      () => formatEngines(engines, driverInstalled),
    );
  });

  addTls(addCommon(program.command('connect').argument('<url>', 'connection URL, e.g. postgres://user@host:5432/db?sslmode=verify-full').description('connect, make one round trip, and print the TLS report or the diagnosis')))
    .option('--timeout <ms>', 'give up after this many milliseconds', '10000')
    .action(async (url: string, opts: TlsFlags) => {
      const registry = await registryFor(opts);
      const engine = registry.resolve(url, opts.engine);
      const inputs = tlsInputs(opts, io);
      if (inputs.passphrase) secrets.push(inputs.passphrase);
      const target = engine.parseUrl(url);
      secrets.push(...target.secrets);
      const result = await connect(engine, { url, ...inputs });
      print(opts.json, result, () => formatConnect(result));
      exitCode = result.ok ? EXIT.ok : EXIT.connectionFailed;
    });

  addTls(addCommon(program.command('explain').argument('<engine-or-url>', 'an engine id (postgres) or a URL').description('show the driver options and URL parameters a mode maps to'))).action(async (subject: string, opts: TlsFlags) => {
    const registry = await registryFor(opts);
    const isUrl = looksLikeUrl(subject) && !registry.find(subject.replace(/:$/, ''));
    const engine = isUrl ? registry.resolve(subject, opts.engine) : registry.get(opts.engine ?? subject);
    const target = isUrl ? engine.parseUrl(subject) : undefined;
    if (target) secrets.push(...target.secrets);
    const inputs = tlsInputs(opts, io);
    const warnings = [...(target?.warnings ?? [])];
    if (engine.defaultMode === NOT_APPLICABLE) {
      if (inputs.mode || target?.mode || inputs.caFile || inputs.certFile || inputs.keyFile) warnings.push(`${engine.displayName} has no network protocol: TLS modes and certificates do not apply and are ignored.`);
      const view = engine.driverOptions({ mode: 'disabled', tls: {}, ...(target ? { host: target.host } : {}) });
      print(opts.json, { engine: engine.id, mode: { requested: NOT_APPLICABLE, effective: NOT_APPLICABLE }, fallback: engine.fallback, ...view, warnings }, () => formatExplain(engine, NOT_APPLICABLE, view, warnings));
      return;
    }
    const requested = (inputs.mode as SslMode | undefined) ?? target?.mode ?? engine.defaultMode;
    let effective: SslMode = requested;
    if (requested === 'preferred' && engine.fallback.capability === 'none') {
      effective = 'required';
      warnings.push(`${engine.displayName} cannot fall back to plain text safely, so "preferred" behaves as "required".`);
    }
    const unsupported = engine.unsupportedModes?.[effective];
    if (unsupported) warnings.push(`${engine.displayName} cannot honour "${effective}": ${unsupported}`);
    const tls = { ...(target?.tls ?? {}), ...inputs } as Record<string, unknown>;
    const view = engine.driverOptions({
      mode: effective,
      tls: {
        ...(tls.caFile ? { caFile: tls.caFile as string } : {}),
        ...(tls.certFile ? { certFile: tls.certFile as string } : {}),
        ...(tls.keyFile ? { keyFile: tls.keyFile as string } : {}),
        ...(tls.servername ? { servername: tls.servername as string } : {}),
        ...(tls.minTlsVersion ? { minTlsVersion: tls.minTlsVersion as never } : {}),
        passphrase: Boolean(tls.passphrase),
      },
      ...(target ? { host: target.host } : {}),
    });
    print(opts.json, { engine: engine.id, mode: { requested, effective }, fallback: engine.fallback, ...view, warnings }, () => formatExplain(engine, requested === effective ? requested : `${requested} → ${effective}`, view, warnings));
  });

  addCommon(program.command('diagnose').argument('<message...>', 'the error message to classify').description('classify a pasted driver or server error without connecting'))
    .requiredOption('--engine <id>', 'engine whose driver produced the message')
    .option('--ssl-mode <mode>', 'the mode that was requested')
    .option('--code <code>', 'the error code, if the driver gave one separately')
    .action(async (words: string[], opts: CommonOptions & { engine: string; sslMode?: string; code?: string }) => {
      const registry = await registryFor(opts);
      const engine = registry.get(opts.engine);
      const message = words.join(' ');
      const mode = opts.sslMode ? parseSslMode(opts.sslMode) : engine.defaultMode === NOT_APPLICABLE ? null : engine.defaultMode;
      const code = opts.code ?? /\b(E[A-Z]{3,}|ERR_[A-Z0-9_]+|[A-Z]+(?:_[A-Z0-9]+){2,}|28P01|28000)\b/.exec(message)?.[1];
      const error = Object.assign(new Error(message), code ? { code } : {});
      const diagnosis = diagnoseError(engine, error, { requestedMode: mode, effectiveMode: mode, given: { ca: false, clientCertificate: false } });
      print(opts.json, { engine: engine.id, mode, diagnosis }, () => [`${engine.displayName}: ${diagnosis.cause}`, ...formatDiagnosis(diagnosis, mode)].join('\n'));
    });

  return {
    async run(argv) {
      let json = argv.includes('--json');
      try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
      } catch (error) {
        if (error instanceof CommanderError) {
          if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
          if (error.exitCode === 0) return EXIT.ok;
          return EXIT.usage;
        }
        const known = isDbtlsError(error) || error instanceof UsageError;
        const message = redactText(known ? (error as Error).message : `Unexpected error: ${(error as Error)?.message ?? String(error)}`, secrets);
        const code = isDbtlsError(error) ? error.code : error instanceof UsageError ? 'invalid-option' : 'internal';
        if (json) io.out(JSON.stringify({ ok: false, error: { code, message } }, null, 2));
        else io.err(`${colors.red('dbtls:')} ${message}`);
        json = false;
        return known ? EXIT.usage : EXIT.connectionFailed;
      }
    },
  };
}

export { Option };
