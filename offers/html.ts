/**
 * The offer as one self-contained HTML file: inline CSS and inline SVG charts, no scripts,
 * no fonts or images from anywhere, so it opens from a file or an e-mail attachment offline.
 */
import { cashFlowChart, esc, ganttChart, powerStackChart } from './charts';
import { assumptionValue, hashrate, int, mwText, usd } from './format';
import { powerStack } from './power-stack';
import type { OfferResult } from './size';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2630;margin:0;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e6ea;padding-bottom:4px}
.ask{color:#4a5260;margin:0 0 16px}.verdict{padding:12px 14px;border-radius:6px;margin:12px 0}
.fits{background:#e8f5ee;border-left:4px solid #2e9d5b}.partial{background:#fdf3e6;border-left:4px solid #e08a2c}.cannot{background:#fbeaea;border-left:4px solid #c8453b}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin:12px 0}.kpi{background:#f3f5f8;border-radius:6px;padding:10px}
.kpi b{display:block;font-size:18px}.kpi span{color:#5b6470;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid #e7eaee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:8px 0 16px}figcaption{color:#5b6470;font-size:12px}
code{background:#f1f3f5;padding:1px 4px;border-radius:3px}ul{margin:6px 0}
@media print{body{background:#fff}main{padding:0}}
`;

export function offerHtml(r: OfferResult): string {
  const a = r.ask;
  const p = r.plan;
  const askText = a.kind === 'gpus' ? `${int(a.gpus!)} GPUs on ${a.systemName}` : `${a.itMW} MW of critical IT (modelled as ${a.systemName})`;
  const body: string[] = [];
  body.push(`<h1>Offer ${esc(r.offer)} at ${esc(r.site)}</h1>`);
  body.push(`<p class="ask">Ask: ${esc(askText)}, ${esc(a.tier)} power, ${a.termMonths} months${a.start ? `, starting ${esc(a.start)}` : ''}.</p>`);
  const verdict =
    r.verdict === 'fits' && p
      ? `<strong>Yes.</strong> ${int(p.gpus)} GPUs (${int(p.nodes)} nodes, ${int(p.racks)} racks) fit in zone ${esc(p.zone)}: ${esc(r.zoneReason)}.`
      : r.verdict === 'partial' && p
        ? `<strong>Not as asked.</strong> The largest offer that fits is <strong>${int(p.gpus)} GPUs</strong> (${int(p.nodes)} nodes, ${esc(mwText(p.itMW))} IT) in zone ${esc(p.zone)}.`
        : `<strong>Cannot.</strong> ${esc(r.zoneReason)}.`;
  body.push(`<div class="verdict ${r.verdict}">${verdict}${r.binding ? `<br>Binding constraint${r.binding.atNodes !== undefined ? ` at ${int(r.binding.atNodes)} nodes` : ''} <code>${esc(r.binding.rule)}</code>: ${esc(r.binding.message)}.` : ''}</div>`);
  if (r.notes.length > 0) body.push(`<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);

  if (p) {
    const e = p.economics;
    body.push(`<div class="kpis">
<div class="kpi"><b>${esc(mwText(p.itMW))}</b><span>critical IT (${esc(mwText(p.facilityMW))} facility)</span></div>
<div class="kpi"><b>${p.timeline.readyDate ? esc(p.timeline.readyDate) : `${p.timeline.totalWeeks} weeks`}</b><span>ready${p.timeline.readyDate ? ` (${p.timeline.totalWeeks} weeks)` : ' after the start'}</span></div>
<div class="kpi"><b>${e.paybackMonth !== undefined ? `month ${e.paybackMonth}` : 'not in term'}</b><span>payback</span></div>
<div class="kpi"><b>${esc(usd(e.valueOverTerm))}</b><span>value over the term vs mining</span></div>
</div>`);
    body.push('<h2>Power</h2>');
    body.push(`<figure>${powerStackChart(powerStack('before', r.before), powerStack('after', p.after, p.pool))}<figcaption>Facility MW (IT × PUE) by load, beside usable capacity by feed group. The dashed line is what firm 2N load may count on.</figcaption></figure>`);
    body.push(table(['tier', 'available MW', 'required before', 'required after', 'headroom after'], p.tiersAfter.map((t, i) => [`${t.tier}${t.worstLoss ? ` (loss of ${t.worstLoss})` : ''}`, t.availableMW.toFixed(2), p.tiersBefore[i]!.requiredMW.toFixed(2), t.requiredMW.toFixed(2), t.headroomMW.toFixed(2)]), [1, 2, 3, 4]));
    body.push('<h2>Mining to retire</h2>');
    if (p.retirements.length === 0) body.push('<p>No miners retire: the site has the room today.</p>');
    else {
      body.push(table(['fleet', 'model', 'J/TH', 'zone', 'units', 'IT MW', 'hashrate'], p.retirements.map((x) => [x.fleet, x.model, String(x.efficiencyJTH), x.zone, int(x.units), (x.itKW / 1000).toFixed(3), hashrate(x.hashrateTHs)]), [2, 4, 5, 6]));
      body.push(`<p>Given up: ${esc(hashrate(p.retiredTHs))}, ${esc(mwText(p.retiredItMW))} IT, ${esc(usd(e.mining.revenuePerMonth))} of mining revenue a month.</p>`);
    }
    body.push('<h2>Timeline</h2>');
    body.push(`<figure>${ganttChart(p.timeline)}<figcaption>Critical path: ${esc(p.timeline.criticalPath.join(' → '))}.</figcaption></figure>`);
    body.push(table(['phase', 'weeks', 'from', 'to', 'source'], p.timeline.phases.map((ph) => [ph.label, String(ph.weeks), ph.startDate ?? `week ${ph.startWeek}`, ph.endDate ?? `week ${ph.endWeek}`, ph.skipped ? `skipped: ${ph.skipped}` : ph.source]), [1]));
    body.push('<h2>Economics</h2>');
    body.push(`<figure>${cashFlowChart(e)}<figcaption>Build ${e.buildMonths} months (shaded), then ${a.termMonths} months of service. Undiscounted.</figcaption></figure>`);
    body.push(table(['per month', 'mining given up', 'AI'], [
      ['revenue', usd(e.mining.revenuePerMonth), usd(e.ai.revenuePerMonth)],
      ['power', usd(e.mining.powerCostPerMonth), usd(e.ai.powerCostPerMonth)],
      ['margin', usd(e.mining.marginPerMonth), usd(e.ai.marginPerMonth)],
    ], [1, 2]));
    body.push(`<p>Conversion capex ${esc(usd(e.capex))}. Value over the term vs keep mining: <strong>${esc(usd(e.valueOverTerm))}</strong>.</p>`);
    body.push('<h2>Assumptions</h2>');
    body.push(table(['assumption', 'value', 'source'], e.assumptions.map((x) => [x.label, assumptionValue(x.value, x.unit), x.source]), []));
    if (p.followUps.length > 0) body.push(`<h2>Before synth</h2><ul>${p.followUps.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
  }
  body.push('<h2>Zones considered</h2>');
  body.push(table(['zone', 'fits', 'why'], r.zones.map((z) => [z.zone, z.fits ? 'yes' : 'no', z.note]), []));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Offer ${esc(r.offer)} at ${esc(r.site)}</title>
<style>${CSS}</style>
</head>
<body><main>
${body.join('\n')}
</main></body>
</html>
`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}
