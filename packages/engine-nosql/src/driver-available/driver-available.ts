import { createRequire } from 'node:module';

declare const __filename: string | undefined;

/**
 * True when `packageName` can be resolved from this package, without
 * importing (and so without running) it.
 *
 * @example
 * ```ts
 * isDriverInstalled('ioredis'); // false when ioredis is not installed
 * ```
 */
export function isDriverInstalled(packageName: string): boolean {
  try {
    const from = typeof __filename === 'string' ? __filename : import.meta.url;
    const require = createRequire(from);
    // Resolving package.json works even for packages whose "exports" hide the main file from require().
    try {
      require.resolve(`${packageName}/package.json`);
    } catch {
      require.resolve(packageName);
    }
    return true;
  } catch {
    return false;
  }
}
