/**
 * The sourced default economics inputs, shared by offers and the site summary, so both price
 * a site the same way. A site file's spec.economics (or an offer, or the command line)
 * overrides any of them. Each default carries two sources: `source` for the internal report
 * (where in the fact sheet the figure comes from) and `publicSource` for what a customer may
 * read (the public publication and its date). A figure without a source says "planning figure".
 */

/** Hours and days in an average month (8,760 h and 365 d a year, over 12). */
export const HOURS_PER_MONTH = 8760 / 12;
export const DAYS_PER_MONTH = 365 / 12;

export interface SourcedDefault<T = number> {
  readonly value: T;
  readonly source: string;
  readonly publicSource: string;
}

const PLANNING = 'planning figure (no public source)';

/** Default $/GPU-hour by GPU model (the GPU's own market rate). */
export const GPU_HOUR_DEFAULTS: Readonly<Record<string, { readonly price: number; readonly source: string; readonly publicSource: string }>> = {
  'h100-sxm': { price: 2.5, source: 'domain-facts §5.4: H100 test base rate $2.00–3.00 (midpoint)', publicSource: 'AIMultiple GPU index, May 2026: H100 median ~$2.95 across 37 providers; SemiAnalysis index $2.35, Mar 2026' },
  'h200-sxm': { price: 3.5, source: 'domain-facts §5.4: H200 test base rate $2.50–4.50 (midpoint)', publicSource: 'Mercatus cloud GPU pricing, May 2026: H200 $2.50–4.50 outside hyperscalers' },
  b200: { price: 5.0, source: 'domain-facts §5.4: B200 test base rate $4.00–6.00 (midpoint)', publicSource: 'Spheron, Mar 2026: B200 $6.03 per GPU-hour on demand' },
  // $9.08 per GB200 superchip ÷ 2 GPUs = $4.54 would price NVL72 capacity below an HGX B200;
  // rack-scale NVLink capacity does not rent below B200, so the B200 on-demand rate is used.
  gb200: { price: 6.03, source: 'planning figure: GB200 at the Spheron B200 rate $6.03 (domain-facts §5.4); $9.08 per superchip ÷ 2 = $4.54 would sit below B200', publicSource: 'planning figure, at least the Spheron B200 rate of Mar 2026 ($6.03 per GPU-hour)' },
  mi300x: { price: 1.78, source: 'domain-facts §5.4: MI300X $1.71–1.85 (midpoint)', publicSource: 'gpu.blog MI300X rental, 2026: $1.71–1.85 per GPU-hour' },
};

export const ECONOMICS_DEFAULTS = {
  hashpricePerPHDay: { value: 39.53, source: 'domain-facts §5.1: Hashrate Index, 2026-01-12 ($35–45 base range)', publicSource: 'Hashrate Index roundup, 2026-01-12' },
  powerPricePerMWh: { value: 40, source: 'domain-facts §5.2: $30–50/MWh all-in for large Texas miners (midpoint)', publicSource: PLANNING },
  colocationPerKWMonth: { value: 140, source: 'domain-facts §5.3: $120–160/kW-month of critical IT for powered-shell leases (midpoint)', publicSource: 'public miner-to-HPC leases 2024–2026: $104–159 per kW-month (below)' },
  utilisation: { value: 0.85, source: 'planning figure (no sourced utilisation)', publicSource: PLANNING },
  capexPerMW: { value: 9_000_000, source: 'domain-facts §5.5: $8–10 M/MW critical IT (TeraWulf Lake Mariner), $9–11 M (Cipher Barber Lake)', publicSource: 'TeraWulf (2025) $8–10 M and Cipher (2025) $9–11 M per MW of critical IT' },
  hardwarePerGpu: { value: 0, source: 'not given: GPU hardware from the catalog system price', publicSource: PLANNING },
  discountRate: { value: 0.1, source: 'planning figure: 10 % a year (no sourced cost of capital)', publicSource: PLANNING },
  networkGrowthPerYear: { value: 0.15, source: 'planning figure: network hashrate +15 % a year at a flat bitcoin price (no sourced growth rate; ~1,024 EH/s on 2026-01-12, domain-facts §5.1)', publicSource: PLANNING },
  feeShare: { value: 0.0055, source: 'domain-facts §5.1: fees 0.55 % of rewards (Hashrate Index, 2026-01-12)', publicSource: 'Hashrate Index roundup, 2026-01-12' },
  poolFee: { value: 0.02, source: 'planning figure: 2 % pool fee (FPPS pools; no sourced figure)', publicSource: PLANNING },
  miningUptime: { value: 0.97, source: 'planning figure: 97 % uptime (maintenance and curtailment; no sourced figure)', publicSource: PLANNING },
  curtailmentCreditPerMWh: { value: 5, source: 'planning figure: $5 per MWh consumed by curtailable load (Riot: $31.7 M ERCOT credits in Aug 2023, effective power ~$29/MWh after 4CP and DR credits, domain-facts §5.2 and §4)', publicSource: PLANNING },
  opexShareOfRevenue: { value: 0.15, source: 'derived: 1 − 85 % site NOI margin (TeraWulf 85 %, Cipher 80–90 %), domain-facts §5.3', publicSource: 'TeraWulf and Cipher 2025: 80–90 % site NOI margin on HPC leases' },
  opexPerKWMonth: { value: 0, source: 'not given: AI opex as a share of revenue', publicSource: PLANNING },
  miningOpexPerKWMonth: { value: 3, source: 'planning figure: $3 per kW-month of miner IT for staff, repairs and insurance (no sourced figure)', publicSource: PLANNING },
} as const satisfies Record<string, SourcedDefault>;

/** The hashprice's month and the next halving (domain-facts, 2026-12 additions: expected around April 2028). */
export const HASHPRICE_AS_OF = '2026-01';
export const HALVING: SourcedDefault<string> = { value: '2028-04', source: 'domain-facts 2026-12 additions: next halving around April 2028, subsidy 3.125 → 1.5625 BTC', publicSource: 'Bitcoin protocol: subsidy halves every 210,000 blocks, next expected April 2028' };

/** Default offer term: miner-to-HPC leases run 10–15 years. */
export const DEFAULT_TERM_MONTHS: SourcedDefault = { value: 120, source: 'domain-facts §5.3: lease terms 10–15 yr base', publicSource: 'public miner-to-HPC leases 2024–2026: 10–15 year terms' };

/** Public miner-to-HPC lease deals: contract value ÷ term ÷ critical IT MW ≈ $/kW-month (domain-facts 2026-12 additions). */
export const LEASE_DEALS: readonly { readonly deal: string; readonly date: string; readonly terms: string; readonly perKWMonth: number; readonly source: string }[] = [
  { deal: 'Core Scientific → CoreWeave', date: 'Oct 2024', terms: '~500 MW, 12 yr, $8.7 B', perKWMonth: 121, source: 'Core Scientific SEC press release' },
  { deal: 'TeraWulf → Fluidstack', date: 'Aug 2025', terms: '200+ MW, 10 yr, $3.7 B', perKWMonth: 154, source: 'blockspace.media' },
  { deal: 'Cipher → Fluidstack', date: 'Sep 2025', terms: '168 MW, 10 yr, $3 B', perKWMonth: 149, source: 'coincodex' },
  { deal: 'Hut 8 → Fluidstack/Anthropic', date: 'Dec 2025', terms: '245 MW, 15 yr, $7 B, triple-net', perKWMonth: 159, source: 'dcpulse' },
  { deal: 'Riot → AMD', date: '2026', terms: '25 MW, 10 yr, $311 M', perKWMonth: 104, source: 'Riot release' },
];
