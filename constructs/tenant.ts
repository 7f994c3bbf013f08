import type { z } from 'zod';
import { childConstruct } from './_child';
import { TenantSpec } from './site-spec';

export type TenantProps = Omit<z.input<typeof TenantSpec>, 'name'>;

/** An AI customer: GPUs on a pool, isolation, admin groups, priority. */
export class Tenant extends childConstruct('Tenant', 'tenants', TenantSpec) {
  static isTenant(x: unknown): x is Tenant {
    return Tenant.is(x);
  }
}
