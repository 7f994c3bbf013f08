/** The committed synthetic year: which seed and year make which file (tests regenerate and compare). */
import { syntheticYear } from './synthetic';

export const SYNTHETIC_SEED = 20250101;
export const SYNTHETIC_YEAR = 2025;
export const SYNTHETIC_FILES = {
  prices: 'sites/prices/synthetic-2025-hb-west-dam.csv',
  hashprice: 'sites/prices/synthetic-2025-hashprice.csv',
  events: 'sites/prices/synthetic-2025-events.csv',
} as const;

export function syntheticFiles(): Record<string, string> {
  const y = syntheticYear(SYNTHETIC_SEED, SYNTHETIC_YEAR, 'HB_WEST', false);
  return { [SYNTHETIC_FILES.prices]: y.prices, [SYNTHETIC_FILES.hashprice]: y.hashprice, [SYNTHETIC_FILES.events]: y.events };
}
