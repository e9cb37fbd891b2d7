import { DbtlsError } from '@dbtls/core';
import { defineCommand } from '../command.js';
import { completionScript, SHELLS, type Shell } from '../completion-scripts.js';
import { KNOWN_ENGINES } from '../known-engines.js';

/** `dbtls completion bash|zsh|fish`: prints a completion script for the shell. */
export default defineCommand({
  description: `print a completion script for ${SHELLS.join(', ')}. bash: source <(dbtls completion bash); zsh: source <(dbtls completion zsh); fish: dbtls completion fish | source`,
  arguments: [{ name: 'shell', description: SHELLS.join(' | ') }],
  options: {},
  async run({ args, io }) {
    const shell = args[0]!;
    if (!(SHELLS as readonly string[]).includes(shell)) throw new DbtlsError('invalid-option', `Unknown shell "${shell}": dbtls completion writes scripts for ${SHELLS.join(', ')}.`);
    const { COMMANDS } = await import('../program.js');
    const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, entry]) => ({ name, summary: entry.summary, command: (await entry.load()).default })));
    io.out(completionScript(shell as Shell, { commands, engines: KNOWN_ENGINES.map((k) => k.names[0]) }).trimEnd());
  },
});
