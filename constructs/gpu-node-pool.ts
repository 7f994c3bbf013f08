import type { z } from 'zod';
import { childConstruct } from './_child';
import { GpuPoolSpec } from './site-spec';

export type GpuNodePoolProps = Omit<z.input<typeof GpuPoolSpec>, 'name'>;

/** GPU servers of one system model in one zone, at one power tier. */
export class GpuNodePool extends childConstruct('GpuNodePool', 'pools', GpuPoolSpec) {
  static isGpuNodePool(x: unknown): x is GpuNodePool {
    return GpuNodePool.is(x);
  }
}
