/**
 * Fields the API server would prune from a custom resource: every key its structural schema
 * does not declare, except under x-kubernetes-preserve-unknown-fields or a schema with
 * `additionalProperties: true`. apiVersion, kind and metadata of the object itself (and of an
 * x-kubernetes-embedded-resource) are the API server's own, so they are never pruned here;
 * the root metadata is checked against ObjectMeta separately.
 */
import type { StructuralSchema } from './structural-schema';

export const PRUNED = 'not declared by the schema; the API server would prune it';

export interface FieldProblem {
  /** Dotted path with [i] for list items, e.g. `spec.items[0].name`. */
  readonly path: string;
  readonly message: string;
}

export function prunedFields(value: unknown, schema: StructuralSchema, path = '', root = true): FieldProblem[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => prunedFields(v, schema.items!, `${path}[${i}]`, false)) : [];
  if (!value || typeof value !== 'object') return [];
  const implicit = root || schema['x-kubernetes-embedded-resource'] ? ['apiVersion', 'kind', 'metadata'] : [];
  const out: FieldProblem[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (implicit.includes(k) && !(k in (schema.properties ?? {}))) continue;
    if (root && k === 'metadata') continue;
    const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (!child) {
      if (schema.additionalProperties !== true) out.push({ path: p, message: PRUNED });
      continue;
    }
    out.push(...prunedFields(v, child, p, false));
  }
  return out;
}
