/**
 * A new tenant's objects mostly repeat an existing tenant's with other names. Shown in full,
 * one new tenant is two long RBAC Roles and a dozen other objects a reviewer has already read.
 * So a created object is compared with the existing objects of the same kind (names of the
 * other tenant replaced by the new one's): when one matches but for a few fields, the plan
 * shows "as <that object>" and only those fields.
 */
import { readYamlDocument } from '../lib/yaml-documents';
import { yamlDocuments } from './documents';
import { diffObject, objectFields } from './object-diff';
import type { FieldChange } from './plan-types';

export interface Template {
  /** `Kind namespace/name` of the existing object. */
  readonly like: string;
  /** What differs from it (old: the existing object's value, names replaced). */
  readonly fields: readonly FieldChange[];
}

interface Candidate {
  readonly id: string;
  readonly owner: string | undefined;
  /** The object, parsed once. */
  readonly value: Record<string, unknown>;
  /** The owner's name as a whole word (not inside a longer name), for renaming. */
  readonly ownerPattern: RegExp | undefined;
}

const MAX_CANDIDATES = 24;
const TENANT_LABEL = 'rackshift.dev/tenant';

/** Who an object belongs to: its tenant label, else its namespace. */
function ownerOf(value: Record<string, unknown>): string | undefined {
  const meta = (value.metadata ?? {}) as { namespace?: unknown; labels?: Record<string, unknown> };
  const label = meta.labels?.[TENANT_LABEL];
  if (typeof label === 'string') return label;
  return typeof meta.namespace === 'string' ? meta.namespace : undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `v` with every occurrence of `pattern` in its strings (map keys too) replaced by `to`; `v` itself is left as it is. */
function renamed(v: unknown, pattern: RegExp, to: string): unknown {
  if (typeof v === 'string') return v.replace(pattern, to);
  if (Array.isArray(v)) return v.map((x) => renamed(x, pattern, to));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.replace(pattern, to)] = renamed(x, pattern, to);
    return out;
  }
  return v;
}

export class TemplateFinder {
  private readonly cache = new Map<string, Candidate[]>();

  /** `headFiles`: every file of the site in head; `created`: keys (`Kind/ns/name`) of new objects, never templates. */
  constructor(
    private readonly headFiles: ReadonlyMap<string, string>,
    private readonly created: ReadonlySet<string>,
  ) {}

  find(target: string, kind: string, value: Record<string, unknown>): Template | undefined {
    const owner = ownerOf(value);
    if (!owner) return undefined;
    const total = objectFields(kind, value).length;
    let best: Template | undefined;
    for (const c of this.candidates(target, kind)) {
      if (!c.owner || !c.ownerPattern || c.owner === owner) continue;
      const fields = diffObject(kind, renamed(c.value, c.ownerPattern, owner) as Record<string, unknown>, value);
      if (!best || fields.length < best.fields.length) best = { like: c.id, fields };
      if (fields.length === 0) break;
    }
    // Worth it only when it leaves a small part of the object to read.
    return best && best.fields.length <= Math.max(3, Math.floor(total / 3)) ? best : undefined;
  }

  private candidates(target: string, kind: string): Candidate[] {
    const key = `${target}\u0000${kind}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out: Candidate[] = [];
    const kindLine = new RegExp(`^kind:[ \\t]*${escape(kind)}[ \\t]*$`, 'm');
    for (const [path, text] of this.headFiles) {
      if (out.length >= MAX_CANDIDATES) break;
      if (!path.startsWith(`${target}/`) || !/\.ya?ml$/.test(path) || !kindLine.test(text)) continue;
      for (const doc of yamlDocuments(text)) {
        if (out.length >= MAX_CANDIDATES || !kindLine.test(doc)) continue;
        let value: Record<string, unknown>;
        try {
          value = readYamlDocument(doc) as Record<string, unknown>;
        } catch {
          continue;
        }
        const meta = (value.metadata ?? {}) as { namespace?: unknown; name?: unknown };
        const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
        const name = String(meta.name);
        if (this.created.has(`${kind}/${ns}/${name}`)) continue;
        const owner = ownerOf(value);
        out.push({ id: `${kind} ${ns ? `${ns}/` : ''}${name}`, owner, value, ownerPattern: owner ? new RegExp(`(?<![a-z0-9-])${escape(owner)}(?![a-z0-9-])`, 'g') : undefined });
      }
    }
    this.cache.set(key, out);
    return out;
  }
}
