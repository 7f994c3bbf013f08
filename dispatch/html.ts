/** The dispatch plan as one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched. */
import { esc } from '../offers/charts';
import { int, mwText, usd } from '../offers/format';
import type { IntervalActions } from './actions';
import { cumulativeMarginChart, powerStackOverTime } from './charts';
import { byMonth, STRATEGY_NAMES, vsBaselines } from './report-data';
import type { DispatchResult } from './run';
import { isoMinute } from './time';
import { enUs } from '../lib/number-format';

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2630;margin:0;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:24px 28px 48px;background:#fff}h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e6ea;padding-bottom:4px}.label{background:#fdf3e6;border-left:4px solid #e08a2c;padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid #e7eaee;padding:5px 8px;text-align:left}th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:8px 0 16px}figcaption{color:#5b6470;font-size:12px}code{background:#f1f3f5;padding:1px 4px;border-radius:3px}`;

export function dispatchHtml(r: DispatchResult, actions?: IntervalActions): string {
  const d = r.site.dispatch;
  const first = r.schedule[0];
  const last = r.schedule[r.schedule.length - 1];
  const b: string[] = [];
  b.push(`<h1>Dispatch plan: ${esc(r.site.name)}</h1>`);
  if (first && last) b.push(`<p>${int(r.schedule.length)} intervals of ${r.intervalMinutes} minutes, ${esc(isoMinute(first.start))} to ${esc(isoMinute(last.start + r.intervalMinutes * 60_000))}. Firm load ${esc(mwText(d.firmMW))} is never curtailed; most facility load ${esc(mwText(d.capMW))}.</p>`);
  for (const l of r.labels) b.push(`<p class="label"><strong>Input:</strong> ${esc(l)}</p>`);
  b.push('<h2>Against the baselines</h2><table><tr><th>strategy</th><th>margin</th><th>dispatch gains</th><th>mining MWh</th><th>interruptible AI MWh</th><th>DR credits</th></tr>');
  for (const { totals: t, gain } of vsBaselines(r)) {
    b.push(`<tr><td>${esc(STRATEGY_NAMES[t.strategy])}</td><td class="n">${esc(usd(t.margin))}</td><td class="n">${t.strategy === 'dispatch' ? '—' : esc(usd(gain))}</td><td class="n">${int(t.miningMWh)}</td><td class="n">${int(t.aiMWh)}</td><td class="n">${esc(usd(t.drCredit))}</td></tr>`);
  }
  b.push('</table>');
  b.push(`<figure>${powerStackOverTime(r)}<figcaption>Power stack: firm load, each mining fleet and interruptible AI, facility MW${r.schedule.length > 730 ? ' (averaged per bucket)' : ''}; the dashed line is the site's limit.</figcaption></figure>`);
  b.push(`<figure>${cumulativeMarginChart(r)}<figcaption>Cumulative margin of the flexible load: dispatch against always mine, the static split and AI only.</figcaption></figure>`);
  b.push('<h2>Inputs and assumptions</h2><table><tr><th>input</th><th>value</th><th>source</th></tr>');
  for (const a of r.assumptions) b.push(`<tr><td>${esc(a.label)}</td><td>${esc(typeof a.value === 'number' ? `${enUs(a.value, { maximumFractionDigits: 4 })} ${a.unit}` : a.value)}</td><td>${esc(a.source)}</td></tr>`);
  b.push('</table><h2>By month</h2><table><tr><th>month</th><th>mean price</th><th>mining MWh</th><th>interruptible AI MWh</th><th>shed MWh</th><th>DR credits</th><th>margin</th></tr>');
  for (const m of byMonth(r)) b.push(`<tr><td>${m.month}</td><td class="n">$${m.meanPrice.toFixed(2)}/MWh</td><td class="n">${int(m.miningMWh)}</td><td class="n">${int(m.aiMWh)}</td><td class="n">${int(m.shedMWh)}</td><td class="n">${esc(usd(m.drCredit))}</td><td class="n">${esc(usd(m.margin))}</td></tr>`);
  b.push('</table>');
  if (actions) {
    b.push(`<h2>Changes for ${esc(actions.start)} – ${esc(actions.end)}</h2><ul>`);
    for (const k of actions.kueue) b.push(`<li>ClusterQueue <code>${esc(k.clusterQueue)}</code>: <code>stopPolicy: ${esc(k.stopPolicy)}</code></li>`);
    for (const m of actions.miners) b.push(`<li>${esc(m.fleet)}: ${int(m.minersRunning)} of ${int(m.minersTotal)} miners, ${int(m.targetKW)} kW</li>`);
    b.push('</ul>');
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Dispatch plan ${esc(r.site.name)}</title><style>${CSS}</style></head><body><main>${b.join('\n')}</main></body></html>\n`;
}
