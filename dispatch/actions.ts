/**
 * What one interval of the schedule changes, as files a reviewer reads in a pull request and
 * `rackshift dispatch --apply` carries out:
 *
 * - Kueue: each interruptible tenant's ClusterQueue gets `spec.stopPolicy` — `None` while it
 *   runs, `HoldAndDrain` while it is held (Kueue stops admitting and evicts what runs, so its
 *   GPUs fall to idle power). Applied server-side under its own field manager, so it never
 *   fights deploy over the rest of the queue.
 * - Miners: a MinerPowerTargets file, per fleet the miners that run and the facility kW that
 *   makes (the format is in docs/dispatch.md).
 *
 * Firm tenants' queues never appear here: dispatch has no action that could touch them.
 */
import type { ResolvedSite } from '../constructs/resolved-site';
import { clusterQueueName } from '../stacks/kubernetes/queues';
import type { IntervalResult } from './schedule';
import { isoMinute } from './time';

export const DISPATCH_FIELD_MANAGER = 'rackshift-dispatch';
export type StopPolicy = 'None' | 'HoldAndDrain';

export interface KueueAction {
  readonly tenant: string;
  readonly clusterQueue: string;
  readonly stopPolicy: StopPolicy;
}

export interface MinerTarget {
  readonly fleet: string;
  readonly model: string;
  readonly minersRunning: number;
  readonly minersTotal: number;
  readonly targetKW: number;
}

export interface IntervalActions {
  readonly site: string;
  readonly start: string;
  readonly end: string;
  readonly kueue: readonly KueueAction[];
  readonly miners: readonly MinerTarget[];
}

export function clusterQueueOf(site: ResolvedSite, tenant: string): string {
  const t = site.tenants.find((x) => x.name === tenant);
  if (!t) throw new Error(`tenant ${tenant} is not in site ${site.name}`);
  return clusterQueueName(t);
}

export function actionsFor(site: ResolvedSite, row: IntervalResult, intervalMinutes: number): IntervalActions {
  const d = site.dispatch;
  return {
    site: site.name,
    start: isoMinute(row.start),
    end: isoMinute(row.start + intervalMinutes * 60_000),
    kueue: d.interruptible.map((a, i) => ({ tenant: a.tenant, clusterQueue: clusterQueueOf(site, a.tenant), stopPolicy: row.aiOn[i] === 1 ? 'None' : 'HoldAndDrain' })),
    miners: d.fleets.map((f, i) => ({ fleet: f.name, model: f.model, minersRunning: row.units[i]!, minersTotal: f.units, targetKW: Math.round(row.units[i]! * f.unitFacilityKW * 1000) / 1000 })),
  };
}

/** The MinerPowerTargets file (JSON, stable key order). */
export function minerTargetsJson(a: IntervalActions): string {
  return `${JSON.stringify({ apiVersion: 'rackshift.dev/v1alpha1', kind: 'MinerPowerTargets', site: a.site, interval: { start: a.start, end: a.end }, fleets: a.miners }, null, 2)}\n`;
}

/** The ClusterQueue patches as server-side-apply YAML documents (what --apply sends). */
export function kueuePatchObjects(a: IntervalActions) {
  return a.kueue.map((k) => ({ apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue', metadata: { name: k.clusterQueue }, spec: { stopPolicy: k.stopPolicy } }));
}

export function kueuePatchYaml(a: IntervalActions): string {
  return kueuePatchObjects(a)
    .map((o) => `apiVersion: ${o.apiVersion}\nkind: ${o.kind}\nmetadata:\n  name: ${o.metadata.name}\nspec:\n  stopPolicy: ${o.spec.stopPolicy}\n`)
    .join('---\n');
}
