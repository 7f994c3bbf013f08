/**
 * The CRDs' transition rules (CEL rules that compare with oldSelf: "field is immutable",
 * "spec is immutable") checked in the plan, against each object as the cluster has it and
 * with the CRD the cluster serves, so a change the API server would refuse is named before
 * anything is written. Objects the cluster does not have yet are counted as not evaluated:
 * those rules only apply to updates.
 */
import { CelRules, allRules, isTransition } from '../stacks/validation/cel/rules';
import type { StructuralSchema } from '../stacks/validation/structural-schema';
import type { ApiResource } from './discovery';
import { KubeApiError, type KubeClient } from './kube-client';
import { describeRef, groupOf, versionOf, type KubeObject, type ObjectRef } from './kube-object';
import { BUILT_IN_GROUP } from './order';

export interface TransitionInput {
  readonly object: KubeObject;
  readonly live?: KubeObject;
  readonly ref: ObjectRef;
  readonly res: ApiResource;
  readonly source: string;
}

export interface TransitionReport {
  /** Rule evaluations against live objects. */
  readonly evaluated: number;
  /** Objects with transition rules that the cluster does not have yet. */
  readonly notEvaluated: number;
  /** One line per rule the update would break: `<source>: <Kind ns/name> <path>: <message>`. */
  readonly problems: readonly string[];
  /** CRDs the credentials may not read (403): their rules were not checked. */
  readonly unreadable: readonly string[];
}

type CrdDoc = { spec?: { versions?: { name: string; schema?: { openAPIV3Schema?: StructuralSchema } }[] } };

/** A CRD the credentials may not read. */
const FORBIDDEN = Symbol('forbidden');

export async function checkTransitions(client: KubeClient, desired: readonly TransitionInput[]): Promise<TransitionReport> {
  const schemas = new Map<string, Promise<StructuralSchema | undefined | typeof FORBIDDEN>>();
  const rules = new CelRules();
  let evaluated = 0;
  let notEvaluated = 0;
  const problems: string[] = [];
  const unreadable = new Set<string>();
  for (const d of desired) {
    const group = groupOf(d.object.apiVersion);
    if (BUILT_IN_GROUP.test(group)) continue;
    const key = `${d.res.plural}.${group}/${versionOf(d.object.apiVersion)}`;
    let schema = schemas.get(key);
    const crdName = `${d.res.plural}.${group}`;
    if (!schema) schemas.set(key, (schema = servedSchema(client, crdName, versionOf(d.object.apiVersion))));
    const s = await schema;
    if (s === FORBIDDEN) {
      unreadable.add(crdName);
      continue;
    }
    if (!s || !allRules(s).some((r) => isTransition(r.rule))) continue;
    if (!d.live) {
      notEvaluated++;
      continue;
    }
    const out = rules.check(d.object, s, d.live, true);
    evaluated += out.evaluated;
    problems.push(...out.problems.map((p) => `  ${d.source}: ${describeRef(d.ref)} ${p.path}: ${p.message}`));
  }
  return { evaluated, notEvaluated, problems, unreadable: [...unreadable].sort() };
}


/** The schema of one version of a CRD as the cluster serves it; undefined when it has none (yet). */
async function servedSchema(client: KubeClient, crdName: string, version: string): Promise<StructuralSchema | undefined | typeof FORBIDDEN> {
  try {
    const crd = (await client.request<CrdDoc>({ method: 'GET', path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}` })).body;
    return crd.spec?.versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  } catch (err) {
    // Not installed yet (it comes with this deploy): its objects are all new, nothing to compare.
    if (err instanceof KubeApiError && err.status === 404) return undefined;
    // Credentials that may apply objects but not read CRDs: the dry run still applies the rules.
    if (err instanceof KubeApiError && err.status === 403) return FORBIDDEN;
    throw err;
  }
}

/** The plan's line: `CEL transition rules (oldSelf): 4 checked against live objects; 2 not evaluated (no live object)`. */
export function transitionLine(site: string, r: TransitionReport): string | undefined {
  const unreadable = r.unreadable.length > 0 ? `; not checked for ${r.unreadable.join(', ')} (no permission to read the CRD)` : '';
  if (r.evaluated === 0 && r.notEvaluated === 0) return unreadable ? `${site}: CEL transition rules (oldSelf)${unreadable}` : undefined;
  const objects = (n: number) => `${n} object${n === 1 ? '' : 's'}`;
  const why = r.notEvaluated === 0 ? '' : ` (no live object: ${r.notEvaluated === 1 ? 'it is' : 'they are'} created)`;
  return `${site}: CEL transition rules (oldSelf): ${r.evaluated} checked against live objects; ${objects(r.notEvaluated)} not evaluated${why}${unreadable}`;
}
