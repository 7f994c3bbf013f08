/**
 * Validation of core Kubernetes objects: against the upstream OpenAPI schemas (the
 * kubernetes-models validators), plus a check that every field is one the API declares
 * (walked with @kubernetes/client-node's generated type maps), since the API server drops
 * unknown fields of built-in kinds just as it prunes custom resources.
 */
import * as client from '@kubernetes/client-node';
import { ConfigMap, LimitRange, Namespace, ResourceQuota, ServiceAccount } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1';

type Model = { new (data: never): { validate(): void } };
const MODELS: Record<string, { model: Model; type: string }> = {
  'v1/Namespace': { model: Namespace as unknown as Model, type: 'V1Namespace' },
  'v1/ConfigMap': { model: ConfigMap as unknown as Model, type: 'V1ConfigMap' },
  'v1/ServiceAccount': { model: ServiceAccount as unknown as Model, type: 'V1ServiceAccount' },
  'v1/ResourceQuota': { model: ResourceQuota as unknown as Model, type: 'V1ResourceQuota' },
  'v1/LimitRange': { model: LimitRange as unknown as Model, type: 'V1LimitRange' },
  'networking.k8s.io/v1/NetworkPolicy': { model: NetworkPolicy as unknown as Model, type: 'V1NetworkPolicy' },
  'rbac.authorization.k8s.io/v1/Role': { model: Role as unknown as Model, type: 'V1Role' },
  'rbac.authorization.k8s.io/v1/RoleBinding': { model: RoleBinding as unknown as Model, type: 'V1RoleBinding' },
  'scheduling.k8s.io/v1/PriorityClass': { model: PriorityClass as unknown as Model, type: 'V1PriorityClass' },
};

export function isCoreKind(o: { apiVersion: string; kind: string }): boolean {
  return `${o.apiVersion}/${o.kind}` in MODELS;
}

/** Every problem with one core object, as lines (empty when it is valid). */
export function validateCore(o: { apiVersion: string; kind: string }): string[] {
  const entry = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!entry) return [`${o.apiVersion} ${o.kind}: not a core kind rackshift emits`];
  const errors: string[] = [];
  try {
    new entry.model(o as never).validate();
  } catch (e) {
    errors.push(String((e as Error).message));
  }
  errors.push(...undeclaredFields(o, entry.type));
  return errors;
}

type Attr = { baseName: string; type: string };
const models = client as unknown as Record<string, { getAttributeTypeMap?: () => Attr[] }>;

/** Fields a client-node type does not declare (the API server would drop them). */
export function undeclaredFields(value: unknown, type: string, path = ''): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((v, i) => undeclaredFields(v, array[1]!, `${path}[${i}]`)) : [];
  const attrs = models[type]?.getAttributeTypeMap?.();
  if (!attrs || !value || typeof value !== 'object') return []; // scalars, maps, IntOrString
  const byName = new Map(attrs.map((a) => [a.baseName, a.type]));
  return Object.entries(value).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    const t = byName.get(k);
    return t ? undeclaredFields(v, t, p) : [`${p}: not a field of ${type}; the API server would drop it`];
  });
}
