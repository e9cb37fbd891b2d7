/**
 * The `dbtls` program: a table of commands, each loaded only when it is the one that runs.
 *
 * How a command registers (two steps, nothing else):
 *   1. Write `commands/<name>.ts` ending in
 *        export default defineCommand({ description, arguments, options, run });
 *      (see command.ts: `options` are `node:util` parseArgs options plus a help text;
 *      spread COMMON_OPTIONS / TLS_OPTIONS to share flags; `run` gets values, args, io,
 *      print, secrets and registry(), and returns the exit code).
 *   2. Add one line to COMMANDS below:
 *        <name>: { summary: 'what dbtls --help prints', load: () => import('./commands/<name>.js') },
 * `dbtls --help` prints the summaries without loading any command; `dbtls <name> --help`,
 * parsing, usage errors (exit 2), JSON error objects and redaction are done here for every
 * command. Keep a command's top-level imports to what every run of it needs; a library used
 * only sometimes (a table, a URL parser for one engine) goes behind `await import()`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandContext, CommandModule, Io, OptionValues } from './command.js';
import { version as VERSION } from '../package.json';
import { EXIT } from './exit-codes.js';
import { commandHelp, rootHelp } from './help.js';

export { EXIT } from './exit-codes.js';
export type { Io } from './command.js';

/** Every command: name → the summary for `dbtls --help` and the import that loads it. */
export const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<{ default: CommandModule }> }>> = {
  engines: { summary: 'list the installed engines with their default mode, Preferred fallback and guidance', load: () => import('./commands/engines.js') },
  connect: { summary: 'connect, make one round trip, and print the TLS report or the diagnosis', load: () => import('./commands/connect.js') },
  explain: { summary: 'show the driver options and URL parameters a mode maps to', load: () => import('./commands/explain.js') },
  diagnose: { summary: 'classify a pasted driver or server error without connecting', load: () => import('./commands/diagnose.js') },
  translate: { summary: "write a connection string in another client's syntax, keeping its TLS meaning", load: () => import('./commands/translate.js') },
  check: { summary: 'check a fleet of targets against a TLS policy, as a CI gate', load: () => import('./commands/check.js') },
  exporter: { summary: 'Prometheus multi-target exporter for the targets of a file', load: () => import('./commands/exporter.js') },
  completion: { summary: 'print a shell completion script: dbtls completion bash|zsh|fish', load: () => import('./commands/completion.js') },
  probe: { summary: 'find the strictest TLS mode that works against a server, and what to pass to get it', load: () => import('./commands/probe.js') },
};

const DESCRIPTION = 'Check, explain and diagnose SSL/TLS connections to databases, with one meaning for every mode.';

/** A mistake in the command line itself (unknown command or option, missing argument): exit 2. */
class UsageError extends Error {
  readonly code = 'invalid-option';
}

// The bundler inlines the version from package.json, so --version reads no file at run time.
const version = () => VERSION;

function parse(name: string, command: CommandModule, argv: string[]): { values: OptionValues; args: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [key, o] of Object.entries(command.options)) {
    options[key] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    // node:util words it "Unknown option '--x'. To specify a positional argument …": keep the first sentence.
    const first = String((error as Error).message).split('. ')[0]!.replace(/\.$/, '');
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1));
  }
  const specs = command.arguments ?? [];
  const needed = specs.filter((a) => !a.optional).length;
  const missing = specs[parsed.positionals.length];
  if (parsed.positionals.length < needed && missing) throw new UsageError(`missing required argument '${missing.name}'`);
  if (!specs.some((a) => a.variadic) && parsed.positionals.length > specs.length) {
    throw new UsageError(`too many arguments for '${name}': expected ${specs.length}, got ${parsed.positionals.length}`);
  }
  for (const [key, o] of Object.entries(command.options)) {
    if (o.required && parsed.values[key] === undefined) throw new UsageError(`required option '--${key} <${o.value ?? 'value'}>' not specified`);
    if (o.type !== 'string' || !Object.hasOwn(parsed.values, key)) continue;
    const given = parsed.values[key];
    for (const value of Array.isArray(given) ? given : [given]) {
      if (typeof value !== 'string' || value === o.default) continue;
      // An empty value would otherwise be read as "not given" and silently fall back to the default.
      if (value.trim() === '') throw new UsageError(`--${key} needs a value (it was given an empty one)`);
      // A control character (newline, escape, NUL) in a flag is never a valid value and would split or forge output lines.
      if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) throw new UsageError(`--${key} contains a control character (newline, escape or NUL), which no valid value has`);
    }
  }
  return { values: parsed.values, args: parsed.positionals };
}

/**
 * Builds the `dbtls` program. `run()` resolves to the exit code; nothing here
 * calls `process.exit`, so it can be tested in-process.
 *
 * @example
 * ```ts
 * const program = createProgram({ out: console.log, err: console.error, env: process.env, cwd: process.cwd() });
 * process.exitCode = await program.run(['engines', '--json']);
 * ```
 */
export function createProgram(io: Io): { run(argv: string[]): Promise<number> } {
  return {
    async run(argv) {
      const secrets: string[] = [];
      const json = argv.includes('--json');
      const [name, ...rest] = argv;
      const commandList = (): [string, string][] => Object.entries(COMMANDS).map(([n, c]) => [n, c.summary]);
      try {
        if (name === undefined) {
          io.err(rootHelp(DESCRIPTION, version(), commandList()));
          return EXIT.usage;
        }
        if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
          io.out(rootHelp(DESCRIPTION, version(), commandList()));
          return EXIT.ok;
        }
        if (name === '--version' || name === '-V') {
          io.out(version());
          return EXIT.ok;
        }
        const helpFor = name === 'help' ? rest[0]! : undefined;
        const entry = Object.hasOwn(COMMANDS, helpFor ?? name) ? COMMANDS[helpFor ?? name] : undefined;
        if (!entry) throw new UsageError(name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${helpFor ?? name}'`);
        const command = (await entry.load()).default;
        const dashDash = rest.indexOf('--');
        const flags = dashDash === -1 ? rest : rest.slice(0, dashDash);
        if (helpFor || flags.includes('--help') || flags.includes('-h')) {
          io.out(commandHelp(helpFor ?? name, command));
          return EXIT.ok;
        }
        const { values, args } = parse(name, command, rest);
        const core = await import('@dbtls/core');
        const { loadRegistry } = await import('./plugins.js');
        const context: CommandContext = {
          io,
          values,
          args,
          secrets,
          // Secrets are masked where they enter messages (URLs, driver errors, echoed input); finished output
          // is never scanned for them, so no field value is ever altered by chance.
          print: (asJson, value, human) => io.out(asJson ? JSON.stringify(core.redactValue(value), null, 2) : human()),
          registry: async (need?: string) => {
            const plugins = values.plugin as string[] | undefined;
            const config = values.config as string | undefined;
            return (await loadRegistry({ ...(plugins?.length ? { plugins } : {}), ...(config ? { config } : {}), cwd: io.cwd, env: io.env, ...(need ? { need } : {}) })).registry;
          },
        };
        return (await command.run(context)) ?? EXIT.ok;
      } catch (error) {
        const { isDbtlsError, redactText } = await import('@dbtls/core');
        const usage = error instanceof UsageError;
        const known = isDbtlsError(error) || usage;
        // A dbtls error's message is masked where it was built; only an unexpected error (of unknown origin) is masked here.
        const message = known ? (error as Error).message : redactText(`Unexpected error: ${(error as Error)?.message ?? String(error)}`, secrets);
        const code = isDbtlsError(error) || usage ? (error as { code: string }).code : 'internal';
        if (json) io.out(JSON.stringify({ ok: false, error: { code, message } }, null, 2));
        else {
          const { colors } = await import('./output.js');
          const { escapeText } = await import('./terminal-safe.js');
          io.err(`${colors.red('dbtls:')} ${escapeText(message)}${usage ? `\n(run dbtls ${COMMANDS[name ?? ''] ? `${name} ` : ''}--help for usage)` : ''}`);
        }
        return known ? EXIT.usage : EXIT.internal;
      }
    },
  };
}
