/** Number formatting shared by the Markdown plan: thousands separators, MW to 0.1, dollars as $1.6M, signed %. */
import { enUs } from '../lib/number-format';

export function formatNumber(x: number, unit = '', digits = 1): string {
  if (isMoney(unit)) return `${formatUsd(x)}${moneySuffix(unit)}`;
  let s: string;
  if (unit === 'MW' || unit === 'PH/s') s = enUs(x, { minimumFractionDigits: digits, maximumFractionDigits: Math.abs(x) < 1 && x !== 0 ? Math.max(2, digits) : digits });
  else if (Number.isInteger(x)) s = enUs(x);
  else s = enUs(x, { maximumFractionDigits: 2 });
  return unit ? `${s} ${unit}` : s;
}

/** `+50%`, `-4.5%`; `0%` for no change. */
export function formatPct(pct: number): string {
  const r = Math.round(pct * 10) / 10;
  return `${r > 0 ? '+' : ''}${r}%`;
}

/** Units in dollars: `USD` (a table column that names the period) or `USD/mo`. */
function isMoney(unit: string): boolean {
  return unit === 'USD' || unit.startsWith('USD/');
}

function moneySuffix(unit: string): string {
  return unit === 'USD/mo' ? '/mo' : '';
}

/**
 * One money format everywhere in the plan: `$1.65M`, `$2.10B`, `-$45.7k`, `$740` — two decimals
 * on millions and billions, one on thousands, unless `digits` asks for more.
 */
export function formatUsd(x: number, digits?: number): string {
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  const [scale, suffix] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'k'] : [1, ''];
  digits ??= scale >= 1e6 ? 2 : 1;
  const s = scale === 1 ? enUs(a, { maximumFractionDigits: digits > 1 ? 2 : 0 }) : (a / scale).toFixed(digits);
  return `${sign}$${s}${suffix}`;
}

/**
 * `$1.6M → $1.7M/mo (+2.8%)`; in a table (unit `USD`) also the signed difference:
 * `$1.6M → $1.7M (+$45.7k, +2.8%)`. Enough decimals that a real change never reads as equal.
 */
function formatMoneyChange(old: number | null, now: number | null, unit: string, withPct: boolean): string {
  const suffix = moneySuffix(unit);
  if (old === null && now !== null) return `${formatUsd(now)}${suffix} (new)`;
  if (now === null && old !== null) return `${formatUsd(old)}${suffix} (removed)`;
  if (old === null || now === null) return '—';
  if (old === now) return `${formatUsd(now)}${suffix}`;
  const delta = now - old;
  // Decimals enough to show the difference itself (a $10.9k change of $1.6M reads $1.64M → $1.65M).
  const scale = Math.max(Math.abs(old), Math.abs(now));
  const unitOf = scale >= 1e9 ? 1e9 : scale >= 1e6 ? 1e6 : 1e3;
  let digits = Math.min(6, Math.max(unitOf >= 1e6 ? 2 : 1, Math.ceil(-Math.log10(Math.abs(delta) / unitOf))));
  while (digits < 6 && formatUsd(old, digits) === formatUsd(now, digits)) digits++;
  const parts = [unit === 'USD' ? `${delta > 0 ? '+' : ''}${formatUsd(delta)}` : '', withPct && old !== 0 ? formatPct((delta / Math.abs(old)) * 100) : ''].filter(Boolean);
  return `${formatUsd(old, digits)} → ${formatUsd(now, digits)}${suffix}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** `512 → 768 (+50%)`, `0 → 2.1 MW`, `9,216` when unchanged; `—` for an absent side. */
export function formatChange(old: number | null, now: number | null, unit = '', withPct = true): string {
  if (isMoney(unit)) return formatMoneyChange(old, now, unit, withPct);
  const show = (v: number | null) => (v === null ? '—' : formatNumber(v, ''));
  const u = unit ? ` ${unit}` : '';
  const decimal = unit === 'MW' || unit === 'PH/s';
  if (old === null && now !== null) return `${decimal ? formatNumber(now, unit) : `${show(now)}${u}`} (new)`;
  if (now === null && old !== null) return `${decimal ? formatNumber(old, unit) : `${show(old)}${u}`} (removed)`;
  if (old === now) return now === null ? '—' : decimal ? formatNumber(now, unit) : `${show(now)}${u}`;
  const pct = withPct && old !== null && old !== 0 && now !== null ? ` (${formatPct(((now - old) / Math.abs(old)) * 100)})` : '';
  if (decimal) {
    // Enough decimals that a real change never reads as `11.8 → 11.8`.
    let digits = 1;
    while (digits < 4 && old !== null && now !== null && formatNumber(old, unit, digits) === formatNumber(now, unit, digits)) digits++;
    return `${old === null ? '—' : formatNumber(old, unit, digits).replace(u, '')} → ${now === null ? '—' : formatNumber(now, unit, digits)}${pct}`;
  }
  return `${show(old)} → ${show(now)}${u}${pct}`;
}
