/** The offer as Markdown: for a deal desk, an e-mail or a pull request. */
import { assumptionValue, hashrate, int, mwText, usd } from './format';
import type { OfferResult } from './size';

export function offerMarkdown(r: OfferResult): string {
  const a = r.ask;
  const out: string[] = [];
  const askText = a.kind === 'gpus' ? `${int(a.gpus!)} GPUs on ${a.systemName}` : `${a.itMW} MW of critical IT (modelled as ${a.systemName})`;
  out.push(`# Offer ${r.offer} at ${r.site}`, '');
  out.push(`**Ask:** ${askText}, ${a.tier} power, ${a.termMonths} months${a.start ? `, starting ${a.start}` : ''}.`, '');
  const p = r.plan;
  if (r.verdict === 'fits' && p) {
    out.push(`**Answer: yes.** ${int(p.gpus)} GPUs (${int(p.nodes)} nodes, ${int(p.racks)} racks of ${p.nodesPerRack} at ${p.rackKW} kW) fit in zone ${p.zone}: ${r.zoneReason}.`);
  } else if (r.verdict === 'partial' && p) {
    out.push(`**Answer: not as asked.** The largest offer that fits is **${int(p.gpus)} GPUs** (${int(p.nodes)} nodes, ${mwText(p.itMW)} IT) in zone ${p.zone}.`);
  } else {
    out.push(`**Answer: cannot.** Nothing of this ask fits: ${r.zoneReason}.`);
  }
  if (r.binding) {
    const at = r.binding.atNodes !== undefined ? ` at ${int(r.binding.atNodes)} nodes (${int(r.binding.atNodes * a.gpusPerNode)} GPUs)` : '';
    out.push('', `**Binding constraint**${at} (\`${r.binding.rule}\`): ${r.binding.message}.`);
  }
  out.push('');
  for (const n of r.notes) out.push(`- ${n}`);
  if (r.notes.length > 0) out.push('');

  out.push('## Zones considered', '', '| zone | fits | why |', '| --- | --- | --- |');
  for (const z of r.zones) out.push(`| ${z.zone} | ${z.fits ? 'yes' : 'no'} | ${z.note.replace(/\|/g, '\\|')} |`);
  out.push('');
  if (!p) return `${out.join('\n')}\n`;

  out.push('## Power and cooling', '');
  out.push(`The offer draws ${mwText(p.itMW)} of critical IT (${int(p.nodes)} × ${a.nodeKW} kW), ${mwText(p.facilityMW)} with cooling and losses (zone ${p.zone} PUE ${p.pue}).`, '');
  out.push('| tier | available MW | required before | required after | headroom after |', '| --- | ---: | ---: | ---: | ---: |');
  p.tiersAfter.forEach((t, i) => {
    const b = p.tiersBefore[i]!;
    out.push(`| ${t.tier}${t.worstLoss ? ` (loss of ${t.worstLoss})` : ''} | ${t.availableMW.toFixed(2)} | ${b.requiredMW.toFixed(2)} | ${t.requiredMW.toFixed(2)} | ${t.headroomMW.toFixed(2)} |`);
  });
  out.push(`| normal operation | — | — | — | ${p.normalHeadroomAfterMW.toFixed(2)} (before ${p.normalHeadroomBeforeMW.toFixed(2)}) |`, '');

  out.push('## Mining to retire', '');
  if (p.retirements.length === 0) out.push('No miners retire: the site has the room today.');
  else {
    out.push('Least efficient first (highest J/TH), unless the offer names an order.', '', '| fleet | model | J/TH | zone | units | IT MW | hashrate |', '| --- | --- | ---: | --- | ---: | ---: | ---: |');
    for (const x of p.retirements) out.push(`| ${x.fleet} | ${x.model} | ${x.efficiencyJTH} | ${x.zone} | ${int(x.units)} | ${(x.itKW / 1000).toFixed(3)} | ${hashrate(x.hashrateTHs)} |`);
    out.push('', `Given up: ${hashrate(p.retiredTHs)}, ${mwText(p.retiredItMW)} IT (${mwText(p.retiredFacilityMW)} with cooling), ${usd(p.economics.mining.revenuePerMonth)} of mining revenue a month at the stated hashprice.`);
  }
  const curtailed = p.curtailedAfter.reduce((s, c) => s + c.hashrateTHs, 0);
  const curtailedBefore = p.curtailedBefore.reduce((s, c) => s + c.hashrateTHs, 0);
  out.push('', `On loss of ${p.worstCaseLost}, mining curtailed: ${hashrate(curtailed)} (before: ${hashrate(curtailedBefore)}).`, '');

  const t = p.timeline;
  out.push('## Timeline', '');
  out.push(`Ready **${t.totalWeeks} weeks** after the start${t.readyDate ? `: **${t.readyDate}** (start ${t.startDate})` : ' (give a start date for calendar dates)'}. Critical path: ${t.criticalPath.join(' → ')}.`, '');
  out.push('| phase | weeks | from week | to week | critical | source |', '| --- | ---: | ---: | ---: | --- | --- |');
  for (const ph of t.phases) {
    out.push(`| ${ph.label} | ${ph.weeks} | ${ph.startWeek} | ${ph.endWeek} | ${ph.critical ? 'yes' : ''} | ${ph.skipped ? `skipped: ${ph.skipped}` : ph.source} |`);
  }
  out.push('');

  const e = p.economics;
  out.push('## Economics', '');
  out.push('| per month | mining given up | AI |', '| --- | ---: | ---: |');
  out.push(`| revenue | ${usd(e.mining.revenuePerMonth)} | ${usd(e.ai.revenuePerMonth)} |`);
  out.push(`| power | ${usd(e.mining.powerCostPerMonth)} | ${usd(e.ai.powerCostPerMonth)} |`);
  out.push(`| margin | ${usd(e.mining.marginPerMonth)} | ${usd(e.ai.marginPerMonth)} |`, '');
  out.push(`Conversion capex ${usd(e.capex)}. Build ${e.buildMonths} months, then ${a.termMonths} months of service (${e.horizonMonths} months in all).`);
  out.push(`Payback: ${e.paybackMonth !== undefined ? `**month ${e.paybackMonth}** after the start` : '**not within the term**'}. Value over the term vs keep mining: **${usd(e.valueOverTerm)}** (AI ${usd(e.aiOverTerm)} after capex, mining ${usd(e.miningOverTerm)}; undiscounted).`, '');
  out.push('### Assumptions', '', '| assumption | value | source |', '| --- | --- | --- |');
  for (const x of e.assumptions) out.push(`| ${x.label} | ${assumptionValue(x.value, x.unit)} | ${x.source} |`);
  out.push('');
  if (p.followUps.length > 0) {
    out.push('## Before synth', '', 'Not blockers for the offer, but the site file needs these when the pool is added:', '');
    for (const f of p.followUps) out.push(`- ${f}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
