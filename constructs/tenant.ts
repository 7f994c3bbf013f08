import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { TenantSpec } from './site-spec';

export type TenantProps = Omit<z.input<typeof TenantSpec>, 'name'>;

const TENANT = Symbol.for('rackshift.Tenant');

/** An AI customer: GPUs on a pool, isolation, admin groups, priority. */
export class Tenant extends Construct {
  static isTenant(x: unknown): x is Tenant {
    return typeof x === 'object' && x !== null && TENANT in x;
  }

  readonly spec: z.output<typeof TenantSpec>;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(sectionScope(scope, 'tenants', id), id);
    Object.defineProperty(this, TENANT, { value: true });
    this.spec = checkProps(TenantSpec, { name: id, ...props }, this.node.path);
  }
}
