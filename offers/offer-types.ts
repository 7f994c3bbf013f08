/** What sizing an offer answers: the plan for the pool, the verdict, and the options it takes. */
import type { ConversionEconomics as Economics } from '../constructs/money/conversion';
import type { Conversion, ResolvedSite, TierBudget } from '../constructs/resolved-site';
import type { EconomicsSpecT, PhaseWeeksT, Tier } from '../constructs/site-spec';
import type { Constraint, Retirement } from './feasibility';
import type { Timeline } from './timeline';

/** Sizing a pure IT-MW ask needs a system to model racks and density; this one unless --system says otherwise. */
export const DEFAULT_IT_SYSTEM = 'dgx-b200';
/** The schema's limit on nodes in one pool: the search never asks the resolver for more. */
export const MAX_POOL_NODES = 100_000;

/** Input the sales engineer cannot fix by changing the ask's size: unknown ids, a past start, … */
export class OfferError extends Error {}

export interface SizeOptions {
  /** Today's date, YYYY-MM-DD (injectable so tests are deterministic). Without it, start dates are not checked against today. */
  readonly today?: string;
  /** Economics given on the command line: they win over the offer and the site file. */
  readonly economicsOverride?: EconomicsSpecT;
  readonly phaseOverride?: PhaseWeeksT;
}

export interface ZoneVerdict {
  readonly zone: string;
  readonly fits: boolean;
  readonly note: string;
}

export interface SizedPlan {
  /** Name of the offer's pool in the site with the offer (`after`). */
  readonly pool: string;
  readonly zone: string;
  readonly nodesPerRack: number;
  readonly rackKW: number;
  readonly nodes: number;
  readonly gpus: number;
  readonly racks: number;
  readonly itMW: number;
  readonly facilityMW: number;
  readonly pue: number;
  readonly retirements: readonly Retirement[];
  readonly retiredTHs: number;
  readonly retiredItMW: number;
  readonly retiredFacilityMW: number;
  readonly tiersBefore: readonly TierBudget[];
  readonly tiersAfter: readonly TierBudget[];
  readonly normalHeadroomBeforeMW: number;
  readonly normalHeadroomAfterMW: number;
  readonly curtailedBefore: Conversion['curtailedWorstCase'];
  readonly curtailedAfter: Conversion['curtailedWorstCase'];
  readonly worstCaseLost: string;
  readonly timeline: Timeline;
  readonly economics: Economics;
  /** Things to do before synth (non-physics problems the full resolve found, e.g. address ranges). */
  readonly followUps: readonly string[];
  /** The site with the offer, for charts (power stack after). */
  readonly after: ResolvedSite;
}

export interface OfferResult {
  readonly site: string;
  readonly offer: string;
  readonly ask: {
    readonly kind: 'gpus' | 'it-mw';
    readonly gpus?: number;
    readonly itMW?: number;
    readonly system: string;
    readonly systemName: string;
    readonly gpu: string;
    readonly gpusPerNode: number;
    readonly nodeKW: number;
    readonly nodes: number;
    readonly tier: Tier;
    readonly termMonths: number;
    readonly start?: string;
  };
  /** fits: the whole ask; partial: only a smaller offer (in `plan`); cannot: nothing fits. */
  readonly verdict: 'fits' | 'partial' | 'cannot';
  readonly zones: readonly ZoneVerdict[];
  readonly zoneReason: string;
  /** What stops the ask (or one more unit beyond the largest offer), as the resolver reported it. */
  readonly binding?: Constraint;
  /** The plan for the ask (fits) or for the largest offer that fits (partial). */
  readonly plan?: SizedPlan;
  readonly before: ResolvedSite;
  readonly notes: readonly string[];
}
