/**
 * The price terms of an offer, as a customer reads them: the rate, the term, what is billed on
 * top, and the public market references beside the rate. Read from the offer's economics
 * (nothing recomputed): the rate is the one the cash flows use.
 */
import { ECONOMICS_DEFAULTS, GPU_HOUR_DEFAULTS, LEASE_DEALS } from '../constructs/economics-defaults';
import type { ConversionEconomics } from '../constructs/money/conversion';
import type { SizedPlan } from './size';

export interface PriceTerms {
  readonly model: 'colocation' | 'gpu-hour';
  readonly rate: number;
  readonly rateUnit: string;
  /** First service month's charge: rate × contracted kW, or × GPUs × 730 h (at full use). */
  readonly monthlyCharge: number;
  readonly termMonths: number;
  readonly billedOnTop: string;
  /** Public reference beside the rate, with its date. */
  readonly reference: string;
  readonly deals: typeof LEASE_DEALS;
}

/** `gpu` is the offer's GPU model id, for the public market rate beside a GPU-hour price. */
export function priceTermsOf(plan: SizedPlan, gpu: string): PriceTerms {
  const e: ConversionEconomics = plan.economics;
  const colo = e.revenueModel === 'colocation';
  return {
    model: e.revenueModel,
    rate: e.params.rate,
    rateUnit: colo ? 'per kW of critical IT per month' : 'per GPU-hour',
    // The model's own first service month (GPU-hour: at full use rather than at the utilisation assumed).
    monthlyCharge: e.aiFirstMonth.revenue / (colo ? 1 : e.params.utilisation),
    termMonths: e.termMonths,
    billedOnTop: colo ? 'metered power at cost' : 'nothing: power and operations are included',
    reference: colo ? ECONOMICS_DEFAULTS.colocationPerKWMonth.publicSource : (GPU_HOUR_DEFAULTS[gpu]?.publicSource ?? 'planning figure'),
    deals: colo ? LEASE_DEALS : [],
  };
}
