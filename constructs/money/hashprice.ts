/**
 * Hashprice projected month by month. Today's hashprice splits into the block subsidy's part
 * and the fees' part (fees are modelled apart: they do not halve). The subsidy part halves
 * from the halving month on; both parts fall as the network hashrate grows (the same
 * rewards shared by more hashes). The bitcoin price is held flat: the projection isolates
 * what the protocol and the network do, and says so in its assumptions.
 *
 *   hashprice(m) = hashprice₀ × ((1 − f) × subsidy(m) / subsidy₀ + f) / (1 + g)^(k / 12)
 *
 * f = fees' share of miner rewards at the as-of date, g = yearly network hashrate growth,
 * k = months from the as-of month to month m.
 */

export interface HashpriceModel {
  /** USD per PH/s per day at the as-of month. */
  readonly hashpricePerPHDay: number;
  /** YYYY-MM of that hashprice. */
  readonly asOf: string;
  /** Yearly network hashrate growth, e.g. 0.25 = +25 % a year. */
  readonly networkGrowthPerYear: number;
  /** Fees' share of miner rewards (subsidy + fees) at the as-of month, e.g. 0.0055. */
  readonly feeShare: number;
  /** YYYY-MM of the next halving; the subsidy is halved from this month on. */
  readonly halvingMonth: string;
}

export interface HashpriceMonth {
  /** YYYY-MM. */
  readonly month: string;
  /** 1 before the halving, 0.5 from the halving month on (subsidy relative to today's). */
  readonly subsidyFactor: number;
  readonly hashpricePerPHDay: number;
}

/** YYYY-MM plus n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Whole months from `a` to `b` (YYYY-MM); negative when b is before a. */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

/** The hashprice of each of `months` months from `start` (YYYY-MM). */
export function projectHashprice(model: HashpriceModel, start: string, months: number): HashpriceMonth[] {
  const out: HashpriceMonth[] = [];
  for (let i = 0; i < months; i++) {
    const month = addMonths(start, i);
    const subsidyFactor = monthsBetween(model.halvingMonth, month) >= 0 ? 0.5 : 1;
    const k = monthsBetween(model.asOf, month);
    const rewards = (1 - model.feeShare) * subsidyFactor + model.feeShare;
    out.push({ month, subsidyFactor, hashpricePerPHDay: (model.hashpricePerPHDay * rewards) / (1 + model.networkGrowthPerYear) ** (k / 12) });
  }
  return out;
}
