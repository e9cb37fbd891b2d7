import type { DriverOptionsInput } from '@dbtls/core';

/**
 * The Preferred-fallback sentence of an embedded engine: there is nothing to
 * fall back from.
 *
 * @example
 * ```ts
 * embeddedFallback('SQLite').capability; // 'none'
 * ```
 */
export function embeddedFallback(displayName: string): { capability: 'none'; how: string } {
  return {
    capability: 'none',
    how: `Not applicable: ${displayName} is a library that reads a local file, so there is no network connection to encrypt and nothing to fall back from. Every mode opens the file the same way, with a warning that TLS does not apply.`,
  };
}

/**
 * Notes shared by the driver-options views of the embedded engines: the mode
 * and any TLS files change nothing.
 *
 * @example
 * ```ts
 * embeddedNotes('SQLite', 'better-sqlite3', { mode: 'required', tls: {} });
 * ```
 */
export function embeddedNotes(displayName: string, driver: string, input: DriverOptionsInput): string[] {
  const notes = [`${displayName} has no network protocol and ${driver} has no TLS option: these options are the same for every mode ("${input.mode}" changes nothing).`];
  const files = [input.tls.caFile && 'CA', input.tls.certFile && 'client certificate', input.tls.keyFile && 'client key'].filter(Boolean);
  if (files.length) notes.push(`The ${files.join(', ')} file${files.length > 1 ? 's' : ''} given ${files.length > 1 ? 'are' : 'is'} not used.`);
  return notes;
}

/** Placeholder shown for the connect timeout in driver options. */
export const TIMEOUT_PLACEHOLDER = '<the connect timeout, ms>';
