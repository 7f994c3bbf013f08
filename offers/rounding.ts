/**
 * Fixed decimals per unit for the offer's JSON (docs/offers.md, "Rounding"): every number is
 * rounded by what it measures, so the file carries no float noise and two runs agree to the
 * byte. The unit is read from the key (…MW, …KW, …THs) or, for an assumption, from its `unit`.
 */

/** Decimals by unit, as documented. */
export const DECIMALS = {
  usd: 0, // money totals: whole dollars
  price: 2, // USD per unit: $/kW-month, $/GPU-hour, $/MWh, $/PH/s/day
  mw: 3,
  kw: 2,
  ths: 1,
  phs: 3,
  fraction: 4, // utilisation, shares, rates, IRR
  pue: 2,
  weeks: 1,
  count: 0,
  other: 3,
} as const;

const MONEY_KEYS = new Set(['ai', 'mining', 'net', 'cumulative', 'npv', 'capex', 'total', 'facility', 'hardware', 'revenue', 'poolFees', 'powerCost', 'powerBilled', 'credits', 'opex', 'margin', 'monthlyCharge']);
const FRACTION_KEYS = new Set(['irr', 'discountRate', 'utilisation', 'subsidyFactor', 'share']);
const COUNT_KEYS = new Set(['gpus', 'nodes', 'racks', 'units', 'month', 'nodesPerRack', 'gpusPerNode', 'atNodes', 'termMonths', 'buildMonths', 'horizonMonths', 'paybackMonth', 'discountedPaybackMonth', 'racksFree']);

export function decimalsForKey(key: string): number {
  if (MONEY_KEYS.has(key) || /(PerMonth|OverTerm|USD)$/.test(key)) return DECIMALS.usd;
  if (FRACTION_KEYS.has(key)) return DECIMALS.fraction;
  if (COUNT_KEYS.has(key)) return DECIMALS.count;
  if (key === 'pue') return DECIMALS.pue;
  if (/MW$/.test(key)) return DECIMALS.mw;
  if (/KW$/.test(key)) return DECIMALS.kw;
  if (/THs$/.test(key)) return DECIMALS.ths;
  if (/PHs$/.test(key)) return DECIMALS.phs;
  if (/(PerPHDay|PerMWh|PerKWMonth|rate|perKWMonth|price)$/i.test(key)) return DECIMALS.price;
  if (/(Weeks|Week)$/.test(key) || key === 'weeks') return DECIMALS.weeks;
  if (key === 'efficiencyJTH') return 1;
  return DECIMALS.other;
}

export function decimalsForUnit(unit: string): number {
  if (unit === 'USD') return DECIMALS.usd;
  if (unit.startsWith('USD/')) return DECIMALS.price;
  if (unit === 'fraction' || unit === 'per year') return DECIMALS.fraction;
  if (unit === 'months') return DECIMALS.count;
  return DECIMALS.other;
}

function round(x: number, digits: number): number {
  const r = Math.round(x * 10 ** digits) / 10 ** digits;
  return Object.is(r, -0) ? 0 : r;
}

/** A copy of `value` with every number rounded by its unit. */
export function roundNumbers(value: unknown, key = ''): unknown {
  if (typeof value === 'number') return round(value, decimalsForKey(key));
  if (Array.isArray(value)) return value.map((v) => roundNumbers(v, key));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const unitDecimals = typeof o.unit === 'string' && typeof o.value === 'number' ? decimalsForUnit(o.unit) : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'value' && unitDecimals !== undefined ? round(v as number, unitDecimals) : roundNumbers(v, k);
    return out;
  }
  return value;
}
