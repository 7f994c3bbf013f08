/**
 * Text inside Markdown that GitHub (or any CommonMark reader) renders: the plan comment and
 * the offer. The text carries values from site files (vendor names, sources, messages that
 * quote a value), so it is escaped for the place it goes: no raw HTML (`<`, `>`), no line
 * break that would start a new block, no backtick that opens a code span over what follows,
 * and in a table cell no pipe that ends the cell. `**bold**` and whole `code` spans the text
 * means are kept: a code span shows its content literally, so it cannot carry markup.
 */

/** Every character a reader may take as a line end: CR, LF, NEL, line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
/** A code span of single backticks, closed on the same line. */
const CODE_SPAN = /`[^`]+`/g;

export interface MarkdownTextOptions {
  /** In a table cell: pipes are escaped too (GitHub splits cells on `|`, even inside code spans). */
  readonly cell?: boolean;
}

/** One line of Markdown showing `s` as text. */
export function markdownText(s: string, opts: MarkdownTextOptions = {}): string {
  const flat = s.replace(LINE_BREAKS, ' ');
  let out = '';
  let last = 0;
  for (const m of flat.matchAll(CODE_SPAN)) {
    out += escapePlain(flat.slice(last, m.index), opts.cell === true);
    out += opts.cell ? m[0].replace(/\|/g, '\\|') : m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(flat.slice(last), opts.cell === true);
}

/** A table cell: markdownText with pipes escaped. */
export function markdownCell(s: string): string {
  return markdownText(s, { cell: true });
}

function escapePlain(s: string, cell: boolean): string {
  return s.replace(cell ? /[\\<>`|]/g : /[\\<>`]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}
