import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { GpuPoolSpec } from './site-spec';

export type GpuNodePoolProps = Omit<z.input<typeof GpuPoolSpec>, 'name'>;

const POOL = Symbol.for('rackshift.GpuNodePool');

/** GPU servers of one system model in one zone, at one power tier. */
export class GpuNodePool extends Construct {
  static isGpuNodePool(x: unknown): x is GpuNodePool {
    return typeof x === 'object' && x !== null && POOL in x;
  }

  readonly spec: z.output<typeof GpuPoolSpec>;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(sectionScope(scope, 'pools', id), id);
    Object.defineProperty(this, POOL, { value: true });
    this.spec = checkProps(GpuPoolSpec, { name: id, ...props }, this.node.path);
  }
}
