/**
 * Built-in Kubernetes kinds: validated against the upstream OpenAPI schemas (the
 * kubernetes-models validators), plus a walk over @kubernetes/client-node's generated type
 * maps for fields the API declares, since the API server drops unknown fields of built-in
 * kinds just as it prunes custom resources.
 */
import * as client from '@kubernetes/client-node';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as schedulingV1 from 'kubernetes-models/scheduling.k8s.io/v1';
import * as storageV1 from 'kubernetes-models/storage.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { splitApiVersion } from './crd-catalog';
import type { FieldProblem } from './pruned-fields';

type Model = { new (data: never): { validate(): void }; apiVersion?: string; kind?: string };

/** The built-in API groups/versions rackshift knows; anything else needs a CRD. */
const GROUPS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
  'scheduling.k8s.io/v1': schedulingV1,
  'storage.k8s.io/v1': storageV1,
};

function model(apiVersion: string, kind: string): Model | undefined {
  const m = GROUPS[apiVersion]?.[kind] as Model | undefined;
  return typeof m === 'function' && m.kind === kind && m.apiVersion === apiVersion ? m : undefined;
}

export function isCoreKind(o: { apiVersion: string; kind: string }): boolean {
  return model(o.apiVersion, o.kind) !== undefined;
}

/** Every problem with one built-in object (empty when it is valid, or not a built-in kind). */
export function coreKindProblems(o: { apiVersion: string; kind: string }): FieldProblem[] {
  const Ctor = model(o.apiVersion, o.kind);
  if (!Ctor) return [];
  const problems: FieldProblem[] = [];
  try {
    new Ctor(o as never).validate();
  } catch (e) {
    const errors = (e as { errors?: { instancePath: string; message?: string }[] }).errors;
    if (!errors) throw e;
    for (const err of errors) problems.push({ path: dotted(err.instancePath), message: err.message ?? 'invalid' });
  }
  const { version } = splitApiVersion(o.apiVersion);
  problems.push(...undeclaredFields(o, `${version[0]!.toUpperCase()}${version.slice(1)}${o.kind}`));
  return problems;
}

/** `/spec/hard/requests.cpu` → `spec.hard.requests.cpu` (ajv's JSON-pointer paths). */
export function dotted(instancePath: string): string {
  return instancePath.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')).join('.') || '(root)';
}

type Attr = { baseName: string; type: string };
const clientModels = client as unknown as Record<string, { getAttributeTypeMap?: () => Attr[] }>;

/** Fields a client-node type does not declare (the API server would drop them). */
export function undeclaredFields(value: unknown, type: string, path = ''): FieldProblem[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((v, i) => undeclaredFields(v, array[1]!, `${path}[${i}]`)) : [];
  const attrs = clientModels[type]?.getAttributeTypeMap?.();
  if (!attrs || !value || typeof value !== 'object') return []; // scalars, maps, IntOrString
  const byName = new Map(attrs.map((a) => [a.baseName, a.type]));
  return Object.entries(value).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    const t = byName.get(k);
    return t ? undeclaredFields(v, t, p) : [{ path: p, message: `not a field of ${type}; the API server would drop it` }];
  });
}
