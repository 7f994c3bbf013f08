import type { z } from 'zod';
import { childConstruct } from './_child';
import { AsicFleetSpec } from './site-spec';

export type AsicFleetProps = Omit<z.input<typeof AsicFleetSpec>, 'name'>;

/** Miners of one model in one zone; `retire` says how many the conversion removes. */
export class AsicFleet extends childConstruct('AsicFleet', 'fleets', AsicFleetSpec) {
  static isAsicFleet(x: unknown): x is AsicFleet {
    return AsicFleet.is(x);
  }
}
