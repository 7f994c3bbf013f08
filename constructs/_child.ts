/**
 * One definition for every child construct of a Site (feed, zone, fleet, pool, tenant): its
 * props are the site file's schema for it (defaults documented there, in site-spec.ts),
 * checked on construction, and it registers a validation (constructs' `node.addValidation`)
 * that reports the resolver's problems at its own construct path. The resolution itself is
 * the resolver part of its domain (constructs/resolve/<domain>.ts).
 */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope, type SectionName } from './_section';

/** Set by Site: the problems of the tree at one construct path, as one line each. */
export const PROBLEMS_AT = Symbol.for('rackshift.problemsAt');

type ProblemsAt = (constructPath: string) => string[];

/** The site above `c` that can say what is wrong at a construct path, if any. */
function problemSource(c: Construct): ProblemsAt | undefined {
  for (const s of c.node.scopes) {
    const f = (s as unknown as Record<symbol, ProblemsAt | undefined>)[PROBLEMS_AT];
    if (f) return f;
  }
  return undefined;
}

/** The path of `c` from its site down: `small-1/tenants/omega`. */
export function pathFromSite(c: Construct): string {
  const scopes = c.node.scopes;
  const site = scopes.findIndex((s) => PROBLEMS_AT in s);
  return scopes.slice(Math.max(0, site)).map((s) => s.node.id).join('/');
}

export function childConstruct<S extends z.ZodObject>(kind: string, section: SectionName, schema: S) {
  const MARK = Symbol.for(`rackshift.${kind}`);
  class Child extends Construct {
    static is(x: unknown): boolean {
      return typeof x === 'object' && x !== null && MARK in x;
    }

    /** The props after the schema's defaults, in the site file's shape. */
    readonly spec: z.output<S>;

    constructor(scope: Construct, id: string, props: Omit<z.input<S>, 'name'>) {
      super(sectionScope(scope, section, id), id);
      Object.defineProperty(this, MARK, { value: true });
      this.spec = checkProps(schema, { name: id, ...props }, this.node.path);
      this.node.addValidation({ validate: () => problemSource(this)?.(pathFromSite(this)) ?? [] });
    }
  }
  return Child;
}
