/**
 * Exit codes of the CLI.
 *
 * @example
 * ```ts
 * if (code === EXIT.usage) console.error('bad input');
 * ```
 */
export const EXIT = { ok: 0, connectionFailed: 1, usage: 2 } as const;
