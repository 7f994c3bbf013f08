/**
 * A small, fast block-style YAML writer for plain JSON-like data. The bare-metal target emits
 * tens of thousands of objects for a large site; the `yaml` package's stringify takes seconds
 * for that, this takes milliseconds. Keys keep their insertion order (objects are built in the
 * conventional apiVersion/kind/metadata/spec order); strings are quoted whenever a plain scalar
 * could be read as anything but the same string.
 */

type Value = string | number | boolean | null | undefined | readonly Value[] | { readonly [k: string]: Value };

/** Words YAML 1.1/1.2 readers turn into booleans or null. */
const SPECIAL = new Set(['', '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N']);
/** Safe plain scalars: start with a letter or / . _ , no ": ", no " #", no trailing colon. */
const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./@=+-]*(?::[A-Za-z0-9_./@=+-]+)*$/;

/**
 * Characters JSON leaves raw that a YAML reader must not see raw: DEL and C1 controls are not
 * printable to YAML (PyYAML, which cloud-init uses, refuses the whole document), and NEL, line
 * and paragraph separators are line breaks to a YAML 1.1 reader. `\uXXXX` is the same escape in both.
 */
const NOT_PRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const NOT_PRINTABLE_ALL = new RegExp(NOT_PRINTABLE.source, 'g');

export function scalar(s: string): string {
  if (PLAIN.test(s) && !SPECIAL.has(s) && !/^[.]?(inf|nan)$/i.test(s)) return s;
  const quoted = JSON.stringify(s);
  return NOT_PRINTABLE.test(quoted) ? quoted.replace(NOT_PRINTABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : quoted;
}

/** Keys repeat across thousands of objects: quote each once. */
const keyCache = new Map<string, string>();
function key(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    q = scalar(k);
    if (keyCache.size < 10_000) keyCache.set(k, q);
  }
  return q;
}

/**
 * Text a literal block (`|`) can carry exactly: some text besides line breaks (a block of empty
 * lines reads back as ""), no blank leading its first non-empty line (that line sets the block's
 * indentation), no trailing blanks on a line, no CR or other control character (a block has no
 * escapes; such text is written quoted).
 */
function isMultiline(s: string): boolean {
  return s.includes('\n') && /[^\n]/.test(s) && !/^\n*[ \t]|[ \t]\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(s);
}

function literal(s: string, indent: string): string {
  const chomp = s.endsWith('\n\n') ? '+' : s.endsWith('\n') ? '' : '-';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  // Every line indented, empty lines left empty. A plain loop: the user-data of 20k nodes
  // passes through here, and split/map/join or a regex replace cost several times more.
  let text = `|${chomp}\n`;
  let start = 0;
  for (;;) {
    const nl = body.indexOf('\n', start);
    const line = nl < 0 ? body.slice(start) : body.slice(start, nl);
    if (line !== '') text += indent + line;
    if (nl < 0) return text;
    text += '\n';
    start = nl + 1;
  }
}

function isEmptyObject(v: object): boolean {
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

function inline(v: Value): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return scalar(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  return isEmptyObject(v as object) ? '{}' : undefined;
}

/**
 * Appends the block lines of a mapping or sequence to `out`. `first` is the indent of the
 * first line: a sequence item passes `<indent>- ` so its first line goes after the dash.
 */
function write(v: Value, indent: string, out: string[], first = indent): void {
  let lead = first;
  if (Array.isArray(v)) {
    for (const item of v as readonly Value[]) {
      const one = inline(item);
      if (one !== undefined) out.push(`${lead}- ${one}\n`);
      else if (typeof item === 'string') out.push(`${lead}- ${literal(item, `${indent}  `)}\n`);
      else write(item, `${indent}  `, out, `${lead}- `);
      lead = indent;
    }
    return;
  }
  const map = v as { readonly [k: string]: Value };
  for (const k of Object.keys(map)) {
    const raw = map[k];
    if (raw === undefined) continue;
    if (typeof raw === 'string' && isMultiline(raw)) {
      out.push(`${lead}${key(k)}: ${literal(raw, `${indent}  `)}\n`);
    } else {
      const one = inline(raw);
      if (one !== undefined) {
        out.push(`${lead}${key(k)}: ${one}\n`);
      } else {
        out.push(`${lead}${key(k)}:\n`);
        write(raw, Array.isArray(raw) ? indent : `${indent}  `, out);
      }
    }
    lead = indent;
  }
}

/** One YAML document (no `---`), ending with a newline. */
export function toYaml(value: Value): string {
  const one = inline(value);
  if (one !== undefined) return `${one}\n`;
  const out: string[] = [];
  write(value, '', out);
  return out.join('');
}

/** One document of a stream: `---`, then the document. */
export function toYamlDocument(value: Value): string {
  return `---\n${toYaml(value)}`;
}

/** Several documents in one stream, each introduced by `---`. */
export function toYamlStream(values: readonly Value[]): string {
  return values.map(toYamlDocument).join('');
}

export type YamlValue = Value;
