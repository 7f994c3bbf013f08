/**
 * The DCF and hashprice formulas against figures worked by hand (arithmetic in the comments).
 */
import { describe, expect, it } from 'vitest';
import { irr, npv, paybackPeriod } from '../constructs/money/dcf';
import { addMonths, monthsBetween, projectHashprice } from '../constructs/money/hashprice';

describe('NPV, IRR and payback on a three-year toy case', () => {
  // Yearly flows: pay 1,000 now, receive 100, 100 and 1,100 at the end of years 1, 2, 3.
  const flows = [-1000, 100, 100, 1100];

  it('NPV at 10 % is 0 and at 5 % is 136.16', () => {
    // At 10 %: −1000 + 100/1.1 + 100/1.21 + 1100/1.331 = −1000 + 90.909 + 82.645 + 826.446 = 0.000
    expect(npv(flows, 0.1, 1)).toBeCloseTo(0, 6);
    // At 5 %: −1000 + 100/1.05 + 100/1.1025 + 1100/1.157625 = −1000 + 95.238 + 90.703 + 950.221 = 136.162
    expect(npv(flows, 0.05, 1)).toBeCloseTo(136.162, 3);
  });

  it('IRR is 10 % (a bond bought at par with a 10 % coupon)', () => {
    expect(irr(flows, 1)).toBeCloseTo(0.1, 8);
  });

  it('payback in year 3, discounted payback at 5 % also year 3', () => {
    // Cumulative: −1000, −900, −800, +300 → first ≥ 0 in year 3.
    expect(paybackPeriod(flows)).toBe(3);
    // Discounted at 5 %: −1000, −904.76, −814.06, +136.16 → year 3.
    expect(paybackPeriod(flows, 0.05, 1)).toBe(3);
    // At 20 % it never pays back: 136.16 falls to −1000 + 83.33 + 69.44 + 636.57 = −210.65.
    expect(paybackPeriod(flows, 0.2, 1)).toBeUndefined();
  });

  it('the same money monthly: 36 months at 12 periods a year gives the yearly NPV', () => {
    // Flows at months 0, 12, 24, 36 are the yearly flows at years 0–3: (1+r)^(12/12) = (1+r)^1.
    const monthly = Array.from({ length: 37 }, (_, m) => (m % 12 === 0 ? flows[m / 12]! : 0));
    expect(npv(monthly, 0.05)).toBeCloseTo(136.162, 3);
    expect(irr(monthly)).toBeCloseTo(0.1, 8);
    expect(paybackPeriod(monthly)).toBe(36);
  });

  it('no IRR when the flows never change sign', () => {
    expect(irr([100, 100])).toBeUndefined();
    expect(irr([-100, -1])).toBeUndefined();
    expect(paybackPeriod([-100, 10, 10])).toBeUndefined();
  });
});

describe('hashprice projection', () => {
  const model = { hashpricePerPHDay: 40, asOf: '2026-01', networkGrowthPerYear: 0.25, feeShare: 0.05, halvingMonth: '2028-04' };

  it('month arithmetic', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(monthsBetween('2026-01', '2028-04')).toBe(27);
  });

  it('halves the subsidy part in April 2028, not before, and leaves fees whole', () => {
    const p = projectHashprice(model, '2028-01', 6);
    expect(p.map((m) => m.month)).toEqual(['2028-01', '2028-02', '2028-03', '2028-04', '2028-05', '2028-06']);
    expect(p.map((m) => m.subsidyFactor)).toEqual([1, 1, 1, 0.5, 0.5, 0.5]);
    // March 2028 is k = 26 months after Jan 2026: 40 × (0.95 × 1 + 0.05) / 1.25^(26/12)
    //   1.25^(26/12) = e^(2.16667 × 0.223144) = e^0.483477 = 1.621689 → 40 / 1.621689 = 24.6657
    expect(p[2]!.hashpricePerPHDay).toBeCloseTo(24.6657, 3);
    // April 2028, k = 27: 40 × (0.95 × 0.5 + 0.05) / 1.25^(27/12) = 21 / 1.25^(27/12)
    //   1.25^(27/12) = e^(2.25 × 0.223144) = e^0.502073 = 1.652131 → 21 / 1.652131 = 12.7109
    expect(p[3]!.hashpricePerPHDay).toBeCloseTo(12.7109, 3);
    // The drop at the halving is the subsidy's share halving times one month's growth:
    //   0.525 / 1 × 1.25^(−1/12) = 0.525 × 0.981577 = 0.515328
    expect(p[3]!.hashpricePerPHDay / p[2]!.hashpricePerPHDay).toBeCloseTo(0.515328, 5);
  });

  it('with no growth and no halving in range it is flat at today\'s hashprice', () => {
    const flat = projectHashprice({ ...model, networkGrowthPerYear: 0 }, '2026-01', 12);
    expect(new Set(flat.map((m) => m.hashpricePerPHDay))).toEqual(new Set([40]));
  });
});
