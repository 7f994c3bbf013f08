import type { z } from 'zod';
import { childConstruct } from './_child';
import { CoolingZoneSpec } from './site-spec';

export type CoolingZoneProps = Omit<z.input<typeof CoolingZoneSpec>, 'name'>;

/** A hall or container group sharing one cooling system: heat rejection, rack density, floor. */
export class CoolingZone extends childConstruct('CoolingZone', 'zones', CoolingZoneSpec) {
  static isCoolingZone(x: unknown): x is CoolingZone {
    return CoolingZone.is(x);
  }
}
