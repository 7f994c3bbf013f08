/**
 * One Kubernetes object as plain data: what every emitter (manifests, Terraform, Pulumi)
 * renders. The builders in this folder return these; `objects.ts` collects and sorts them.
 */
import { LABELS } from '../../constructs/platform';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'rackshift' } as const;

/** Who an object belongs to; decides its labels (and so its manifest file). */
export interface Owner {
  readonly site: string;
  readonly pool?: string;
  readonly tenant?: string;
}

/** The labels every rackshift object carries, so deploy can prune and reviewers can filter. */
export function ownerLabels(owner: Owner): Record<string, string> {
  return {
    ...MANAGED_BY,
    [LABELS.site]: owner.site,
    ...(owner.pool ? { [LABELS.pool]: owner.pool } : {}),
    ...(owner.tenant ? { [LABELS.tenant]: owner.tenant } : {}),
  };
}

/** `kind/namespace/name` (cluster-scoped: `kind//name`): unique within one site's objects. */
export function objectKey(o: Pick<K8sObject, 'kind' | 'metadata'>): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * A stable identifier for an object in Terraform addresses and Pulumi names:
 * `<kind>_<namespace>_<name>`, dots as `_` (Kubernetes names never contain `_`, so it is unique).
 */
export function objectId(o: Pick<K8sObject, 'kind' | 'metadata'>): string {
  const parts = [o.kind.toLowerCase(), ...(o.metadata.namespace ? [o.metadata.namespace] : []), o.metadata.name];
  return parts.join('_').replaceAll('.', '_');
}

/** Kubernetes quantity for a whole number of GiB. */
export const gib = (n: number): string => `${n}Gi`;
