import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private temporary file; `remove()` deletes it and its directory. */
export interface TempPemFile {
  path: string;
  remove(): void;
}

/**
 * Writes PEM blocks (for example a client certificate and its key, for a
 * driver that wants both in one file) into a new private directory (0700) as a
 * file with mode 0600. Call `remove()` in a `finally`.
 *
 * @example
 * ```ts
 * const file = writeTempPemFile('client', [material.cert!, material.key!]);
 * try { await useDriver(file.path); } finally { file.remove(); }
 * ```
 */
export function writeTempPemFile(name: string, blocks: string[]): TempPemFile {
  const dir = mkdtempSync(join(tmpdir(), 'dbtls-'));
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, blocks.map((b) => (b.endsWith('\n') ? b : `${b}\n`)).join(''), { mode: 0o600 });
  let removed = false;
  return {
    path,
    remove() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
