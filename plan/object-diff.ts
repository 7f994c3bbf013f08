/**
 * Field-by-field comparison of two versions of an object. Objects are flattened to leaves
 * (`spec.hard["requests.nvidia.com/gpu"]`); lists of named items (containers, env, volumes,
 * ports…) are matched by `name`, so adding one item does not show every later item as changed.
 * Values are compared raw and redacted only for display.
 */
import type { FieldChange } from './plan-types';
import { redactLeaf } from '../lib/redact';

interface Leaf {
  readonly segments: readonly (string | number)[];
  readonly value: unknown;
}

/** Leaves of a value in document order, keyed by their display path. */
export function flatten(value: unknown): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  walk(value, [], '', out);
  return out;
}

function walk(value: unknown, segments: (string | number)[], path: string, out: Map<string, Leaf>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.set(path, { segments: [...segments], value: [] });
      return;
    }
    const byName = namedItems(value);
    value.forEach((item, i) => {
      const seg = byName ? `[name=${byName[i]}]` : `[${i}]`;
      walk(item, [...segments, byName ? seg : i], `${path}${seg}`, out);
    });
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) {
      out.set(path, { segments: [...segments], value: {} });
      return;
    }
    for (const [k, v] of entries) walk(v, [...segments, k], joinKey(path, k), out);
    return;
  }
  out.set(path, { segments: [...segments], value });
}

/** Item names when every item is an object with a distinct string `name`. */
function namedItems(list: readonly unknown[]): string[] | null {
  const names: string[] = [];
  for (const item of list) {
    const n = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).name : undefined;
    if (typeof n !== 'string') return null;
    names.push(n);
  }
  return new Set(names).size === names.length ? names : null;
}

const plainKeys = new Map<string, boolean>();

function joinKey(path: string, key: string): string {
  let plain = plainKeys.get(key);
  if (plain === undefined) plainKeys.set(key, (plain = /^[A-Za-z_$][\w$-]*$/.test(key)));
  if (plain) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Changed leaves between two versions, redacted; head's order, then fields only base had. */
export function diffObject(kind: string, base: unknown, head: unknown): FieldChange[] {
  const a = flatten(base);
  const b = flatten(head);
  const changes: FieldChange[] = [];
  for (const [path, leaf] of b) {
    const old = a.get(path);
    if (!old) changes.push({ path, new: redactLeaf(kind, leaf.segments, leaf.value) });
    else if (!sameLeaf(old.value, leaf.value)) changes.push({ path, old: redactLeaf(kind, old.segments, old.value), new: redactLeaf(kind, leaf.segments, leaf.value) });
  }
  for (const [path, leaf] of a) if (!b.has(path)) changes.push({ path, old: redactLeaf(kind, leaf.segments, leaf.value) });
  return changes;
}

/** Fields the address line already shows. */
const IN_ADDRESS = new Set(['kind', 'metadata.name', 'metadata.namespace']);

/** Every leaf of a new object but those in its address, redacted. */
export function objectFields(kind: string, value: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [path, leaf] of flatten(value)) if (!IN_ADDRESS.has(path)) out.push({ path, new: redactLeaf(kind, leaf.segments, leaf.value) });
  return out;
}

function sameLeaf(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length;
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') return Array.isArray(x) === Array.isArray(y);
  return x === y;
}
