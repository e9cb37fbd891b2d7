import type { CommandModule, OptionSpec } from './command.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`.trimEnd());
}

const optionLabel = (name: string, o: OptionSpec) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;

/** The words after `dbtls <name>` in a usage line, e.g. `[options] <url>`. */
export function usageLine(name: string, command: CommandModule): string {
  const args = (command.arguments ?? []).map((a) => (a.optional ? `[${a.name}${a.variadic ? '...' : ''}]` : `<${a.name}${a.variadic ? '...' : ''}>`));
  return ['dbtls', name, '[options]', ...args].join(' ');
}

/**
 * `dbtls --help`: the command names and summaries of the command table; no command is loaded.
 *
 * @example
 * ```ts
 * rootHelp('Check TLS.', '1.0.0', [['engines', 'list the engines']]);
 * ```
 */
export function rootHelp(description: string, version: string, commands: [string, string][]): string {
  return [
    'Usage: dbtls <command> [options]',
    '',
    `${description} (version ${version})`,
    '',
    'Commands:',
    ...columns([...commands, ['help [command]', 'display help for a command']]),
    '',
    'Options:',
    ...columns([
      ['-V, --version', 'output the version number'],
      ['-h, --help', 'display help'],
    ]),
    '',
    'Exit codes:',
    ...columns(EXIT_CODE_HELP.map(([code, meaning]) => [code, meaning])),
    '',
    'Environment: NO_COLOR turns colour off, FORCE_COLOR=1 forces it on (FORCE_COLOR=0 off).',
    'Config: dbtls.config.json in the working directory or the nearest directory above it (or --config).',
    '',
    'Run dbtls <command> --help for the options of a command.',
  ].join('\n');
}

/**
 * `dbtls <name> --help`: usage, arguments and options of one command.
 *
 * @example
 * ```ts
 * commandHelp('engines', enginesCommand);
 * ```
 */
export function commandHelp(name: string, command: CommandModule): string {
  const lines = [`Usage: ${usageLine(name, command)}`, '', command.description];
  if (command.arguments?.length) lines.push('', 'Arguments:', ...columns(command.arguments.map((a) => [a.name, a.description])));
  const options = Object.entries(command.options).map(([key, o]): [string, string] => [
    optionLabel(key, o),
    `${o.description}${o.required ? ' (required)' : ''}${o.default !== undefined ? ` (default: "${o.default}")` : ''}`,
  ]);
  lines.push('', 'Options:', ...columns([...options, ['-h, --help', 'display help for this command']]));
  return lines.join('\n');
}
