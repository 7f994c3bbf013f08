/**
 * The offer report's charts as inline SVG, drawn here: no charting library, no network, and
 * byte-identical output for the same offer. Each chart carries `data-chart` so tests can find it.
 */
import type { ConversionEconomics as Economics } from '../constructs/money/conversion';
import { usd } from './format';
import type { PowerStack } from './power-stack';
import type { Timeline } from './timeline';

export const COLORS = {
  existingAi: '#3b6fb6',
  offer: '#2e9d5b',
  mining: '#e08a2c',
  headroom: '#d9dde3',
  group: ['#6b7480', '#9aa3ad', '#b9c0c8', '#565e68'],
  critical: '#c8453b',
  phase: '#3b6fb6',
  ai: '#2e9d5b',
  axis: '#4a5260',
  grid: '#e7eaee',
} as const;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const n = (x: number) => Number(x.toFixed(2));

function svgOpen(kind: string, w: number, h: number, title: string): string {
  return `<svg data-chart="${kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;
}

/** A "nice" axis maximum and step for values up to `max`. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.2 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

/** Power stack before/after: load (existing AI, offer, mining, headroom) beside capacity by feed group. */
export function powerStackChart(before: PowerStack, after: PowerStack): string {
  const W = 640;
  const H = 320;
  const left = 56;
  const bottom = 280;
  const top = 24;
  const capacity = before.groups.reduce((a, g) => a + g.usableMW, 0);
  const { top: maxMW, step } = niceScale(Math.max(capacity, before.existingAiMW + before.miningMW, after.existingAiMW + after.offerMW + after.miningMW));
  const y = (mw: number) => bottom - ((bottom - top) * mw) / maxMW;
  const parts: string[] = [svgOpen('power-stack', W, H, 'Power stack before and after the offer, MW, with capacity by feed group')];
  for (let v = 0; v <= maxMW + 1e-9; v += step) {
    parts.push(`<line x1="${left}" x2="${W - 150}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${COLORS.grid}"/><text x="${left - 6}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${n(v)}</text>`);
  }
  parts.push(`<text x="14" y="${(top + bottom) / 2}" font-size="11" fill="${COLORS.axis}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle">MW (facility)</text>`);
  const bar = (x: number, w: number, segs: readonly { v: number; color: string; label: string }[]) => {
    let acc = 0;
    for (const s of segs) {
      if (s.v <= 0) continue;
      parts.push(`<rect x="${x}" y="${n(y(acc + s.v))}" width="${w}" height="${n(y(acc) - y(acc + s.v))}" fill="${s.color}"><title>${esc(`${s.label}: ${s.v.toFixed(2)} MW`)}</title></rect>`);
      acc += s.v;
    }
  };
  [before, after].forEach((st, i) => {
    const x0 = left + 30 + i * 220;
    bar(x0, 70, [
      { v: st.existingAiMW, color: COLORS.existingAi, label: 'AI (existing pools)' },
      { v: st.offerMW, color: COLORS.offer, label: 'this offer' },
      { v: st.miningMW, color: COLORS.mining, label: 'mining' },
      { v: st.headroomMW, color: COLORS.headroom, label: 'headroom' },
    ]);
    bar(x0 + 80, 40, st.groups.map((g, j) => ({ v: g.usableMW, color: COLORS.group[j % COLORS.group.length]!, label: `feed group ${g.name} (usable)` })));
    let acc = 0;
    for (const g of st.groups) {
      parts.push(`<text x="${x0 + 100}" y="${n(y(acc + g.usableMW / 2) + 4)}" font-size="11" fill="#fff" text-anchor="middle">${esc(g.name)}</text>`);
      acc += g.usableMW;
    }
    parts.push(`<line x1="${x0 - 6}" x2="${x0 + 126}" y1="${n(y(st.survivingMW))}" y2="${n(y(st.survivingMW))}" stroke="${COLORS.critical}" stroke-dasharray="5 3"/>`);
    parts.push(`<text x="${x0 + 60}" y="${bottom + 16}" font-size="12" text-anchor="middle" fill="${COLORS.axis}">${esc(st.label)}</text>`);
  });
  const legend: [string, string][] = [
    [COLORS.existingAi, 'AI, existing pools'],
    [COLORS.offer, 'this offer'],
    [COLORS.mining, 'mining'],
    [COLORS.headroom, 'headroom'],
    [COLORS.group[0], 'feed group capacity'],
  ];
  legend.forEach(([c, label], i) => {
    parts.push(`<rect x="${W - 140}" y="${top + i * 20}" width="12" height="12" fill="${c}"/><text x="${W - 122}" y="${top + i * 20 + 10}" font-size="11" fill="${COLORS.axis}">${esc(label)}</text>`);
  });
  parts.push(`<line x1="${W - 140}" x2="${W - 128}" y1="${top + 106}" y2="${top + 106}" stroke="${COLORS.critical}" stroke-dasharray="4 2"/><text x="${W - 122}" y="${top + 110}" font-size="11" fill="${COLORS.axis}">2N: after losing</text><text x="${W - 122}" y="${top + 124}" font-size="11" fill="${COLORS.axis}">the largest group</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The timeline as a Gantt: one row per phase, critical phases in red. */
export function ganttChart(t: Timeline): string {
  const W = 640;
  const rowH = 26;
  const left = 230;
  const right = 20;
  const top = 10;
  const H = top + t.phases.length * rowH + 34;
  const { top: maxW, step } = niceScale(Math.max(1, t.totalWeeks), 8);
  const x = (w: number) => left + ((W - left - right) * w) / maxW;
  const parts: string[] = [svgOpen('gantt', W, H, `Conversion timeline, ${t.totalWeeks} weeks; critical path in red`)];
  const axisY = top + t.phases.length * rowH + 4;
  for (let v = 0; v <= maxW + 1e-9; v += step) {
    parts.push(`<line x1="${n(x(v))}" x2="${n(x(v))}" y1="${top}" y2="${axisY}" stroke="${COLORS.grid}"/><text x="${n(x(v))}" y="${axisY + 14}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${n(v)}</text>`);
  }
  parts.push(`<text x="${(left + W - right) / 2}" y="${axisY + 28}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">weeks after the start</text>`);
  t.phases.forEach((p, i) => {
    const yy = top + i * rowH;
    parts.push(`<text x="${left - 8}" y="${yy + 17}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${esc(p.label.replace(/ \(.*\)$/, ''))}</text>`);
    if (p.weeks > 0) {
      parts.push(`<rect x="${n(x(p.startWeek))}" y="${yy + 5}" width="${n(x(p.endWeek) - x(p.startWeek))}" height="${rowH - 10}" rx="3" fill="${p.critical ? COLORS.critical : COLORS.phase}"><title>${esc(`${p.label}: weeks ${p.startWeek}–${p.endWeek}${p.critical ? ' (critical)' : ''}`)}</title></rect>`);
    } else {
      parts.push(`<text x="${n(x(p.startWeek)) + 4}" y="${yy + 17}" font-size="11" fill="#8a929c" font-style="italic">skipped</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Cumulative cash flow by month: keep mining vs convert to AI (capex at month 0), payback marked. */
export function cashFlowChart(e: Economics): string {
  const W = 640;
  const H = 330;
  const left = 70;
  const right = 20;
  const top = 50;
  const bottom = 280;
  let miningCum = 0;
  let aiCum = 0;
  const mining: number[] = [];
  const ai: number[] = [];
  for (const m of e.monthly) {
    miningCum += m.mining;
    aiCum += m.ai;
    mining.push(miningCum);
    ai.push(aiCum);
  }
  const lo = Math.min(0, ...mining, ...ai);
  const hi = Math.max(0, ...mining, ...ai);
  const span = niceScale(hi - lo || 1, 6);
  const minV = Math.floor(lo / span.step) * span.step;
  const maxV = Math.ceil(hi / span.step) * span.step || span.step;
  const months = Math.max(1, e.monthly.length - 1);
  const x = (m: number) => left + ((W - left - right) * m) / months;
  const y = (v: number) => bottom - ((bottom - top) * (v - minV)) / (maxV - minV);
  const parts: string[] = [svgOpen('cash-flow', W, H, 'Cumulative cash flow by month: keep mining vs convert to AI')];
  for (let v = minV; v <= maxV + 1e-6; v += span.step) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${Math.abs(v) < 1e-6 ? COLORS.axis : COLORS.grid}"/><text x="${left - 6}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end" fill="${COLORS.axis}">${esc(usd(v))}</text>`);
  }
  const monthStep = niceScale(months, 8).step;
  for (let m = 0; m <= months; m += monthStep) {
    parts.push(`<text x="${n(x(m))}" y="${bottom + 16}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${m}</text>`);
  }
  parts.push(`<text x="${(left + W - right) / 2}" y="${bottom + 32}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">months after the start</text>`);
  const path = (vals: number[]) => vals.map((v, i) => `${i === 0 ? 'M' : 'L'}${n(x(i))} ${n(y(v))}`).join(' ');
  parts.push(`<rect x="${left}" y="${top}" width="${n(x(e.buildMonths) - left)}" height="${bottom - top}" fill="#f3f4f6"><title>${esc(`build: ${e.buildMonths} months`)}</title></rect>`);
  parts.push(`<path d="${path(mining)}" fill="none" stroke="${COLORS.mining}" stroke-width="2.5"><title>keep mining (capacity given up)</title></path>`);
  parts.push(`<path d="${path(ai)}" fill="none" stroke="${COLORS.ai}" stroke-width="2.5"><title>convert to AI (after capex)</title></path>`);
  if (e.paybackMonth !== undefined) {
    parts.push(`<line x1="${n(x(e.paybackMonth))}" x2="${n(x(e.paybackMonth))}" y1="${top}" y2="${bottom}" stroke="${COLORS.critical}" stroke-dasharray="5 3"/><text x="${n(x(e.paybackMonth)) + 4}" y="${top + 12}" font-size="11" fill="${COLORS.critical}">payback, month ${e.paybackMonth}</text>`);
  }
  // Legend above the plot, so it never covers a line or the payback label.
  parts.push(`<rect x="${left}" y="10" width="12" height="3" fill="${COLORS.ai}"/><text x="${left + 18}" y="15" font-size="11" fill="${COLORS.axis}">convert to AI (cumulative, capex at month 0)</text>`);
  parts.push(`<rect x="${left}" y="28" width="12" height="3" fill="${COLORS.mining}"/><text x="${left + 18}" y="33" font-size="11" fill="${COLORS.axis}">keep mining (cumulative margin given up)</text>`);
  parts.push('</svg>');
  return parts.join('');
}
