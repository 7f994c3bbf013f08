import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { AsicFleetSpec } from './site-spec';

export type AsicFleetProps = Omit<z.input<typeof AsicFleetSpec>, 'name'>;

const FLEET = Symbol.for('rackshift.AsicFleet');

/** Miners of one model in one zone; `retire` says how many the conversion removes. */
export class AsicFleet extends Construct {
  static isAsicFleet(x: unknown): x is AsicFleet {
    return typeof x === 'object' && x !== null && FLEET in x;
  }

  readonly spec: z.output<typeof AsicFleetSpec>;

  constructor(scope: Construct, id: string, props: AsicFleetProps) {
    super(sectionScope(scope, 'fleets', id), id);
    Object.defineProperty(this, FLEET, { value: true });
    this.spec = checkProps(AsicFleetSpec, { name: id, ...props }, this.node.path);
  }
}
