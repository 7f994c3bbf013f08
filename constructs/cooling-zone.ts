import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { CoolingZoneSpec } from './site-spec';

export type CoolingZoneProps = Omit<z.input<typeof CoolingZoneSpec>, 'name'>;

const ZONE = Symbol.for('rackshift.CoolingZone');

/** A hall or container group sharing one cooling system: heat rejection, rack density, floor. */
export class CoolingZone extends Construct {
  static isCoolingZone(x: unknown): x is CoolingZone {
    return typeof x === 'object' && x !== null && ZONE in x;
  }

  readonly spec: z.output<typeof CoolingZoneSpec>;

  constructor(scope: Construct, id: string, props: CoolingZoneProps) {
    super(sectionScope(scope, 'zones', id), id);
    Object.defineProperty(this, ZONE, { value: true });
    this.spec = checkProps(CoolingZoneSpec, { name: id, ...props }, this.node.path);
  }
}
