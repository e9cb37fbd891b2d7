export { createProgram, COMMANDS, EXIT, type Io } from './program.js';
export { defineCommand, type CommandModule, type CommandContext, type OptionSpec, type ArgumentSpec, type OptionValues } from './command.js';
export { loadRegistry, FIRST_PARTY_PLUGINS, CONFIG_FILE, type LoadedPlugin } from './plugins.js';
