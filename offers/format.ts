/** Number formatting shared by the offer renderers (Markdown, HTML): fixed locale, so output is deterministic. */
import { enUs } from '../lib/number-format';

export function usd(x: number): string {
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)} B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(2)} M`;
  if (a >= 1e4) return `${sign}$${(a / 1e3).toFixed(1)} k`;
  return `${sign}$${enUs(a, { maximumFractionDigits: 2 })}`;
}

export function mwText(x: number): string {
  return `${x.toFixed(Math.abs(x) < 1 ? 3 : 2)} MW`;
}

export function int(x: number): string {
  return enUs(Math.round(x) + 0);
}

/** TH/s as PH/s (or EH/s when large). */
export function hashrate(ths: number): string {
  if (ths >= 1e6) return `${(ths / 1e6).toFixed(3)} EH/s`;
  return `${enUs(ths / 1000, { maximumFractionDigits: 1 })} PH/s`;
}

export function assumptionValue(value: number | string, unit: string): string {
  if (typeof value === 'string') return value;
  if (unit === 'fraction') return pct(value);
  if (unit === 'per year') return `${pct(value)} a year`;
  if (unit.startsWith('USD')) return `$${enUs(value, { maximumFractionDigits: 2 })}${unit === 'USD' ? '' : ` per ${unit.slice(4)}`}`;
  return `${enUs(value, { maximumFractionDigits: 4 })} ${unit}`.trim();
}

/** A fraction as a percentage, to a tenth (a hundredth below 1 %): 0.1 → "10%", 0.1234 → "12.3%", 0.0055 → "0.55%". */
export function pct(x: number): string {
  const p = Number((x * 100).toPrecision(12));
  return `${enUs(p, { maximumFractionDigits: Math.abs(p) < 1 ? 2 : 1 })}%`;
}
