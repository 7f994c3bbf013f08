/**
 * A CRD's CEL rules (`x-kubernetes-validations`) checked on an object, as the API server
 * checks them on a create or an update: defaults filled in first, each rule evaluated with
 * `self` bound to the value of the schema node that declares it (every list item and map
 * value too), and only where that value is present.
 *
 * Transition rules (those that read `oldSelf`) need the object as it is now: with `live`
 * they are evaluated against the matching value of it; without, or where the live object has
 * no matching value, they are counted as not evaluated — never passed.
 */
import { isCelError, parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import type { FieldProblem } from '../pruned-fields';
import type { StructuralSchema } from '../structural-schema';
import { withDefaults } from './defaults';
import { ruleEnv, unboundFunctions } from './library';
import { NO_LIVE_OBJECT } from './reasons';
import { toCel } from './values';

export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly optionalOldSelf?: boolean;
}

/** A rule that was not evaluated, and why. */
export interface SkippedRule {
  readonly path: string;
  readonly rule: string;
  readonly why: string;
}

export interface CelOutcome {
  readonly problems: FieldProblem[];
  /** Rules evaluated (each once per value they apply to). */
  evaluated: number;
  readonly skipped: SkippedRule[];
}

export { NO_LIVE_OBJECT };

type Program = (bindings: Record<string, CelInput>) => CelResult;
/** One check's state, passed down the walk. */
interface Walk {
  readonly out: CelOutcome;
  readonly transitionsOnly: boolean;
}

export class CelRules {
  private readonly programs = new Map<string, Program | { unbound: string[] } | { parseError: string }>();

  /**
   * Every rule of `schema` on `object` (only the transition rules with `transitionsOnly`);
   * `live` is the object as the cluster has it, for transition rules.
   */
  check(object: unknown, schema: StructuralSchema, live?: unknown, transitionsOnly = false): CelOutcome {
    const out: CelOutcome = { problems: [], evaluated: 0, skipped: [] };
    const self = withDefaults(object, schema);
    const old = live === undefined ? undefined : withDefaults(live, schema);
    this.walk(self, old, live !== undefined, schema, '', { out, transitionsOnly });
    return out;
  }

  private walk(value: unknown, old: unknown, hasOld: boolean, schema: StructuralSchema, path: string, ctx: Walk): void {
    if (value === undefined || value === null) return;
    for (const r of rulesOf(schema)) this.evaluate(r, value, hasOld && old !== undefined && old !== null ? old : undefined, schema, path || '(root)', ctx);
    if (Array.isArray(value)) {
      if (!schema.items) return;
      const keys = schema['x-kubernetes-list-type'] === 'map' ? (schema['x-kubernetes-list-map-keys'] as string[] | undefined) : undefined;
      value.forEach((v, i) => {
        // Items of a list-map are matched to the live list by their keys; other lists' items have no old value.
        const o = keys && Array.isArray(old) ? old.find((x) => keys.every((k) => x?.[k] === v?.[k])) : undefined;
        this.walk(v, o, hasOld && o !== undefined, schema.items!, `${path}[${i}]`, ctx);
      });
      return;
    }
    if (typeof value !== 'object') return;
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [k, v] of Object.entries(value)) {
      const child = schema.properties?.[k] ?? additional;
      if (!child) continue;
      const o = old && typeof old === 'object' ? (old as Record<string, unknown>)[k] : undefined;
      this.walk(v, o, hasOld && o !== undefined, child, path ? `${path}.${k}` : k, ctx);
    }
  }

  private evaluate(r: CelRule, value: unknown, old: unknown, schema: StructuralSchema, path: string, { out, transitionsOnly }: Walk): void {
    const transition = isTransition(r);
    if (transitionsOnly && !transition) return;
    if (transition && old === undefined) {
      out.skipped.push({ path, rule: r.rule, why: NO_LIVE_OBJECT });
      return;
    }
    const program = this.program(r.rule);
    if ('unbound' in program) {
      out.skipped.push({ path, rule: r.rule, why: `not evaluated: calls ${program.unbound.join(', ')}, which rackshift's CEL environment does not implement` });
      return;
    }
    if ('parseError' in program) {
      out.problems.push({ path, message: `rule ${JSON.stringify(r.rule)} does not parse: ${program.parseError}` });
      return;
    }
    const bindings: Record<string, CelInput> = { self: toCel(value, schema) };
    if (transition) bindings.oldSelf = toCel(old, schema);
    const result = program(bindings);
    out.evaluated++;
    if (isCelError(result)) out.problems.push({ path, message: `rule ${JSON.stringify(r.rule)} could not be evaluated: ${result.message}` });
    else if (result !== true) out.problems.push({ path, message: r.message ?? `failed rule: ${r.rule}` });
  }

  private program(rule: string): Program | { unbound: string[] } | { parseError: string } {
    let p = this.programs.get(rule);
    if (!p) {
      try {
        const unbound = unboundFunctions(rule);
        p = unbound.length > 0 ? { unbound } : (plan(ruleEnv(), parse(rule)) as Program);
      } catch (e) {
        p = { parseError: (e as Error).message.split('\n')[0]! };
      }
      this.programs.set(rule, p);
    }
    return p;
  }
}

/** A transition rule compares with the object as it was (oldSelf); it applies to updates only. */
export const isTransition = (r: CelRule): boolean => /\boldSelf\b/.test(r.rule);

export function rulesOf(schema: StructuralSchema): readonly CelRule[] {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules) ? (rules as CelRule[]).filter((r) => typeof r?.rule === 'string') : [];
}

/** Every rule in a schema, with the path of the node that declares it (`[]` for list items, `*` for map values). */
export function allRules(schema: StructuralSchema, path = ''): { path: string; rule: CelRule }[] {
  const here = rulesOf(schema).map((rule) => ({ path: path || '(root)', rule }));
  const children = [
    ...Object.entries(schema.properties ?? {}).map(([k, s]) => allRules(s, path ? `${path}.${k}` : k)),
    ...(schema.items ? [allRules(schema.items, `${path}[]`)] : []),
    ...(typeof schema.additionalProperties === 'object' ? [allRules(schema.additionalProperties, `${path}.*`)] : []),
  ];
  return [...here, ...children.flat()];
}
