/**
 * The dispatch report's charts as inline SVG: the power stack over time (firm load, each
 * fleet, interruptible AI, under the site's limit) and cumulative margin against each
 * baseline. Long schedules are averaged into at most MAX_POINTS buckets so a year stays small.
 */
import { esc, niceScale as scale } from '../offers/charts';
import { STRATEGY_NAMES } from './report-data';
import type { DispatchResult } from './run';
import type { Strategy } from './schedule';
import { isoMinute } from './time';

const MAX_POINTS = 730;
const W = 900;
const H = 320;
const L = 64;
const R = 170;
const T = 20;
const B = 280;
const PALETTE = ['#e08a2c', '#c96f1a', '#f0b26a', '#a85a12', '#f5c892', '#8a4a10'];
const LINE: Record<Strategy, string> = { dispatch: '#2e9d5b', 'always-mine': '#e08a2c', static: '#6b7480', 'ai-only': '#3b6fb6' };
const n = (x: number) => Number(x.toFixed(1));

function buckets(count: number): [number, number][] {
  const size = Math.max(1, Math.ceil(count / MAX_POINTS));
  const out: [number, number][] = [];
  for (let i = 0; i < count; i += size) out.push([i, Math.min(count, i + size)]);
  return out;
}

/** Axis labels short enough for the margin: 1.5 k, 90 M. */
function tick(v: number): string {
  const a = Math.abs(v);
  const short = a >= 1e9 ? `${+(v / 1e9).toPrecision(3)} B` : a >= 1e6 ? `${+(v / 1e6).toPrecision(3)} M` : a >= 1e4 ? `${+(v / 1e3).toPrecision(3)} k` : `${+v.toPrecision(4)}`;
  return short.replace('-', '−');
}

function axes(title: string, kind: string, lo: number, hi: number, step: number, unit: string, first: number, last: number, y: (v: number) => number): string[] {
  const parts = [`<svg data-chart="${kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`];
  for (let v = lo; v <= hi + step / 1e6; v += step) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="#e7eaee"/><text x="${L - 6}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end" fill="#4a5260">${tick(v)}</text>`);
  }
  parts.push(`<text x="14" y="${(T + B) / 2}" font-size="11" fill="#4a5260" transform="rotate(-90 14 ${(T + B) / 2})" text-anchor="middle">${esc(unit)}</text>`);
  parts.push(`<text x="${L}" y="${B + 18}" font-size="11" fill="#4a5260">${esc(isoMinute(first))}</text><text x="${W - R}" y="${B + 18}" font-size="11" fill="#4a5260" text-anchor="end">${esc(isoMinute(last))}</text>`);
  return parts;
}

export function powerStackOverTime(r: DispatchResult): string {
  const d = r.site.dispatch;
  const rows = r.schedule;
  if (rows.length === 0) return '';
  const bs = buckets(rows.length);
  const mean = (a: number, b: number, f: (i: number) => number) => {
    let s = 0;
    for (let i = a; i < b; i++) s += f(i);
    return s / (b - a);
  };
  const layers = [
    { label: 'Firm load', color: '#3b6fb6', v: bs.map(() => d.firmMW) },
    ...d.fleets.map((f, k) => ({ label: `Mining: ${f.name}`, color: PALETTE[k % PALETTE.length]!, v: bs.map(([a, b]) => mean(a, b, (i) => rows[i]!.fleetMW[k]!)) })),
    { label: 'Interruptible AI', color: '#2e9d5b', v: bs.map(([a, b]) => mean(a, b, (i) => rows[i]!.aiMW)) },
  ];
  const { top, step } = scale(Math.max(d.capMW, ...bs.map((_, j) => layers.reduce((s, l) => s + l.v[j]!, 0))));
  const x = (j: number) => L + ((W - L - R) * j) / Math.max(1, bs.length - 1);
  const y = (v: number) => B - ((B - T) * v) / top;
  const parts = axes('Power stack over time, facility MW', 'power-stack-time', 0, top, step, 'MW (facility)', rows[0]!.start, rows[rows.length - 1]!.start, y);
  const base = bs.map(() => 0);
  layers.forEach((l, k) => {
    const upper = base.map((b, j) => b + l.v[j]!);
    const pts = [...upper.map((v, j) => `${n(x(j))},${n(y(v))}`), ...[...base].reverse().map((v, jj) => `${n(x(bs.length - 1 - jj))},${n(y(v))}`)];
    parts.push(`<polygon data-layer="${esc(l.label)}" points="${pts.join(' ')}" fill="${l.color}" fill-opacity="0.85"/>`);
    upper.forEach((v, j) => (base[j] = v));
    parts.push(`<rect x="${W - R + 12}" y="${T + k * 18}" width="12" height="12" fill="${l.color}"/><text x="${W - R + 30}" y="${T + k * 18 + 10}" font-size="11" fill="#1f2630">${esc(l.label)}</text>`);
  });
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${n(y(d.capMW))}" y2="${n(y(d.capMW))}" stroke="#c8453b" stroke-dasharray="5 3"/><text x="${W - R + 12}" y="${T + layers.length * 18 + 10}" font-size="11" fill="#c8453b">Limit ${d.capMW.toFixed(2)} MW</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export function cumulativeMarginChart(r: DispatchResult): string {
  const count = r.schedule.length;
  if (count === 0) return '';
  const bs = buckets(count);
  const order: Strategy[] = ['dispatch', 'always-mine', 'static', 'ai-only'];
  const series = order.map((s) => ({ s, v: bs.map(([, b]) => r.cumulative[s][b - 1]!) }));
  const all = series.flatMap((x) => x.v);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const { step } = scale(hi - lo || 1);
  const bottom = Math.floor(lo / step) * step;
  const top = Math.ceil(hi / step) * step || step;
  const x = (j: number) => L + ((W - L - R) * j) / Math.max(1, bs.length - 1);
  const y = (v: number) => B - ((B - T) * (v - bottom)) / (top - bottom);
  const parts = axes('Cumulative margin, USD: dispatch against each baseline', 'cumulative-margin', bottom, top, step, 'USD', r.schedule[0]!.start, r.schedule[count - 1]!.start, y);
  series.forEach(({ s, v }, k) => {
    parts.push(`<polyline data-series="${s}" fill="none" stroke="${LINE[s]}" stroke-width="${s === 'dispatch' ? 2.5 : 1.5}" points="${v.map((val, j) => `${n(x(j))},${n(y(val))}`).join(' ')}"/>`);
    parts.push(`<rect x="${W - R + 12}" y="${T + k * 18}" width="12" height="3" fill="${LINE[s]}"/><text x="${W - R + 30}" y="${T + k * 18 + 6}" font-size="11" fill="#1f2630">${esc(STRATEGY_NAMES[s])}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
