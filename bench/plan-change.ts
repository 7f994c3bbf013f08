/**
 * The change the plan benchmark and the plan size test make to a generated site
 * (bench/generate.ts): one dedicated tenant leaves, another halves its ask, and a pool
 * retires its last 100 nodes. Every part of it keeps the site valid.
 */
import type { SiteSpecInput } from '../constructs/site-spec';

export const LEAVING_TENANT = 'tenant-43';
export const HALVED_TENANT = 'tenant-42';
export const SHRUNK_POOL = 'dgx-h100-7';
export const RETIRED_NODES = 100;

/** `pool`: the pool that retires nodes (default SHRUNK_POOL, a DGX H100 pool of the 20k site). */
export function planChange(site: SiteSpecInput, pool: string = SHRUNK_POOL): SiteSpecInput {
  const head = structuredClone(site);
  const spec = head.spec;
  for (const t of [LEAVING_TENANT, HALVED_TENANT]) if (!spec.tenants?.some((x) => x.name === t)) throw new Error(`planChange: the site has no tenant ${t}`);
  if (!spec.gpuPools?.some((p) => p.name === pool)) throw new Error(`planChange: the site has no pool ${pool}`);
  spec.tenants = (spec.tenants ?? []).filter((t) => t.name !== LEAVING_TENANT).map((t) => (t.name === HALVED_TENANT ? { ...t, gpus: Math.floor(t.gpus / 2) } : t));
  spec.gpuPools = (spec.gpuPools ?? []).map((p) => (p.name === pool ? { ...p, retire: Array.from({ length: RETIRED_NODES }, (_, i) => p.nodes - i) } : p));
  return head;
}
