/**
 * The report a customer receives: the ask, the answer, power tier and redundancy, the
 * timeline and the price terms, with public sources and their dates. Nothing internal: no
 * capex, no mining, no rule ids, no catalog field names, no internal documents.
 */
import { int, mwText, usd } from './format';
import { priceTermsOf } from './price-terms';
import type { Block, Report, Section } from './report-types';
import type { OfferResult } from './size';

/** What limits an offer, in words a customer reads (keyed by the resolver's rule id). */
const LIMITS: Readonly<Record<string, string>> = {
  'rackshift:power/tier-2n': 'power that survives the loss of a whole feed group (2N)',
  'rackshift:power/tier-nplus1': 'power that survives the loss of one feed (N+1)',
  'rackshift:power/tier-n': 'the site\'s usable power',
  'rackshift:power/normal-load': 'the site\'s usable power in normal operation',
  'rackshift:cooling/capacity': 'the hall\'s cooling capacity',
  'rackshift:cooling/rack-density': 'the hall\'s power per rack',
  'rackshift:floor/racks': 'rack positions on the floor',
};

export function limitInWords(rule: string): string {
  return LIMITS[rule] ?? 'the site\'s capacity';
}

const REDUNDANCY: Readonly<Record<string, string>> = {
  '2N': 'two independent power paths; the capacity keeps running on either one alone',
  'N+1': 'one spare feed; the capacity keeps running when any one feed is lost',
  N: 'no spare power path (the fastest conversions use this tier)',
};

export function customerReport(r: OfferResult): Report {
  const a = r.ask;
  const p = r.plan;
  const ask = `${a.kind === 'gpus' ? `${int(a.gpus!)} GPUs on ${a.systemName}` : `${a.itMW} MW of critical IT on ${a.systemName}`}, ${a.tier} power, ${a.termMonths} months${a.start ? `, starting ${a.start}` : ''}.`;
  const answer =
    r.verdict === 'fits' && p
      ? `**Yes.** ${int(p.gpus)} GPUs (${int(p.nodes)} systems in ${int(p.racks)} racks) can be delivered.`
      : r.verdict === 'partial' && p
        ? `**Not as asked.** The largest offer we can make is **${int(p.gpus)} GPUs** (${int(p.nodes)} systems, ${mwText(p.itMW)} of critical IT).`
        : '**Not at this site.** No part of this ask can be hosted here.';
  const lead: Block[] = [];
  if (r.binding) lead.push({ kind: 'p', text: `Limited by ${limitInWords(r.binding.rule)}.` });
  if (r.notes.length > 0) lead.push({ kind: 'list', items: r.notes });
  if (!p) return { title: `Offer ${r.offer} at ${r.site}`, audience: 'customer', ask, verdict: r.verdict, answer, lead, kpis: [], sections: [] };

  const terms = priceTermsOf(p, a.gpu);
  const t = p.timeline;
  const sections: Section[] = [
    {
      title: 'Capacity and power',
      blocks: [
        { kind: 'p', text: `${int(p.gpus)} GPUs on ${int(p.nodes)} × ${a.systemName}, ${int(p.racks)} racks of ${p.nodesPerRack} at ${p.rackKW.toFixed(1)} kW, ${mwText(p.itMW)} of critical IT.` },
        { kind: 'p', text: `Power tier **${a.tier}**: ${REDUNDANCY[a.tier]}.` },
      ],
    },
    {
      title: 'Timeline',
      blocks: [
        { kind: 'p', text: `Ready **${t.totalWeeks} weeks** after the start${t.readyDate ? `: **${t.readyDate}**` : ''}.${t.fastPath ? ' Fast path: tier N, air-cooled, no electrical upgrade.' : ''}` },
        { kind: 'chart', chart: 'gantt', caption: 'Phases in weeks after the start; the critical path in red.' },
        { kind: 'table', head: ['phase', 'weeks', 'from week', 'to week', 'basis'], rows: t.phases.map((ph) => [ph.label, String(ph.weeks), String(ph.startWeek), String(ph.endWeek), ph.skipped ? 'not needed' : ph.publicSource]), numeric: [1, 2, 3] },
      ],
    },
    {
      title: 'Price terms',
      blocks: [
        { kind: 'p', text: `**${usd(terms.rate)} ${terms.rateUnit}**, ${terms.termMonths} months from ready; ${usd(terms.monthlyCharge)} a month${terms.model === 'gpu-hour' ? ' at full use' : ''}. Billed on top: ${terms.billedOnTop}.` },
        { kind: 'p', text: `Market reference: ${terms.reference}.` },
        ...(terms.deals.length > 0 ? [{ kind: 'table' as const, head: ['public lease', 'announced', 'terms', '≈ USD/kW-month', 'source'], rows: terms.deals.map((d) => [d.deal, d.date, d.terms, String(d.perKWMonth), d.source]), numeric: [3] }] : []),
      ],
    },
  ];
  return {
    title: `Offer ${r.offer} at ${r.site}`,
    audience: 'customer',
    ask,
    verdict: r.verdict,
    answer,
    lead,
    kpis: [
      { value: `${int(p.gpus)} GPUs`, label: `${mwText(p.itMW)} critical IT` },
      { value: t.readyDate ?? `${t.totalWeeks} weeks`, label: 'ready' },
      { value: a.tier, label: 'power tier' },
      { value: usd(terms.rate), label: terms.model === 'colocation' ? 'per kW-month' : 'per GPU-hour' },
    ],
    sections,
  };
}
