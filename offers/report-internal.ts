/**
 * The internal report: everything the deal desk and finance need — zones considered, mining
 * to retire and its margin given up, capex, the monthly model, NPV/IRR/payback, the
 * sensitivity table and every assumption with its source.
 */
import type { ConversionEconomics } from '../constructs/money/conversion';
import { assumptionValue, hashrate, int, mwText, pct, usd } from './format';
import { priceTermsOf } from './price-terms';
import type { Block, Report, Section } from './report-types';
import type { OfferResult, SizedPlan } from './size';

export function internalReport(r: OfferResult): Report {
  const a = r.ask;
  const p = r.plan;
  const ask = `${a.kind === 'gpus' ? `${int(a.gpus!)} GPUs on ${a.systemName}` : `${a.itMW} MW of critical IT (modelled as ${a.systemName})`}, ${a.tier} power, ${a.termMonths} months${a.start ? `, starting ${a.start}` : ''}.`;
  const answer =
    r.verdict === 'fits' && p
      ? `**Yes.** ${int(p.gpus)} GPUs (${int(p.nodes)} nodes, ${int(p.racks)} racks of ${p.nodesPerRack} at ${p.rackKW} kW) fit in zone ${p.zone}: ${r.zoneReason}.`
      : r.verdict === 'partial' && p
        ? `**Not as asked.** The largest offer that fits is **${int(p.gpus)} GPUs** (${int(p.nodes)} nodes, ${mwText(p.itMW)} IT) in zone ${p.zone}.`
        : `**Cannot.** Nothing of this ask fits: ${r.zoneReason}.`;
  const lead: Block[] = [];
  if (r.binding) {
    const at = r.binding.atNodes !== undefined ? ` at ${int(r.binding.atNodes)} nodes (${int(r.binding.atNodes * a.gpusPerNode)} GPUs)` : '';
    lead.push({ kind: 'p', text: `**Binding constraint**${at} (\`${r.binding.rule}\`): ${r.binding.message}.` });
  }
  if (r.notes.length > 0) lead.push({ kind: 'list', items: r.notes });
  const zones: Section = { title: 'Zones considered', blocks: [{ kind: 'table', head: ['zone', 'fits', 'why'], rows: r.zones.map((z) => [z.zone, z.fits ? 'yes' : 'no', z.note]), numeric: [] }] };
  const base = { title: `Offer ${r.offer} at ${r.site}`, audience: 'internal' as const, ask, verdict: r.verdict, answer, lead };
  if (!p) return { ...base, kpis: [], sections: [zones] };
  const e = p.economics;
  return {
    ...base,
    kpis: [
      { value: mwText(p.itMW), label: `critical IT (${mwText(p.facilityMW)} facility)` },
      { value: p.timeline.readyDate ?? `${p.timeline.totalWeeks} weeks`, label: 'ready' },
      { value: usd(e.npv), label: `NPV at ${pct(e.discountRate)}` },
      { value: e.paybackMonth !== undefined ? `month ${e.paybackMonth}` : 'not in term', label: 'payback' },
    ],
    sections: [zones, power(p), retire(p), timeline(p), economics(p, e, a.gpu), sensitivity(e), assumptions(e), ...(p.followUps.length > 0 ? [{ title: 'Before synth', blocks: [{ kind: 'list' as const, items: p.followUps }] }] : [])],
  };
}

function power(p: SizedPlan): Section {
  return {
    title: 'Power and cooling',
    blocks: [
      { kind: 'p', text: `The offer draws ${mwText(p.itMW)} of critical IT, ${mwText(p.facilityMW)} with cooling and losses (zone ${p.zone} PUE ${p.pue}).` },
      { kind: 'chart', chart: 'power-stack', caption: 'Facility MW (IT × PUE) by load, beside usable capacity by feed group. The dashed line is what firm 2N load may count on.' },
      {
        kind: 'table',
        head: ['tier', 'available MW', 'required before', 'required after', 'headroom after'],
        rows: [
          ...p.tiersAfter.map((t, i) => [`${t.tier}${t.worstLoss ? ` (loss of ${t.worstLoss})` : ''}`, t.availableMW.toFixed(2), p.tiersBefore[i]!.requiredMW.toFixed(2), t.requiredMW.toFixed(2), t.headroomMW.toFixed(2)]),
          ['normal operation', '—', '—', '—', `${p.normalHeadroomAfterMW.toFixed(2)} (before ${p.normalHeadroomBeforeMW.toFixed(2)})`],
        ],
        numeric: [1, 2, 3, 4],
      },
    ],
  };
}

function retire(p: SizedPlan): Section {
  const curtailed = (xs: SizedPlan['curtailedAfter']) => hashrate(xs.reduce((s, c) => s + c.hashrateTHs, 0));
  const m = p.economics.miningFirstMonth;
  if (p.retirements.length === 0) return { title: 'Mining to retire', blocks: [{ kind: 'p', text: 'No miners retire: the site has the room today.' }] };
  return {
    title: 'Mining to retire',
    blocks: [
      { kind: 'p', text: 'Least efficient first (highest J/TH), unless the offer names an order.' },
      { kind: 'table', head: ['fleet', 'model', 'J/TH', 'zone', 'units', 'IT MW', 'hashrate'], rows: p.retirements.map((x) => [x.fleet, x.model, String(x.efficiencyJTH), x.zone, int(x.units), (x.itKW / 1000).toFixed(3), hashrate(x.hashrateTHs)]), numeric: [2, 4, 5, 6] },
      { kind: 'p', text: `Given up: ${hashrate(p.retiredTHs)}, ${mwText(p.retiredItMW)} IT (${mwText(p.retiredFacilityMW)} with cooling), ${usd(m.margin)} of mining margin in the first month (${usd(m.credits)} of it demand-response and 4CP credits, which firm AI load does not earn).` },
      { kind: 'p', text: `On loss of ${p.worstCaseLost}, mining curtailed: ${curtailed(p.curtailedAfter)} (before: ${curtailed(p.curtailedBefore)}).` },
    ],
  };
}

function timeline(p: SizedPlan): Section {
  const t = p.timeline;
  return {
    title: 'Timeline',
    blocks: [
      { kind: 'p', text: `Ready **${t.totalWeeks} weeks** after the start${t.readyDate ? `: **${t.readyDate}** (start ${t.startDate})` : ' (give a start date for calendar dates)'}. Critical path: ${t.criticalPath.join(' → ')}.${t.fastPath ? ' Fast path (tier N, air-cooled, no electrical upgrade).' : ''}` },
      { kind: 'chart', chart: 'gantt', caption: `Critical path: ${t.criticalPath.join(' → ')}.` },
      { kind: 'table', head: ['phase', 'weeks', 'from week', 'to week', 'critical', 'source'], rows: t.phases.map((ph) => [ph.label, String(ph.weeks), String(ph.startWeek), String(ph.endWeek), ph.critical ? 'yes' : '', ph.skipped ? `skipped: ${ph.skipped}` : ph.source]), numeric: [1, 2, 3] },
    ],
  };
}

function economics(p: SizedPlan, e: ConversionEconomics, gpu: string): Section {
  const m = e.miningFirstMonth;
  const ai = e.aiFirstMonth;
  const hp = (i: number) => e.monthly[i]?.hashpricePerPHDay ?? 0;
  const halvingAt = e.monthly.findIndex((x) => x.date === e.halvingMonth);
  const terms = priceTermsOf(p, gpu);
  return {
    title: 'Economics',
    blocks: [
      { kind: 'chart', chart: 'cash-flow', caption: `Build ${e.buildMonths} months (shaded), then ${e.termMonths} months of service. Undiscounted.` },
      {
        kind: 'table',
        head: ['per month', 'mining given up (month 1)', `AI (month ${e.buildMonths + 1})`],
        rows: [
          ['revenue', usd(m.revenue), usd(ai.revenue)],
          ['pool fees', usd(-m.poolFees), '—'],
          ['power', usd(-m.powerCost), usd(-(ai.powerCost - ai.powerBilled))],
          ['demand-response and 4CP credits', usd(m.credits), '$0 (firm load)'],
          ['opex', usd(-m.opex), usd(-ai.opex)],
          ['margin', usd(m.margin), usd(ai.margin)],
        ],
        numeric: [1, 2],
      },
      { kind: 'p', text: `Capex at signing ${usd(e.capex.total)}: facility conversion ${usd(e.capex.facility)}, GPU hardware ${usd(e.capex.hardware)}. Price: ${usd(terms.rate)} ${terms.rateUnit}.` },
      { kind: 'p', text: `Hashprice projected month by month: ${usd(hp(1))} in ${e.monthly[1]?.date ?? '—'}${halvingAt > 0 ? `, ${usd(hp(halvingAt - 1))} before and ${usd(hp(halvingAt))} after the halving (${e.halvingMonth}, month ${halvingAt})` : ''}, ${usd(hp(e.monthly.length - 1))} in month ${e.monthly.length - 1} (per PH/s/day).` },
      { kind: 'p', text: `**NPV ${usd(e.npv)}** at ${pct(e.discountRate)} a year; IRR ${e.irr !== undefined ? pct(e.irr) : 'none (no sign change)'}; payback ${e.paybackMonth !== undefined ? `**month ${e.paybackMonth}**` : '**not within the term**'}${e.discountedPaybackMonth !== undefined ? ` (discounted: month ${e.discountedPaybackMonth})` : ''}. Over build + term (${e.horizonMonths} months), undiscounted: ${usd(e.valueOverTerm)} (AI ${usd(e.aiOverTerm)} after capex, mining given up ${usd(e.miningOverTerm)}).` },
    ],
  };
}

function sensitivity(e: ConversionEconomics): Section {
  const v = (key: string, x: number) => (key === 'utilisation' ? pct(x) : usd(x));
  return {
    title: 'Sensitivity',
    blocks: [
      { kind: 'p', text: `NPV at ${pct(e.discountRate)} with one input 20 % lower or higher, all else held (base ${usd(e.npv)}).` },
      { kind: 'table', head: ['input', 'low', 'NPV', 'high', 'NPV'], rows: e.sensitivity.map((s) => [s.label, v(s.key, s.low.value), usd(s.low.npv), v(s.key, s.high.value), usd(s.high.npv)]), numeric: [1, 2, 3, 4] },
    ],
  };
}

function assumptions(e: ConversionEconomics): Section {
  return { title: 'Assumptions', blocks: [{ kind: 'table', head: ['assumption', 'value', 'source'], rows: e.assumptions.map((x) => [x.label, assumptionValue(x.value, x.unit), x.source]), numeric: [] }] };
}
