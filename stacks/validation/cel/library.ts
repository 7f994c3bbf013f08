/**
 * The CEL environment CRD rules are evaluated in: CEL's standard definitions and macros
 * (has, all, exists, filter, map, size, in, startsWith, …), all from @bufbuild/cel.
 *
 * Kubernetes adds its own libraries on top (lists, regex, URLs, quantities, IPs/CIDRs,
 * format, authz). rackshift implements only those that a rule of a CRD it writes calls — and
 * today none does: every rule of the kinds in `docs/kubernetes.md` ("CEL rules") uses the
 * standard definitions only. KUBERNETES_FUNCTIONS is where one goes when a CRD needs it; a rule
 * calling a function neither here nor standard is reported as not evaluated, never passed.
 */
import { celEnv, parse, type CelEnv, type CelFunc } from '@bufbuild/cel';

/** Kubernetes CEL library functions rackshift implements (see above: none needed yet). */
export const KUBERNETES_FUNCTIONS: readonly CelFunc[] = [];

let env: CelEnv | undefined;
export function ruleEnv(): CelEnv {
  return (env ??= celEnv({ funcs: [...KUBERNETES_FUNCTIONS] }));
}

/** The parsed form's expression node, walked without depending on the protobuf types. */
interface Node {
  exprKind?: { case?: string; value?: Record<string, unknown> };
}

/** Every function and method a rule calls (operators such as `_&&_` and `@in` left out), sorted. */
export function functionsCalled(rule: string): string[] {
  const names = new Set<string>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const kind = (n as Node).exprKind;
    if (kind?.case === 'callExpr' && typeof kind.value?.function === 'string' && !isOperator(kind.value.function)) names.add(kind.value.function);
    for (const v of Object.values(kind?.value ?? (n as Record<string, unknown>))) if (v && typeof v === 'object') visit(v);
  };
  visit(parse(rule).expr);
  return [...names].sort();
}

/** Functions a rule calls that the environment lacks (evaluating it would fail on them). */
export function unboundFunctions(rule: string): string[] {
  return functionsCalled(rule).filter((f) => ruleEnv().funcs.find(f) === undefined);
}

const isOperator = (name: string) => /^[_@!-]/.test(name);
