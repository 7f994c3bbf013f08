/**
 * Terraform (cdk.tf.json) and Pulumi (objects.json) carry the same Kubernetes objects as the
 * kubernetes/ manifests, rendered from one object list. A reviewer should read those objects
 * once: when the objects a Terraform or Pulumi file changes are exactly the ones kubernetes/
 * changes (same kinds, names and actions), the plan says "the same N objects" instead of
 * showing the file's diff; only a file that differs from kubernetes/ is shown.
 */
import type { ChangeAction } from './plan-types';

/** kind/namespace/name of every object a mirrored file holds, with its JSON for comparing. */
export type ObjectIndex = Map<string, string>;

/** Files that mirror kubernetes/: Terraform JSON stacks and Pulumi's object list. */
export function mirrorTarget(path: string): 'terraform' | 'pulumi' | undefined {
  if (/^terraform\/(.*\/)?cdk\.tf\.json$/.test(path)) return 'terraform';
  if (path === 'pulumi/objects.json') return 'pulumi';
  return undefined;
}

const pascal = (snake: string) => snake.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The objects of a mirrored file, keyed `Kind/namespace/name`; undefined when it cannot be read as such. */
export function indexMirror(target: 'terraform' | 'pulumi', text: string): ObjectIndex | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: ObjectIndex = new Map();
  const add = (kind: unknown, meta: unknown, value: unknown) => {
    const m = (meta ?? {}) as { name?: unknown; namespace?: unknown };
    if (typeof kind !== 'string' || typeof m.name !== 'string') return false;
    out.set(`${kind}/${typeof m.namespace === 'string' ? m.namespace : ''}/${m.name}`, JSON.stringify(value));
    return true;
  };
  if (target === 'pulumi') {
    if (!Array.isArray(data)) return undefined;
    for (const o of data as { kind?: unknown; metadata?: unknown }[]) if (!add(o?.kind, o?.metadata, o)) return undefined;
    return out;
  }
  const resources = (data as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource ?? {};
  for (const [type, byName] of Object.entries(resources)) {
    for (const r of Object.values(byName)) {
      const { '//': _meta, depends_on: _deps, ...body } = r;
      if (type === 'kubernetes_manifest') {
        const m = body.manifest as { kind?: unknown; metadata?: unknown } | undefined;
        if (!add(m?.kind, m?.metadata, body)) return undefined;
        continue;
      }
      const kind = /^kubernetes_(.+?)(_v\d+)?$/.exec(type);
      if (!kind || !add(pascal(kind[1]!), body.metadata, body)) return undefined;
    }
  }
  return out;
}

/** What changed between two indexes, as `Kind/namespace/name` → action. */
export function indexChanges(base: ObjectIndex, head: ObjectIndex): Map<string, ChangeAction> {
  const out = new Map<string, ChangeAction>();
  for (const [k, v] of head) {
    const old = base.get(k);
    if (old === undefined) out.set(k, 'create');
    else if (old !== v) out.set(k, 'update');
  }
  for (const k of base.keys()) if (!head.has(k)) out.set(k, 'delete');
  return out;
}

/** Same keys, same actions. */
export function sameChanges(a: ReadonlyMap<string, ChangeAction>, b: ReadonlyMap<string, ChangeAction>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
