import type { OptionSpec } from './command.js';

/** `--plugin`, `--config` and `--json`: every command that reads the registry takes them. */
export const COMMON_OPTIONS = {
  plugin: { type: 'string', multiple: true, value: 'package-or-path', description: 'load a third-party engine plugin (repeatable)' },
  config: { type: 'string', value: 'file', description: 'config file naming plugins (default: dbtls.config.json here or in the nearest directory above)' },
  json: { type: 'boolean', description: 'print one JSON object' },
} as const satisfies Record<string, OptionSpec>;
