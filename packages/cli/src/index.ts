export { createProgram, EXIT } from './program.js';
export { loadRegistry, FIRST_PARTY_PLUGINS, CONFIG_FILE, type LoadedPlugin } from './plugins.js';
