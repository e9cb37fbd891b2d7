import type { EngineRegistry } from '@dbtls/core';

/** Where a command reads and writes; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether standard output is a terminal (tables are drawn only there); default: process.stdout.isTTY. */
  isTTY?: boolean;
}

/**
 * One option of a command, in `node:util` `parseArgs` terms plus what `--help` prints.
 *
 * @example
 * ```ts
 * const timeout: OptionSpec = { type: 'string', value: 'ms', default: '10000', description: 'give up after this many milliseconds' };
 * ```
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Placeholder shown in help, e.g. `file` for `--ca <file>`. */
  value?: string;
  multiple?: boolean;
  short?: string;
  default?: string;
  /** The command refuses to run without it. */
  required?: boolean;
}

/**
 * One positional argument of a command.
 *
 * @example
 * ```ts
 * const url: ArgumentSpec = { name: 'url', description: 'connection URL' };
 * ```
 */
export interface ArgumentSpec {
  name: string;
  description: string;
  /** Takes every remaining word. Only the last argument can be variadic. */
  variadic?: boolean;
  optional?: boolean;
}

/** Parsed option values, keyed by the long option name (`ssl-mode`, `json`, …). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command's `run` gets. */
export interface CommandContext {
  io: Io;
  /** Option values; flags not given are absent (or their default). */
  values: OptionValues;
  /** Positional arguments, in order. */
  args: string[];
  /** Values to mask in every output; push a password or passphrase as soon as it is known. */
  secrets: string[];
  /** Prints `value` as JSON when `json`, else the human text; both redacted of `secrets`. */
  print(json: boolean | undefined, value: unknown, human: () => string): void;
  /**
   * The engine registry: first-party engines, the config file's and `--plugin` plugins. `need`, the
   * engine id, alias or URL the command is about, lets it load only the first-party package that
   * handles it (all of them when none is known to).
   */
  registry(need?: string): Promise<EngineRegistry>;
}

/**
 * A CLI command: its arguments, options and what it does. The module of a
 * command default-exports one, made with {@link defineCommand}.
 */
export interface CommandModule {
  /** Shown under `dbtls <name> --help`. */
  description: string;
  arguments?: readonly ArgumentSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Resolves to the exit code (nothing means 0). Throw a DbtlsError for bad input (exit 2). */
  run(context: CommandContext): Promise<number | void>;
}

/**
 * Types a command module's default export.
 *
 * @example
 * ```ts
 * export default defineCommand({
 *   description: 'say hello',
 *   options: { json: { type: 'boolean', description: 'print one JSON object' } },
 *   async run({ values, print }) { print(values.json as boolean, { hello: true }, () => 'hello'); },
 * });
 * ```
 */
export function defineCommand(command: CommandModule): CommandModule {
  return command;
}
