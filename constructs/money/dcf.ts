/**
 * Discounted cash flow of a series of cash flows, one per period (month 0 = signing):
 * NPV at a stated annual discount rate, IRR, and payback. Period 0 is not discounted; period
 * p is discounted by (1 + annual rate)^(p / periodsPerYear), so a monthly series and a yearly
 * one with the same money at the same dates give the same NPV.
 */

/** Net present value of `flows` (flows[0] at time 0) at an annual discount rate. */
export function npv(flows: readonly number[], annualRate: number, periodsPerYear = 12): number {
  let total = 0;
  for (let p = 0; p < flows.length; p++) total += flows[p]! / (1 + annualRate) ** (p / periodsPerYear);
  return total;
}

/**
 * Internal rate of return, annual: the rate where the NPV is 0, found by bisection between
 * −99 % and 1,000 % a year. Undefined when the flows never change sign (no rate makes the
 * NPV zero) or the NPV has no root in that band.
 */
export function irr(flows: readonly number[], periodsPerYear = 12): number | undefined {
  if (!flows.some((f) => f < 0) || !flows.some((f) => f > 0)) return undefined;
  let lo = -0.99;
  let hi = 10;
  let fLo = npv(flows, lo, periodsPerYear);
  const fHi = npv(flows, hi, periodsPerYear);
  if (Math.sign(fLo) === Math.sign(fHi)) return undefined;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    const fMid = npv(flows, mid, periodsPerYear);
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The first period whose cumulative cash flow is ≥ 0 and stays so to the end (a later dip
 * below zero, e.g. a halving, moves payback later). Undefined when it never does.
 * `discountRate` gives the discounted payback instead.
 */
export function paybackPeriod(flows: readonly number[], discountRate?: number, periodsPerYear = 12): number | undefined {
  let cumulative = 0;
  let since: number | undefined;
  for (let p = 0; p < flows.length; p++) {
    const f = discountRate === undefined ? flows[p]! : flows[p]! / (1 + discountRate) ** (p / periodsPerYear);
    cumulative += f;
    if (cumulative >= -1e-9) since ??= p;
    else since = undefined;
  }
  return since;
}
