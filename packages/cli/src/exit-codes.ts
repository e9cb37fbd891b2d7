/**
 * Exit codes of the CLI.
 *
 * @example
 * ```ts
 * if (code === EXIT.usage) console.error('bad input');
 * ```
 */
export const EXIT = { ok: 0, connectionFailed: 1, usage: 2, internal: 3 } as const;

/** What each exit code means, as `dbtls --help` prints it. */
export const EXIT_CODE_HELP: readonly [string, string][] = [
  [String(EXIT.ok), 'success (connected; or the command did what it was asked)'],
  [String(EXIT.connectionFailed), 'the connection failed, and the diagnosis says why'],
  [String(EXIT.usage), 'bad usage or bad input (unknown option or engine, malformed URL, unreadable file, missing driver …)'],
  [String(EXIT.internal), 'internal error in dbtls or an engine plugin (a bug: please report it)'],
];
