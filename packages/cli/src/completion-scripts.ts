import type { CommandModule, OptionSpec } from './command.js';

/** Shells `dbtls completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
/** One of {@link SHELLS}. */
export type Shell = (typeof SHELLS)[number];

/** The SSL modes offered after `--ssl-mode`. */
const MODES = ['disabled', 'preferred', 'required', 'verify-ca', 'verify-identity'];

/** What the completion needs to know about the program: every command with its options. */
export interface CompletionSpec {
  commands: { name: string; summary: string; command: CommandModule }[];
  /** Engine ids offered after `--engine`. */
  engines: readonly string[];
}

/** What an option takes, for completion: a file, a mode, an engine id, some other word, or nothing. */
function valueKind(o: OptionSpec): 'file' | 'mode' | 'engine' | 'word' | 'none' {
  if (o.type === 'boolean') return 'none';
  if (o.value === 'file' || o.value === 'package-or-path') return 'file';
  if (o.value === 'mode') return 'mode';
  if (o.value === 'id') return 'engine';
  return 'word';
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name);
  const fileOpts = new Set<string>();
  const valueOpts = new Set<string>();
  for (const { command } of spec.commands) {
    for (const [name, o] of Object.entries(command.options)) {
      const kind = valueKind(o);
      if (kind === 'file') fileOpts.add(`--${name}`);
      else if (kind === 'word') valueOpts.add(`--${name}`);
    }
  }
  return [
    '# bash completion for dbtls. Load it with: source <(dbtls completion bash)',
    '_dbtls() {',
    '  local cur prev cmd opts',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  cmd="${COMP_WORDS[1]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=( $(compgen -W ${q([...names, 'help', '--help', '--version'].join(' '))} -- "$cur") )`,
    '    return 0',
    '  fi',
    '  case "$prev" in',
    `    --ssl-mode) COMPREPLY=( $(compgen -W ${q(MODES.join(' '))} -- "$cur") ); return 0 ;;`,
    `    --engine) COMPREPLY=( $(compgen -W ${q(spec.engines.join(' '))} -- "$cur") ); return 0 ;;`,
    ...(fileOpts.size ? [`    ${[...fileOpts].join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;`] : []),
    ...(valueOpts.size ? [`    ${[...valueOpts].join('|')}) COMPREPLY=(); return 0 ;;`] : []),
    '  esac',
    '  case "$cmd" in',
    ...spec.commands.map(({ name, command }) => `    ${name}) opts=${q([...Object.keys(command.options).map((o) => `--${o}`), '--help'].join(' '))} ;;`),
    `    help) opts=${q(names.join(' '))} ;;`,
    '    *) opts="" ;;',
    '  esac',
    '  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
    '}',
    'complete -o default -F _dbtls dbtls',
    '',
  ].join('\n');
}

// Inside '…' in zsh: brackets, colons and backslashes are escaped for _arguments/_describe; a quote ends and restarts the string.
const zq = (s: string) => s.replace(/[[\]:\\]/g, (c) => `\\${c}`).replace(/'/g, `'\\''`);

function zsh(spec: CompletionSpec): string {
  const action = (o: OptionSpec) => {
    const kind = valueKind(o);
    if (kind === 'none') return '';
    if (kind === 'file') return `:${o.value}:_files`;
    if (kind === 'mode') return `:mode:(${MODES.join(' ')})`;
    if (kind === 'engine') return `:engine:(${spec.engines.join(' ')})`;
    return `:${o.value ?? 'value'}: `;
  };
  const lines = [
    '#compdef dbtls',
    '# zsh completion for dbtls. Load it with: source <(dbtls completion zsh)',
    '_dbtls() {',
    '  local -a commands',
    '  commands=(',
    ...spec.commands.map((c) => `    '${c.name}:${zq(c.summary)}'`),
    "    'help:display help for a command'",
    '  )',
    '  if (( CURRENT == 2 )); then',
    "    _describe -t commands 'dbtls command' commands",
    '    return',
    '  fi',
    '  case "${words[2]}" in',
  ];
  for (const { name, command } of spec.commands) {
    const args = Object.entries(command.options).map(([opt, o]) => `      '${o.multiple ? '*' : ''}--${opt}[${zq(o.description)}]${action(o)}'`);
    lines.push(`    ${name})`, '      _arguments -s \\', ...args.map((a) => `${a} \\`), "      '--help[display help for this command]' \\", "      '*:argument:_files'", '      ;;');
  }
  lines.push("    help) _describe -t commands 'dbtls command' commands ;;", '  esac', '}', 'if [ "$funcstack[1]" = "_dbtls" ]; then _dbtls "$@"; else compdef _dbtls dbtls; fi', '');
  return lines.join('\n');
}

const fq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name);
  const lines = [
    '# fish completion for dbtls. Load it with: dbtls completion fish | source',
    'complete -c dbtls -f',
    ...spec.commands.map((c) => `complete -c dbtls -n __fish_use_subcommand -a ${c.name} -d ${fq(c.summary)}`),
    `complete -c dbtls -n __fish_use_subcommand -a help -d ${fq('display help for a command')}`,
    `complete -c dbtls -n '__fish_seen_subcommand_from help' -a ${fq(names.join(' '))}`,
    `complete -c dbtls -n __fish_use_subcommand -s V -l version -d ${fq('output the version number')}`,
  ];
  for (const { name, command } of spec.commands) {
    for (const [opt, o] of Object.entries(command.options)) {
      const kind = valueKind(o);
      const values = kind === 'mode' ? ` -xa ${fq(MODES.join(' '))}` : kind === 'engine' ? ` -xa ${fq(spec.engines.join(' '))}` : kind === 'file' ? ' -rF' : kind === 'word' ? ' -x' : '';
      lines.push(`complete -c dbtls -n '__fish_seen_subcommand_from ${name}' -l ${opt}${values} -d ${fq(o.description)}`);
    }
    lines.push(`complete -c dbtls -n '__fish_seen_subcommand_from ${name}' -s h -l help -d ${fq('display help for this command')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The completion script for `shell`, built from the commands' option specs (so it never lags behind
 * the program).
 *
 * @example
 * ```ts
 * completionScript('bash', { commands: [], engines: ['postgres'] }).startsWith('# bash completion'); // true
 * ```
 */
export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'bash' ? bash(spec) : shell === 'zsh' ? zsh(spec) : fish(spec);
}
