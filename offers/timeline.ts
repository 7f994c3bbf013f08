/**
 * The conversion timeline: phases with default durations, dependencies (parallel phases
 * overlap), the critical path and the ready date.
 *
 * Default durations are planning defaults chosen so that a full conversion of a
 * mining hall (decommission → cooling retrofit → burn-in → provisioning = 4 + 24 + 3 + 2 =
 * 33 weeks ≈ 7.6 months) lands inside the fact sheet's 6–18 months for converting an
 * energized site (domain-facts §5.6: TeraWulf first 40 MW in ~6–10 months, Cipher/AWS 8–13
 * months, Cipher/Fluidstack ~12 months, Core Scientific ~12 months of works). Hardware lead
 * time comes from the catalog (a planning default per system). A tier-N air-cooled offer in an
 * air hall takes the fast path (FAST_PATH_WEEKS). Every duration is overridable.
 */
import type { PhaseWeeksT } from '../constructs/site-spec';

export type PhaseId = keyof Required<PhaseWeeksT>;

interface PhaseDef {
  readonly id: PhaseId;
  readonly label: string;
  readonly after: readonly PhaseId[];
  readonly defaultWeeks?: number;
  /** Internal: where the default comes from. */
  readonly source: string;
  /** What a customer may read: a public source with its date, or "planning default". */
  readonly publicSource: string;
}

const SECTION_56 = 'planning default, within domain-facts §5.6 (6–18 months to convert an energized site)';
const PUBLIC_56 = 'planning default, within the 6–18 months of public miner-to-HPC conversions (TeraWulf 2025–2026, Cipher 2025–2026, Core Scientific 2024–2026)';

export const PHASES: readonly PhaseDef[] = [
  // Only when the offer grows the site's feeds: 12 months, the low end of public approvals.
  { id: 'interconnection', label: 'Large-load study and interconnection (new feeds)', after: [], defaultWeeks: 52, source: 'planning default at the low end of domain-facts §5.6 (Bitfarms energy-capacity approvals 12–36 months; greenfield interconnects 2–4 years)', publicSource: 'planning default, the low end of public energy-capacity approvals (Bitfarms, Apr 2025: 12–36 months)' },
  { id: 'decommission', label: 'Decommission miners', after: [], defaultWeeks: 4, source: SECTION_56, publicSource: PUBLIC_56 },
  { id: 'electrical', label: 'Electrical work (distribution, UPS, PDUs for the tier)', after: ['decommission', 'interconnection'], defaultWeeks: 20, source: SECTION_56, publicSource: PUBLIC_56 },
  { id: 'cooling', label: 'Cooling retrofit', after: ['decommission'], defaultWeeks: 24, source: `${SECTION_56}; retrofit is the longest works item (§4 "what must change": cooling)`, publicSource: PUBLIC_56 },
  { id: 'network', label: 'Network fabric (compute, storage, management)', after: ['decommission'], defaultWeeks: 12, source: SECTION_56, publicSource: PUBLIC_56 },
  { id: 'hardware', label: 'Hardware lead time (order to delivery)', after: [], source: 'catalog lead time of the system (planning default)', publicSource: 'vendor lead time (planning default)' },
  { id: 'burnIn', label: 'Burn-in and acceptance', after: ['electrical', 'cooling', 'network', 'hardware'], defaultWeeks: 3, source: SECTION_56, publicSource: PUBLIC_56 },
  { id: 'provisioning', label: 'Provisioning (bare metal, Kubernetes, tenant)', after: ['burnIn'], defaultWeeks: 2, source: SECTION_56, publicSource: PUBLIC_56 },
];

/**
 * The fast path: a tier-N, air-cooled offer in an air-cooled hall reuses the miners'
 * distribution and airflow (no electrical upgrade, no cooling retrofit); decommission, fabric,
 * burn-in and provisioning take 1 + 4 + 1 + 1 = 7 weeks, inside the 6–8 weeks of the fastest
 * public retrofits (IREN, air-cooled tier-N conversions), with the hardware on hand.
 */
export const FAST_PATH_WEEKS: Partial<Record<PhaseId, number>> = { decommission: 1, network: 4, burnIn: 1, provisioning: 1 };
const FAST_SOURCE = 'planning default for the fast path, within domain-facts 2026-12 additions (IREN air-cooled tier-N retrofits in 6–8 weeks)';
const FAST_PUBLIC = 'fast path, within the 6–8 weeks of IREN\'s public air-cooled tier-N retrofits';

export interface TimelinePhase {
  readonly id: PhaseId;
  readonly label: string;
  readonly weeks: number;
  readonly startWeek: number;
  readonly endWeek: number;
  readonly after: readonly PhaseId[];
  readonly critical: boolean;
  /** Why the phase is skipped (0 weeks), when it is. */
  readonly skipped?: string;
  /** Where the duration comes from: the default's source, or the override. */
  readonly source: string;
  readonly publicSource: string;
  readonly startDate?: string;
  readonly endDate?: string;
}

export interface Timeline {
  readonly phases: readonly TimelinePhase[];
  readonly totalWeeks: number;
  readonly criticalPath: readonly PhaseId[];
  readonly startDate?: string;
  readonly readyDate?: string;
  readonly fastPath: boolean;
}

export interface TimelineInput {
  readonly leadTimeWeeks: number;
  /** Phases that do not apply to this offer, with why. */
  readonly skip: Partial<Record<PhaseId, string>>;
  /** Overrides by phase, and where they come from (e.g. "command line"). */
  readonly overrides: readonly { readonly weeks: PhaseWeeksT; readonly from: string }[];
  readonly startDate?: string;
  /** Tier N, air-cooled system in an air-cooled zone: no electrical upgrade, no cooling retrofit. */
  readonly fastPath?: boolean;
}

export function buildTimeline(input: TimelineInput): Timeline {
  const done = new Map<PhaseId, TimelinePhase>();
  const phases: TimelinePhase[] = [];
  for (const def of PHASES) {
    const override = input.overrides.find((o) => o.weeks[def.id] !== undefined);
    const skipped = input.skip[def.id];
    const fast = input.fastPath ? FAST_PATH_WEEKS[def.id] : undefined;
    let weeks = def.id === 'hardware' ? input.leadTimeWeeks : (fast ?? def.defaultWeeks ?? 0);
    let source = fast !== undefined ? FAST_SOURCE : def.source;
    let publicSource = fast !== undefined ? FAST_PUBLIC : def.publicSource;
    if (override) {
      weeks = override.weeks[def.id]!;
      source = `override (${override.from})`;
      publicSource = 'as agreed for this offer';
    } else if (skipped) {
      weeks = 0;
    }
    const startWeek = Math.max(0, ...def.after.map((a) => done.get(a)?.endWeek ?? 0));
    const phase: TimelinePhase = {
      id: def.id,
      label: def.label,
      weeks,
      startWeek,
      endWeek: startWeek + weeks,
      after: def.after,
      critical: false,
      ...(skipped && !override ? { skipped } : {}),
      source,
      publicSource,
      ...(input.startDate ? { startDate: addWeeks(input.startDate, startWeek), endDate: addWeeks(input.startDate, startWeek + weeks) } : {}),
    };
    done.set(def.id, phase);
    phases.push(phase);
  }
  // Critical path: walk back from the phase that ends last through the predecessor that ends latest.
  const last = phases.reduce((a, b) => (b.endWeek > a.endWeek ? b : a));
  const path: PhaseId[] = [];
  let cursor: TimelinePhase | undefined = last;
  while (cursor) {
    path.unshift(cursor.id);
    if (cursor.startWeek === 0) break;
    const startWeek: number = cursor.startWeek;
    cursor = cursor.after
      .map((a) => done.get(a)!)
      .filter((p) => p.endWeek === startWeek)
      .sort((a, b) => b.weeks - a.weeks)[0];
  }
  const critical = new Set(path);
  const marked = phases.map((p) => ({ ...p, critical: critical.has(p.id) && p.weeks > 0 }));
  return {
    phases: marked,
    totalWeeks: last.endWeek,
    criticalPath: path.filter((id) => (done.get(id)?.weeks ?? 0) > 0),
    fastPath: input.fastPath === true,
    ...(input.startDate ? { startDate: input.startDate, readyDate: addWeeks(input.startDate, last.endWeek) } : {}),
  };
}

/** YYYY-MM-DD plus whole or fractional weeks (rounded to days), in UTC. */
export function addWeeks(date: string, weeks: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.round(weeks * 7));
  return d.toISOString().slice(0, 10);
}

/** A real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
