/**
 * `String(value)` that never throws: a thrown value can be anything, including an object whose
 * `toString` is not a function or throws. Falls back to `[object Type]`.
 *
 * @example
 * ```ts
 * safeString({ toString: 0 }); // '[object Object]'
 * safeString(new Error('x'));  // 'Error: x'
 * ```
 */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
