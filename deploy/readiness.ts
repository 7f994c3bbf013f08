/**
 * Readiness of the kinds that report it: a Namespace is Active, a CRD Established, a Kueue
 * ClusterQueue Active. Other kinds are ready once applied.
 */
import type { KubeObject } from './kube-object';

export interface Readiness {
  readonly ready: boolean;
  /** What is awaited, for progress and timeout messages: `Established`, `Active (False: FlavorNotFound)`. */
  readonly detail: string;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export function hasReadiness(kind: string): boolean {
  return kind === 'Namespace' || kind === 'CustomResourceDefinition' || kind === 'ClusterQueue';
}

export function readiness(o: KubeObject): Readiness {
  const status = (o.status ?? {}) as { phase?: string; conditions?: Condition[] };
  if (o.kind === 'Namespace') return { ready: status.phase === 'Active', detail: `Active (phase ${status.phase ?? 'unset'})` };
  if (o.kind === 'CustomResourceDefinition') return condition(status.conditions, 'Established');
  if (o.kind === 'ClusterQueue') return condition(status.conditions, 'Active');
  return { ready: true, detail: 'applied' };
}

function condition(conditions: Condition[] | undefined, type: string): Readiness {
  const c = conditions?.find((x) => x.type === type);
  if (!c) return { ready: false, detail: `${type} (no condition yet)` };
  const why = [c.reason, c.message].filter(Boolean).join(': ');
  return { ready: c.status === 'True', detail: `${type} (${c.status}${why ? `: ${why}` : ''})` };
}
