/**
 * Looks `key` up in a table as an own property only, so user input such as
 * `constructor`, `__proto__` or `toString` never finds something inherited
 * from `Object.prototype`. Every lookup of user input in a table goes through it.
 *
 * @example
 * ```ts
 * ownValue({ require: 'required' }, 'constructor'); // undefined
 * ownValue({ require: 'required' }, 'require');     // 'required'
 * ```
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
