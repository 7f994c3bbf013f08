import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { PowerFeedSpec } from './site-spec';

export type PowerFeedProps = Omit<z.input<typeof PowerFeedSpec>, 'name'>;

const FEED = Symbol.for('rackshift.PowerFeed');

/** A utility feed (substation, transformer or switchgear lineup) in a redundancy group. */
export class PowerFeed extends Construct {
  static isPowerFeed(x: unknown): x is PowerFeed {
    return typeof x === 'object' && x !== null && FEED in x;
  }

  readonly spec: z.output<typeof PowerFeedSpec>;

  constructor(scope: Construct, id: string, props: PowerFeedProps) {
    super(sectionScope(scope, 'feeds', id), id);
    Object.defineProperty(this, FEED, { value: true });
    this.spec = checkProps(PowerFeedSpec, { name: id, ...props }, this.node.path);
  }
}
