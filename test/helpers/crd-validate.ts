/**
 * Validates objects against upstream CRDs (the folder from RACKSHIFT_CRDS, default
 * ../shared/schemas/crds beside the repo), with ajv for the schema and a walk for fields the
 * API server would prune (not declared and not under x-kubernetes-preserve-unknown-fields).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { parse } from 'yaml';

export function crdsDir(): string | undefined {
  const dir = process.env.RACKSHIFT_CRDS ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/schemas/crds');
  // A worktree sits one level deeper than the main checkout; look beside that too.
  const fallback = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/schemas/crds');
  if (existsSync(dir)) return dir;
  if (!process.env.RACKSHIFT_CRDS && existsSync(fallback)) return fallback;
  if (process.env.CI === 'true') throw new Error(`CRD folder ${dir} is missing (set RACKSHIFT_CRDS)`);
  console.warn(`skipping CRD checks: no CRD folder at ${dir} (set RACKSHIFT_CRDS)`);
  return undefined;
}

type Schema = Record<string, unknown>;

/** The openAPIV3Schema of `kind` at `version` from a CRD file. */
export function crdSchema(file: string, version: string): Schema {
  const crd = parse(readFileSync(file, 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v) throw new Error(`${file} has no version ${version}`);
  return v.schema.openAPIV3Schema;
}

/** Removes Kubernetes extensions ajv does not know, turning int-or-string into a type union. */
function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s as Schema)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] = toJsonSchema(v);
  }
  if ((s as Schema)['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

/** Paths of fields the API server would drop: not in `properties`, no additionalProperties, no preserve-unknown-fields. */
export function prunedFields(value: unknown, schema: Schema, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    return items ? value.flatMap((v, i) => prunedFields(v, items, `${path}[${i}]`)) : [];
  }
  if (!value || typeof value !== 'object') return [];
  const props = schema.properties as Record<string, Schema> | undefined;
  const extra = schema.additionalProperties as Schema | boolean | undefined;
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // apiVersion, kind and metadata (ObjectMeta) are checked by the API server itself, not the CRD schema.
    if (path === '' && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
    const sub = props?.[k] ?? (typeof extra === 'object' ? extra : undefined);
    if (!sub) {
      if (extra === true) continue;
      out.push(path ? `${path}.${k}` : k);
      continue;
    }
    out.push(...prunedFields(v, sub, path ? `${path}.${k}` : k));
  }
  return out;
}

export interface CrdCheck {
  readonly errors: string[];
  readonly pruned: string[];
}

export function crdValidator(file: string, version: string): (obj: unknown) => CrdCheck {
  const schema = crdSchema(file, version);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(toJsonSchema(schema) as object);
  return (obj) => {
    const ok = validate(obj);
    const errors = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    return { errors, pruned: prunedFields(obj, schema) };
  };
}

export function crdFile(dir: string, name: string): string {
  return join(dir, name);
}
