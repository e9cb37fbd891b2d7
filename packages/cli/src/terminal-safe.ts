/**
 * Characters a terminal acts on instead of printing: C0 controls (newline, carriage return, escape,
 * backspace, bell …), DEL, C1 controls, and the Unicode bidirectional overrides that reorder text.
 * Tab is left alone (it only moves the cursor right).
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string): string => {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Escapes the characters a terminal would act on (escape sequences that set the title, erase lines or
 * move the cursor; newlines that would start a forged line), so text from a server, a driver or a file
 * prints as what it is. For human output only: JSON output stays exact.
 *
 * @example
 * ```ts
 * escapeText('bad\u001b]0;owned\u0007\n✔ Connected'); // 'bad\\x1b]0;owned\\x07\\n✔ Connected'
 * ```
 */
export function escapeText(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * Deep-copies a JSON-like value with {@link escapeText} applied to every string, for the human
 * formatters: whatever a formatter prints from it cannot drive the terminal.
 *
 * @example
 * ```ts
 * escapeControls({ message: 'a\nb' }); // { message: 'a\\nb' }
 * ```
 */
export function escapeControls<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return escapeText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
