/**
 * Kubernetes objects as YAML, byte for byte what the `yaml` package's `stringify(value,
 * { lineWidth: 0, aliasDuplicateObjects: false })` writes, at a fraction of its cost: a 100k-node
 * site has thousands of objects, and the library builds a document tree for each. Only the
 * layout is written here (block maps, sequences indented under their key, `{}` and `[]`);
 * how each scalar is written (plain or quoted) is asked of the library once per distinct string
 * and remembered. Anything outside that — multi-line strings, non-finite numbers, holes,
 * values that are not plain data — goes to the library whole, so the output never differs.
 */
import { stringify } from 'yaml';

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** The cached spellings stay bounded: names repeat across objects, but a site has many. */
const CACHE_LIMIT = 200_000;
const valueCache = new Map<string, string>();
const keyCache = new Map<string, string>();

/** Thrown inside the fast writer when the value has a shape it leaves to the library. */
const NOT_PLAIN = Symbol('not plain');

/** `value` as one YAML document, exactly as `stringify(value, OPTIONS)` writes it. */
export function yamlDocument(value: unknown): string {
  if (value === null || typeof value !== 'object' || isEmpty(value)) return stringify(value, OPTIONS);
  const out: string[] = [];
  try {
    writeCollection(value, '', out, '');
  } catch (err) {
    if (err !== NOT_PLAIN) throw err;
    return stringify(value, OPTIONS);
  }
  return out.join('');
}

function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A scalar or an empty collection, on the line of its key or dash; undefined for a collection with items. */
function inline(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return scalar(v);
    case 'number':
      if (!Number.isFinite(v)) throw NOT_PLAIN;
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (!Array.isArray(v) && !isPlainObject(v)) throw NOT_PLAIN;
      if (isEmpty(v)) return Array.isArray(v) ? '[]' : '{}';
      return undefined;
    default:
      throw NOT_PLAIN; // undefined in a list, functions, symbols, bigints: the library's call
  }
}

function scalar(s: string): string {
  let q = valueCache.get(s);
  if (q === undefined) {
    if (s.includes('\n')) throw NOT_PLAIN; // block scalars depend on where they stand
    const doc = stringify(s, OPTIONS);
    q = doc.slice(0, -1);
    if (q.includes('\n')) throw NOT_PLAIN;
    if (valueCache.size < CACHE_LIMIT) valueCache.set(s, q);
  }
  return q;
}

function key(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    const doc = stringify({ [k]: null }, OPTIONS);
    if (!doc.endsWith(': null\n') || doc.indexOf('\n') !== doc.length - 1) throw NOT_PLAIN;
    q = doc.slice(0, -': null\n'.length);
    if (keyCache.size < CACHE_LIMIT) keyCache.set(k, q);
  }
  return q;
}

/**
 * Appends the lines of a non-empty map or sequence. `first` is what the first line starts
 * with (a sequence item passes `<indent>- `), `indent` what the others start with.
 */
function writeCollection(v: object, indent: string, out: string[], first: string): void {
  let lead = first;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) throw NOT_PLAIN;
      const item: unknown = v[i];
      const one = inline(item);
      if (one !== undefined) out.push(`${lead}- ${one}\n`);
      else writeCollection(item as object, `${indent}  `, out, `${lead}- `);
      lead = indent;
    }
    return;
  }
  const map = v as Record<string, unknown>;
  for (const k of Object.keys(map)) {
    const raw = map[k];
    if (raw === undefined) continue; // the library leaves undefined values out
    const one = inline(raw);
    if (one !== undefined) {
      out.push(`${lead}${key(k)}: ${one}\n`);
    } else {
      out.push(`${lead}${key(k)}:\n`);
      // Both maps and sequences under a key are indented by two (the library's indentSeq).
      writeCollection(raw as object, `${indent}  `, out, `${indent}  `);
    }
    lead = indent;
  }
}
