/**
 * Pruning in an order that never leaves a running tenant namespace without its default-deny
 * NetworkPolicy, even when the run is killed part-way:
 *  - objects inside a namespace that is itself pruned are not deleted one by one (the
 *    namespace's deletion takes them; deleting its policies first would open it while it runs);
 *  - pruning a default-deny policy from a namespace that stays, with no default-deny left in
 *    the desired set for it, opens the namespace: that needs --allow-destroy.
 */
import type { KubeObject, ObjectRef } from './kube-object';

/** Denies all ingress and egress to every pod of its namespace, allowing nothing. */
export function isDefaultDeny(o: KubeObject): boolean {
  if (o.kind !== 'NetworkPolicy') return false;
  const spec = (o.spec ?? {}) as { podSelector?: Record<string, unknown>; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };
  const selectsAll = !!spec.podSelector && Object.keys(spec.podSelector).every((k) => isEmpty((spec.podSelector as Record<string, unknown>)[k]));
  const types = new Set(spec.policyTypes ?? []);
  return selectsAll && types.has('Ingress') && types.has('Egress') && isEmpty(spec.ingress) && isEmpty(spec.egress);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);
}

export interface PruneCandidate {
  readonly ref: ObjectRef;
  readonly live: KubeObject;
  reason?: string;
}

/**
 * Splits candidates into those deleted one by one and those a pruned namespace takes with it,
 * and marks default-deny prunes that would open a staying namespace as destructive.
 */
export function planPrunes<C extends PruneCandidate>(candidates: readonly C[], desired: readonly KubeObject[]): { direct: C[]; cascaded: C[] } {
  const prunedNamespaces = new Set(candidates.filter((c) => c.ref.kind === 'Namespace' && !c.ref.namespace).map((c) => c.ref.name));
  const keptDenies = new Set(desired.filter(isDefaultDeny).map((o) => o.metadata.namespace));
  const direct: C[] = [];
  const cascaded: C[] = [];
  for (const c of candidates) {
    if (c.ref.namespace && prunedNamespaces.has(c.ref.namespace)) {
      cascaded.push(c);
      continue;
    }
    if (c.ref.namespace && isDefaultDeny(c.live) && !keptDenies.has(c.ref.namespace)) {
      c.reason ??= `leaves namespace ${c.ref.namespace} without a default-deny NetworkPolicy while it runs`;
    }
    direct.push(c);
  }
  return { direct, cascaded };
}
