import { Construct } from 'constructs';
import { z } from 'zod';
import { checkProps } from './_props';
import { sectionScope } from './_section';
import { NetworksSpec } from './site-spec';

const RangeSpec = NetworksSpec.shape.node.unwrap();
export type NetworkProps = z.input<typeof RangeSpec>;
export type NetworkName = 'bmc' | 'provisioning' | 'node';

const NETWORK = Symbol.for('rackshift.Network');

/** One of the site's IPv4 networks (BMC, provisioning or node), from which addresses are allocated. */
export class Network extends Construct {
  static isNetwork(x: unknown): x is Network {
    return typeof x === 'object' && x !== null && NETWORK in x;
  }

  readonly spec: z.output<typeof RangeSpec>;

  constructor(scope: Construct, readonly kind: NetworkName, props: NetworkProps) {
    super(sectionScope(scope, 'networks', kind), kind);
    Object.defineProperty(this, NETWORK, { value: true });
    this.spec = checkProps(RangeSpec, props, this.node.path);
  }
}
