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

export function scalar(s: string): string {
  if (PLAIN.test(s) && !SPECIAL.has(s) && !/^[.]?(inf|nan)$/i.test(s)) return s;
  return JSON.stringify(s);
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

function isMultiline(s: string): boolean {
  return s.includes('\n') && !/^[ \t]/.test(s) && !/[ \t]\n/.test(s) && !/\r/.test(s);
}

function literal(s: string, indent: string): string {
  const chomp = s.endsWith('\n\n') ? '+' : s.endsWith('\n') ? '' : '-';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  return `|${chomp}\n${body
    .split('\n')
    .map((l) => (l === '' ? '' : indent + l))
    .join('\n')}`;
}

function inline(v: Value): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return scalar(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (!Array.isArray(v) && typeof v === 'object' && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function write(v: Value, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v as readonly Value[]) {
      const one = inline(item);
      if (one !== undefined) out.push(`${indent}- ${one}\n`);
      else if (typeof item === 'string') out.push(`${indent}- ${literal(item, `${indent}  `)}\n`);
      else {
        const inner: string[] = [];
        write(item, `${indent}  `, inner);
        // The first line of the nested block goes after the dash.
        const text = inner.join('');
        out.push(`${indent}- ${text.slice(indent.length + 2)}`);
      }
    }
    return;
  }
  for (const [k, raw] of Object.entries(v as { readonly [k: string]: Value })) {
    if (raw === undefined) continue;
    if (typeof raw === 'string' && isMultiline(raw)) {
      out.push(`${indent}${key(k)}: ${literal(raw, `${indent}  `)}\n`);
      continue;
    }
    const one = inline(raw);
    if (one !== undefined) {
      out.push(`${indent}${key(k)}: ${one}\n`);
    } else {
      out.push(`${indent}${key(k)}:\n`);
      write(raw, Array.isArray(raw) ? indent : `${indent}  `, out);
    }
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

/** Several documents in one stream, each introduced by `---`. */
export function toYamlStream(values: readonly Value[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join('');
}

export type YamlValue = Value;
