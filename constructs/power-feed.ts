import type { z } from 'zod';
import { childConstruct } from './_child';
import { PowerFeedSpec } from './site-spec';

export type PowerFeedProps = Omit<z.input<typeof PowerFeedSpec>, 'name'>;

/** A utility feed (substation, transformer or switchgear lineup) in a redundancy group. */
export class PowerFeed extends childConstruct('PowerFeed', 'feeds', PowerFeedSpec) {
  static isPowerFeed(x: unknown): x is PowerFeed {
    return PowerFeed.is(x);
  }
}
