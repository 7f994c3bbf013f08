/**
 * Characters that must never travel from an input into a generated file or a terminal as
 * themselves: they end a line of a config file, start an escape sequence, or reorder what a
 * reader sees. Site fields refuse them at load (constructs/spec-fields.ts); messages show them
 * escaped (showControls), so a hostile value is seen, never interpreted.
 */

/**
 * C0 controls (newline, tab, NUL, ESC…), DEL, C1 controls (NEL, CSI…), line and paragraph
 * separators, bidirectional embeddings/overrides/isolates and the byte-order mark.
 */
export const CONTROL_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`);
const CONTROL_ALL = new RegExp(`[${CONTROL_CHARS}]`, 'g');

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** `a\nb\x1b[31m` for "a", newline, "b", ESC, "[31m": safe to print, and says what was there. */
export function showControls(s: string): string {
  return s.replace(CONTROL_ALL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
