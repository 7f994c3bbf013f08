/**
 * Validation of custom resources against the upstream CRDs (the folder is a setting: env
 * RACKSHIFT_CRDS, default ../shared/schemas/crds beside the repository). An object must
 * use the CRD's storage version, validate against that version's openAPIV3Schema (ajv), and
 * carry no field the API server would silently prune (one its structural schema does not
 * declare, outside x-kubernetes-preserve-unknown-fields). CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 *
 * Shared by every target that emits custom resources (Kueue, GPU Operator, Metal3, Argo CD).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CRD folder: $RACKSHIFT_CRDS, else ../shared/schemas/crds relative to the repository root. */
export function crdsDir(): string {
  return resolve(process.env.RACKSHIFT_CRDS ?? join(REPO_ROOT, '..', 'shared', 'schemas', 'crds'));
}

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [k: string]: unknown;
};

interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: Schema;
  validate?: ValidateFunction;
}

export class CrdSchemas {
  private readonly byKind = new Map<string, CrdVersion>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

  constructor(readonly dir: string) {
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        const crd = doc.toJS() as { kind?: string; spec?: { group: string; scope: CrdVersion['scope']; names: { kind: string }; versions: { name: string; storage: boolean; schema?: { openAPIV3Schema: Schema } }[] } };
        if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
        const storage = crd.spec.versions.find((v) => v.storage);
        if (!storage?.schema) continue;
        this.byKind.set(`${crd.spec.group}/${crd.spec.names.kind}`, { group: crd.spec.group, kind: crd.spec.names.kind, version: storage.name, scope: crd.spec.scope, schema: storage.schema.openAPIV3Schema });
      }
    }
  }

  /** Group/kind pairs this folder defines, e.g. `kueue.x-k8s.io/ClusterQueue`. */
  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  has(apiVersion: string, kind: string): boolean {
    return this.byKind.has(`${apiVersion.split('/')[0]}/${kind}`);
  }

  /** Every problem with one custom resource, as `path: message` lines (empty when it is valid). */
  validate(obj: { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }): string[] {
    const [group, version] = obj.apiVersion.split('/');
    const crd = this.byKind.get(`${group}/${obj.kind}`);
    if (!crd) return [`${obj.apiVersion} ${obj.kind}: no CRD for it in ${this.dir}`];
    const errors: string[] = [];
    if (version !== crd.version) errors.push(`apiVersion: ${obj.apiVersion} is not the storage version ${group}/${crd.version}`);
    if (crd.scope === 'Cluster' && obj.metadata?.namespace) errors.push(`metadata.namespace: ${obj.kind} is cluster-scoped`);
    if (crd.scope === 'Namespaced' && !obj.metadata?.namespace) errors.push(`metadata.namespace: ${obj.kind} is namespaced; give a namespace`);
    crd.validate ??= this.ajv.compile(crd.schema);
    if (!crd.validate(obj)) {
      for (const e of crd.validate.errors ?? []) errors.push(`${e.instancePath.slice(1).replaceAll('/', '.') || '(root)'}: ${e.message}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
    }
    errors.push(...prunedFields(obj, crd.schema));
    return errors;
  }
}

/**
 * Fields the API server would drop: every key not declared by the structural schema,
 * except under x-kubernetes-preserve-unknown-fields. metadata is the API server's own.
 */
export function prunedFields(value: unknown, schema: Schema, path = '', root = true): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => prunedFields(v, schema.items!, `${path}[${i}]`, false)) : [];
  if (!value || typeof value !== 'object') return [];
  const out: string[] = [];
  const implicit = root || schema['x-kubernetes-embedded-resource'] ? ['apiVersion', 'kind', 'metadata'] : [];
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (implicit.includes(k) && !(k in (schema.properties ?? {}))) continue;
    if (root && k === 'metadata') continue;
    const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (!child) {
      if (schema.additionalProperties !== true) out.push(`${p}: not declared by the schema; the API server would prune it`);
      continue;
    }
    out.push(...prunedFields(v, child, p, false));
  }
  return out;
}

/**
 * The CRD folder's schemas, or undefined with a message when the folder is missing (never
 * under CI=true, where a missing folder fails the run).
 */
export function loadCrds(): CrdSchemas | undefined {
  const dir = crdsDir();
  if (existsSync(dir)) return new CrdSchemas(dir);
  const msg = `CRD folder ${dir} not found (set RACKSHIFT_CRDS)`;
  if (process.env.CI === 'true') throw new Error(`${msg}; CI needs it`);
  console.warn(`skipping CRD validation: ${msg}`);
  return undefined;
}
