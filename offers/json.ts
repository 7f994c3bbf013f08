/**
 * The offer as JSON for tools, per audience. Internal: everything the report says, without
 * the resolved sites. Customer: the ask, the answer, tier, timeline (public bases) and price
 * terms, nothing internal. Every number is rounded by its unit (rounding.ts).
 */
import { stableJson } from '../lib/json';
import { powerStack } from './power-stack';
import { priceTermsOf } from './price-terms';
import { limitInWords } from './report-customer';
import type { Audience } from './report-types';
import { roundNumbers } from './rounding';
import type { OfferResult } from './size';

export function offerData(r: OfferResult, audience: Audience = 'internal') {
  return roundNumbers(audience === 'customer' ? customerData(r) : internalData(r));
}

function internalData(r: OfferResult) {
  const { before, plan, ...rest } = r;
  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'OfferSizing',
    audience: 'internal',
    ...rest,
    ...(plan
      ? {
          plan: (({ after: _after, ...p }) => p)(plan),
          priceTerms: priceTermsOf(plan, r.ask.gpu),
          powerStack: { before: powerStack('before', before), after: powerStack('after', plan.after, plan.pool) },
        }
      : {}),
  };
}

function customerData(r: OfferResult) {
  const p = r.plan;
  const { system: _s, nodeKW: _k, ...ask } = r.ask;
  return {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'OfferSizing',
    audience: 'customer',
    site: r.site,
    offer: r.offer,
    ask,
    verdict: r.verdict,
    ...(r.binding ? { limitedBy: limitInWords(r.binding.rule) } : {}),
    notes: r.notes,
    ...(p
      ? {
          answer: { gpus: p.gpus, nodes: p.nodes, racks: p.racks, nodesPerRack: p.nodesPerRack, rackKW: p.rackKW, itMW: p.itMW, tier: r.ask.tier },
          timeline: {
            totalWeeks: p.timeline.totalWeeks,
            fastPath: p.timeline.fastPath,
            ...(p.timeline.startDate ? { startDate: p.timeline.startDate, readyDate: p.timeline.readyDate } : {}),
            phases: p.timeline.phases.map((ph) => ({ label: ph.label, weeks: ph.weeks, startWeek: ph.startWeek, endWeek: ph.endWeek, basis: ph.skipped ? 'not needed' : ph.publicSource })),
          },
          priceTerms: priceTermsOf(p, r.ask.gpu),
        }
      : {}),
  };
}

export function offerJson(r: OfferResult, audience: Audience = 'internal'): string {
  return stableJson(offerData(r, audience));
}
