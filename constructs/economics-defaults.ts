/**
 * The sourced default economics inputs, shared by offers (offers/economics.ts) and the site
 * summary (constructs/site-economics.ts), so both price a site the same way. A site file's
 * spec.economics (or an offer, or the command line) overrides any of them.
 */

/** Hours and days in an average month (8,760 h and 365 d a year, over 12). */
export const HOURS_PER_MONTH = 8760 / 12;
export const DAYS_PER_MONTH = 365 / 12;

/** Default $/GPU-hour by GPU model: midpoints of the fact sheet's test base rates (§5.4). */
export const GPU_HOUR_DEFAULTS: Readonly<Record<string, { readonly price: number; readonly source: string }>> = {
  'h100-sxm': { price: 2.5, source: 'domain-facts §5.4: H100 test base rate $2.00–3.00 (midpoint)' },
  'h200-sxm': { price: 3.5, source: 'domain-facts §5.4: H200 test base rate $2.50–4.50 (midpoint)' },
  b200: { price: 5.0, source: 'domain-facts §5.4: B200 test base rate $4.00–6.00 (midpoint)' },
  gb200: { price: 4.54, source: 'domain-facts §5.4: Spheron $9.08 per GB200 superchip ÷ 2 GPUs (derived)' },
  mi300x: { price: 1.78, source: 'domain-facts §5.4: MI300X $1.71–1.85 (midpoint)' },
};

export const ECONOMICS_DEFAULTS = {
  hashpricePerPHDay: { value: 39.53, source: 'domain-facts §5.1: Hashrate Index, 2026-01-12 ($35–45 base range)' },
  powerPricePerMWh: { value: 40, source: 'domain-facts §5.2: $30–50/MWh all-in for large Texas miners (midpoint)' },
  colocationPerKWMonth: { value: 140, source: 'domain-facts §5.3: $120–160/kW-month of critical IT for powered-shell leases (midpoint)' },
  utilisation: { value: 0.85, source: 'rackshift planning default (no sourced figure)' },
  capexPerMW: { value: 9_000_000, source: 'domain-facts §5.5: $8–10 M/MW critical IT (TeraWulf Lake Mariner), $9–11 M (Cipher Barber Lake)' },
  hardwarePerGpu: { value: 0, source: 'default: GPU hardware not included (give hardwarePerGpu when the site buys the systems)' },
} as const;
