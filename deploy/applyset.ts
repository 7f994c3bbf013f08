/**
 * Pruning bookkeeping, ApplySet-style (KEP-3659): each site has a parent ConfigMap in the
 * rackshift-system namespace whose `applyset.kubernetes.io/id` label every applied object
 * carries as `applyset.kubernetes.io/part-of`. The parent's annotations list the group-kinds
 * and namespaces to search; its data lists the objects applied, so pruning finds them even
 * without listing. An object is pruned only when it carries this site's part-of label.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { groupKind, groupOf, refKey, type KubeObject, type ObjectRef } from './kube-object';
import { DEPLOY_LABELS, PLATFORM_NAMESPACES } from '../constructs/platform';

export const SYSTEM_NAMESPACE = PLATFORM_NAMESPACES.rackshift;
export const FIELD_MANAGER = 'rackshift';
export const TOOLING = 'rackshift/0.1.0';

export const LABEL = DEPLOY_LABELS;

export const ANNOTATION = {
  tooling: 'applyset.kubernetes.io/tooling',
  groupKinds: 'applyset.kubernetes.io/contains-group-kinds',
  namespaces: 'applyset.kubernetes.io/additional-namespaces',
  /** `applying` while a run is under way (the list is then a superset), `applied` after. */
  state: 'rackshift.dev/inventory-state',
  /** On each applied object: the hash of the configuration it was applied with (deploy/live-state.ts). */
  appliedHash: 'rackshift.dev/applied-hash',
} as const;

export interface ApplySetParent {
  readonly ref: ObjectRef;
  readonly id: string;
}

export function parentFor(site: string): ApplySetParent {
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: SYSTEM_NAMESPACE, name: `applyset-${site}` };
  return { ref, id: applySetId(ref) };
}

/** KEP-3659: applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>)) unpadded>-v1. */
export function applySetId(parent: ObjectRef): string {
  const digest = createHash('sha256').update(`${parent.name}.${parent.namespace ?? ''}.${parent.kind}.${groupOf(parent.apiVersion)}`).digest('base64url');
  return `applyset-${digest}-v1`;
}

/** The object as rackshift applies it: labelled as managed by rackshift, for this site and set. */
export function withMembership(o: KubeObject, site: string, parent: ApplySetParent): KubeObject {
  return { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [LABEL.managedBy]: 'rackshift', [LABEL.site]: site, [LABEL.partOf]: parent.id } } };
}

export function isMember(live: KubeObject, parent: ApplySetParent): boolean {
  return live.metadata.labels?.[LABEL.partOf] === parent.id;
}

export interface Inventory {
  readonly objects: readonly ObjectRef[];
  readonly groupKinds: readonly string[];
  readonly namespaces: readonly string[];
}

export const EMPTY_INVENTORY: Inventory = { objects: [], groupKinds: [], namespaces: [] };

/**
 * Above this the list is stored gzipped in binaryData: a ConfigMap must stay under 1 MiB, and
 * 20k nodes (a BareMetalHost and a user-data Secret each) make about 2.5 MB of lines.
 */
export const PLAIN_INVENTORY_LIMIT = 256 * 1024;

/** One line per object: `apiVersion kind namespace-or-dash name`, sorted, so diffs read well. */
export function inventoryParent(site: string, parent: ApplySetParent, inv: Inventory, state: 'applying' | 'applied'): KubeObject {
  const lines = dedupe(inv.objects).map((r) => `${r.apiVersion} ${r.kind} ${r.namespace ?? '-'} ${r.name}`).sort();
  const text = lines.join('\n') + (lines.length ? '\n' : '');
  const payload = text.length <= PLAIN_INVENTORY_LIMIT ? { data: { objects: text } } : { binaryData: { 'objects.gz': gzipSync(text, { level: 9 }).toString('base64') } };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: parent.ref.name,
      namespace: SYSTEM_NAMESPACE,
      labels: { [LABEL.applysetId]: parent.id, [LABEL.managedBy]: 'rackshift', [LABEL.site]: site },
      annotations: {
        [ANNOTATION.tooling]: TOOLING,
        [ANNOTATION.groupKinds]: [...new Set(inv.groupKinds)].sort().join(','),
        [ANNOTATION.namespaces]: [...new Set(inv.namespaces)].filter((n) => n !== SYSTEM_NAMESPACE).sort().join(','),
        [ANNOTATION.state]: state,
      },
    },
    ...payload,
  };
}

export function readInventory(live: KubeObject | undefined): Inventory {
  if (!live) return EMPTY_INVENTORY;
  const ann = live.metadata.annotations ?? {};
  const data = (live.data ?? {}) as Record<string, string>;
  const binary = (live.binaryData ?? {}) as Record<string, string>;
  const text = binary['objects.gz'] ? gunzipSync(Buffer.from(binary['objects.gz'], 'base64')).toString('utf8') : (data.objects ?? '');
  const objects: ObjectRef[] = [];
  for (const line of text.split('\n')) {
    const [apiVersion, kind, ns, name] = line.trim().split(/\s+/);
    if (!apiVersion || !kind || !ns || !name) continue;
    objects.push({ apiVersion, kind, name, ...(ns === '-' ? {} : { namespace: ns }) });
  }
  return { objects, groupKinds: splitList(ann[ANNOTATION.groupKinds]), namespaces: splitList(ann[ANNOTATION.namespaces]) };
}

export function inventoryOf(refs: readonly ObjectRef[]): Inventory {
  return {
    objects: refs,
    groupKinds: [...new Set(refs.map((r) => groupKind(r)))],
    namespaces: [...new Set(refs.flatMap((r) => (r.namespace ? [r.namespace] : r.kind === 'Namespace' ? [r.name] : [])))],
  };
}

export function mergeInventories(a: Inventory, b: Inventory): Inventory {
  return { objects: dedupe([...a.objects, ...b.objects]), groupKinds: [...new Set([...a.groupKinds, ...b.groupKinds])], namespaces: [...new Set([...a.namespaces, ...b.namespaces])] };
}

function dedupe(refs: readonly ObjectRef[]): ObjectRef[] {
  const m = new Map<string, ObjectRef>();
  for (const r of refs) m.set(refKey(r), r);
  return [...m.values()];
}

function splitList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
