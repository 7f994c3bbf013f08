/** Number formatting shared by the Markdown plan: thousands separators, MW to 0.1, signed %. */

export function formatNumber(x: number, unit = '', digits = 1): string {
  let s: string;
  if (unit === 'MW' || unit === 'PH/s') s = x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.abs(x) < 1 && x !== 0 ? Math.max(2, digits) : digits });
  else if (Number.isInteger(x)) s = x.toLocaleString('en-US');
  else s = x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return unit ? `${s} ${unit}` : s;
}

/** `+50%`, `-4.5%`; `0%` for no change. */
export function formatPct(pct: number): string {
  const r = Math.round(pct * 10) / 10;
  return `${r > 0 ? '+' : ''}${r}%`;
}

/** `512 → 768 (+50%)`, `0 → 2.1 MW`, `9,216` when unchanged; `—` for an absent side. */
export function formatChange(old: number | null, now: number | null, unit = '', withPct = true): string {
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
