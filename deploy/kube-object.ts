/** The minimal shape deploy needs of a Kubernetes object, and how to name one in messages. */

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    managedFields?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Identifies one object across runs: group, kind, namespace and name (version may change). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export function isKubeObject(doc: unknown): doc is KubeObject {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const o = doc as Record<string, unknown>;
  const md = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && !!md && typeof md === 'object' && typeof md.name === 'string';
}

/** `kueue.x-k8s.io/v1beta2` → `kueue.x-k8s.io`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function versionOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** `ClusterQueue.kueue.x-k8s.io`, or `Namespace` for the core group (the ApplySet group-kind format). */
export function groupKind(ref: { apiVersion: string; kind: string }): string {
  const g = groupOf(ref.apiVersion);
  return g ? `${ref.kind}.${g}` : ref.kind;
}

export function refOf(o: KubeObject): ObjectRef {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
}

/** Version-independent key: an object moved from v1beta1 to v1beta2 is the same object. */
export function refKey(r: ObjectRef): string {
  return `${groupKind(r)}/${r.namespace ?? ''}/${r.name}`;
}

/** `ClusterQueue acme` or `ResourceQuota acme/gpu-quota`, as kubectl users read them. */
export function describeRef(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}
