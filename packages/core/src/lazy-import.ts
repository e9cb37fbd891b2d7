import { DbtlsError } from './dbtls-error.js';

/**
 * Imports an optional driver on first use. When it is not installed, throws
 * `DbtlsError('driver-missing')` saying exactly what to install.
 *
 * @example
 * ```ts
 * const { default: Redis } = await importDriver<typeof import('ioredis')>('ioredis', 'Redis', () => import('ioredis'));
 * // a driver whose right version depends on the running Node.js:
 * await importDriver('better-sqlite3', 'SQLite', () => import('better-sqlite3'), { installSpec: 'better-sqlite3@12' });
 * ```
 */
export async function importDriver<T>(packageName: string, engineName: string, load: () => Promise<T>, options: { installSpec?: string } = {}): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new DbtlsError('driver-missing', `The ${engineName} engine needs the "${packageName}" driver, which is not installed. Install it with: npm install ${options.installSpec ?? packageName}`, { cause: error });
    }
    throw error;
  }
}
