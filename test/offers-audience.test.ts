/**
 * The two audiences of an offer report, over fits / not-as-asked / cannot and both revenue
 * models: the customer's version in every format carries none of the internal words, and every
 * number in either JSON carries at most the decimals documented for its unit (docs/offers.md).
 */
import { describe, expect, it } from 'vitest';
import { resolveSite } from '../constructs/resolve';
import { readSiteFile } from '../constructs/site-file';
import type { OfferSpecT } from '../constructs/site-spec';
import { offerHtml } from '../offers/html';
import { offerJson } from '../offers/json';
import { offerMarkdown } from '../offers/markdown';
import { AUDIENCES } from '../offers/report-types';
import { decimalsForKey, decimalsForUnit, DECIMALS } from '../offers/rounding';
import { sizeOffer, type OfferResult } from '../offers/size';
import { INTERNAL_WORDS } from './helpers/internal-words';

const offer = (o: Partial<OfferSpecT>): OfferSpecT => ({ name: 'ask', tier: '2N', termMonths: 120, ...o }) as OfferSpecT;

async function cases(): Promise<[string, OfferResult][]> {
  const out: [string, OfferResult][] = [];
  for (const [file, asks] of [
    ['test/fixtures/offers-hand.yaml', [['gpu-hour fits', offer({ gpus: 1024, system: 'dgx-b200', start: '2027-03-01' })], ['cannot (liquid on air)', offer({ gpus: 72, system: 'gb200-nvl72' })], ['fast path', offer({ gpus: 64, system: 'dgx-b200', tier: 'N' })]]],
    ['sites/permian-1.yaml', [['colocation fits', offer({ gpus: 1024, system: 'dgx-b200' })], ['not as asked', offer({ gpus: 20000, system: 'dgx-h100' })]]],
  ] as const) {
    const parsed = await readSiteFile(file);
    const ctx = { spec: parsed.spec!, before: resolveSite(parsed.spec!) };
    for (const [name, o] of asks) out.push([name, sizeOffer(ctx, o)]);
  }
  return out;
}

/** Decimals a number is written with in JSON. */
function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 99;
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

/** Every number in `v` with the decimals its key (or its assumption's unit) allows. */
function* numbers(v: unknown, key = '', path = '$'): Generator<{ path: string; n: number; allowed: number }> {
  if (typeof v === 'number') yield { path, n: v, allowed: decimalsForKey(key) };
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* numbers(x, key, `${path}[${i}]`);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (k === 'value' && typeof x === 'number' && typeof o.unit === 'string') yield { path: `${path}.value`, n: x, allowed: decimalsForUnit(o.unit) };
      else yield* numbers(x, k, `${path}.${k}`);
    }
  }
}

describe('offer audiences', () => {
  it('the customer version, in Markdown, JSON and HTML, contains none of the internal words', async () => {
    const all = await cases();
    expect(all.map(([, r]) => r.verdict)).toEqual(['fits', 'cannot', 'fits', 'fits', 'partial']);
    for (const [name, r] of all) {
      for (const [format, text] of [['md', offerMarkdown(r, 'customer')], ['json', offerJson(r, 'customer')], ['html', offerHtml(r, 'customer')]] as const) {
        const lower = text.toLowerCase();
        for (const word of INTERNAL_WORDS) expect(lower.includes(word.toLowerCase()), `${name} ${format}: "${word}"`).toBe(false);
      }
      // The internal version does say them (so the list is not vacuous).
      if (r.plan) expect(offerMarkdown(r, 'internal')).toMatch(/capex/i);
    }
  });

  it('the customer version cites public sources with dates and states price terms', async () => {
    const [, colo] = (await cases())[3]!;
    const md = offerMarkdown(colo, 'customer');
    expect(md).toContain('**$140 per kW of critical IT per month**, 120 months from ready');
    expect(md).toMatch(/Market reference: public miner-to-HPC leases 2024–2026: \$104–159 per kW-month/);
    expect(md).toContain('| Core Scientific → CoreWeave | Oct 2024 | ~500 MW, 12 yr, $8.7 B | 121 | Core Scientific SEC press release |');
    const [, gpuHour] = (await cases())[0]!;
    expect(offerMarkdown(gpuHour, 'customer')).toContain('Market reference: Spheron, Mar 2026: B200 $6.03 per GPU-hour on demand.');
  });

  it('takes the fast path for a tier-N air-cooled offer in an air hall: 6–8 weeks with the hardware on hand', async () => {
    const [, fast] = (await cases())[2]!;
    const t = fast.plan!.timeline;
    expect(t.fastPath).toBe(true);
    // 64 GPUs fit without retiring miners (no decommission); fabric 4 → burn-in 1 → provisioning 1 = 6 weeks
    // (with a decommission, 1 + 4 + 1 + 1 = 7); hardware (B200, 20 weeks) runs from the start.
    expect(t.phases.filter((p) => p.weeks > 0 && p.id !== 'hardware').map((p) => [p.id, p.weeks])).toEqual([['network', 4], ['burnIn', 1], ['provisioning', 1]]);
    expect(t.phases.find((p) => p.id === 'electrical')!.skipped).toMatch(/fast path/);
    expect(t.phases.find((p) => p.id === 'network')!.publicSource).toMatch(/6–8 weeks of IREN/);
    // The hardware lead time binds unless it is on hand: 20 + 1 + 1 = 22 weeks.
    expect(t.totalWeeks).toBe(22);
    const parsed = await readSiteFile('test/fixtures/offers-hand.yaml');
    const onHand = sizeOffer({ spec: parsed.spec!, before: resolveSite(parsed.spec!) }, offer({ gpus: 64, system: 'dgx-b200', tier: 'N' }), { phaseOverride: { hardware: 0 } });
    expect(onHand.plan!.timeline.totalWeeks).toBe(6);
  });

  it('every number in either JSON carries at most the decimals documented for its unit', async () => {
    let count = 0;
    for (const [name, r] of await cases()) {
      for (const audience of AUDIENCES) {
        const data = JSON.parse(offerJson(r, audience));
        for (const { path, n, allowed } of numbers(data)) {
          count++;
          expect(decimals(n), `${name} ${audience} ${path} = ${n}`).toBeLessThanOrEqual(allowed);
          expect(allowed).toBeLessThanOrEqual(DECIMALS.fraction);
        }
      }
    }
    // Thousands of numbers (monthly flows of five offers), not a handful.
    expect(count).toBeGreaterThan(2000);
    // Documented units: whole dollars, MW to 3, kW to 2, fractions to 4.
    expect([decimalsForKey('npv'), decimalsForKey('itMW'), decimalsForKey('rackKW'), decimalsForKey('irr'), decimalsForUnit('USD/kW-month of critical IT')]).toEqual([0, 3, 2, 4, 2]);
  });
});
