/**
 * Validates Kubernetes objects as the API server would take them. Custom resources: matched
 * to a CRD of the catalog by group and kind, validated by ajv against the openAPIV3Schema of
 * the version their apiVersion names (honouring x-kubernetes-int-or-string; ajv ignores the
 * other x-kubernetes-* keywords, which only relax or annotate), checked for fields the API
 * server would prune, for scope, and for ObjectMeta fields, and against the CRD's CEL rules
 * (x-kubernetes-validations, see cel/rules.ts). Built-in kinds: see core-kinds.ts.
 *
 * Problems are plain data; callers decide how to print them.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { CrdCatalog, CrdVersion } from './crd-catalog';
import { coreKindProblems, dotted, isCoreKind, undeclaredFields } from './core-kinds';
import { CelRules, type SkippedRule } from './cel/rules';
import { prunedFields, type FieldProblem } from './pruned-fields';
import type { StructuralSchema } from './structural-schema';

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly generateName?: string };
  readonly [field: string]: unknown;
}

export interface ObjectProblem extends FieldProblem {
  readonly severity: 'error' | 'warning';
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface ValidateOptions {
  /** How to report an object whose group and kind no CRD in the folder defines (default error). */
  readonly missingCrd?: 'error' | 'warning';
}

/** What the CEL rules of the objects validated so far came to. */
export interface CelTally {
  evaluated: number;
  readonly skipped: (SkippedRule & Pick<ObjectProblem, 'kind' | 'namespace' | 'name'>)[];
}

export class ObjectValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<CrdVersion, ValidateFunction>();
  private readonly rules = new CelRules();
  readonly cel: CelTally = { evaluated: 0, skipped: [] };

  constructor(readonly crds: CrdCatalog, private readonly options: ValidateOptions = {}) {}

  /** Every problem of every object, in object order. */
  validateAll(objects: readonly KubernetesObject[]): ObjectProblem[] {
    return objects.flatMap((o) => this.validate(o));
  }

  /**
   * Every problem of one object. `live` is the object as the cluster has it, when known: the
   * CEL rules that compare with it (oldSelf) are evaluated only then.
   */
  validate(obj: KubernetesObject, live?: KubernetesObject): ObjectProblem[] {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name };
    const problem = (p: FieldProblem, severity: ObjectProblem['severity'] = 'error'): ObjectProblem => ({ ...ref, ...p, severity });
    if (isCoreKind(obj)) return coreKindProblems(obj).map((p) => problem(p));
    const match = this.crds.match(obj.apiVersion, obj.kind);
    if (!match) return [problem({ path: '(root)', message: `no CRD for ${obj.apiVersion} ${obj.kind} in ${this.crds.dir}` }, this.options.missingCrd ?? 'error')];
    const { crd, version, served } = match;
    const out: ObjectProblem[] = [];
    const storage = `${crd.group}/${crd.storage.name}`;
    if (!served) out.push(problem({ path: 'apiVersion', message: `${obj.apiVersion} is not served by the CRD in ${crd.file} (served: ${crd.versions.filter((v) => v.served).map((v) => `${crd.group}/${v.name}`).join(', ')})` }));
    // A served older version still works, but the API server converts it on every write.
    else if (!version.storage) out.push(problem({ path: 'apiVersion', message: `${obj.apiVersion} is not the storage version ${storage}` }, 'warning'));
    if (crd.scope === 'Cluster' && obj.metadata?.namespace) out.push(problem({ path: 'metadata.namespace', message: `${obj.kind} is cluster-scoped` }));
    if (crd.scope === 'Namespaced' && !obj.metadata?.namespace) out.push(problem({ path: 'metadata.namespace', message: `${obj.kind} is namespaced; give a namespace` }));
    if (!obj.metadata?.name && !obj.metadata?.generateName) out.push(problem({ path: 'metadata.name', message: 'required' }));
    out.push(...undeclaredFields(obj.metadata, 'V1ObjectMeta', 'metadata').map((p) => problem(p)));
    if (!version.schema) return out; // a version without a schema accepts anything
    const validate = this.compile(version);
    if (!validate(obj)) {
      for (const e of validate.errors ?? []) {
        const allowed = e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
        out.push(problem({ path: dotted(e.instancePath), message: `${e.message}${allowed}` }));
      }
    }
    out.push(...prunedFields(obj, version.schema).map((p) => problem(p)));
    const cel = this.rules.check(obj, version.schema, live);
    this.cel.evaluated += cel.evaluated;
    this.cel.skipped.push(...cel.skipped.map((s) => ({ ...s, kind: ref.kind, namespace: ref.namespace, name: ref.name })));
    out.push(...cel.problems.map((p) => problem(p)));
    return out;
  }

  private compile(version: CrdVersion): ValidateFunction {
    let fn = this.compiled.get(version);
    if (!fn) {
      fn = this.ajv.compile(intOrStringAsUnion(version.schema!) as object);
      this.compiled.set(version, fn);
    }
    return fn;
  }
}

/** x-kubernetes-int-or-string without its anyOf (hand-written CRDs) as a JSON-schema union. */
function intOrStringAsUnion(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(intOrStringAsUnion);
  if (!s || typeof s !== 'object') return s;
  const out: StructuralSchema = {};
  for (const [k, v] of Object.entries(s)) out[k] = intOrStringAsUnion(v);
  if (out['x-kubernetes-int-or-string'] && !out.anyOf && !out.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}
