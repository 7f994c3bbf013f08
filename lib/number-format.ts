/**
 * Numbers in en-US form (thousands separators, fixed digits), the same text as
 * `x.toLocaleString('en-US', digits)`. That call builds a new Intl.NumberFormat each time
 * (about 40 µs); an offer or a plan formats thousands of numbers, so formatters are kept by
 * their digits.
 */
export interface Digits {
  readonly minimumFractionDigits?: number;
  readonly maximumFractionDigits?: number;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function enUs(x: number, digits: Digits = {}): string {
  const key = `${digits.minimumFractionDigits ?? ''}/${digits.maximumFractionDigits ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', digits);
    formatters.set(key, f);
  }
  return f.format(x);
}
