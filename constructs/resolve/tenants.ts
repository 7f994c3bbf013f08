/**
 * Tenants: checks each ask against its pool, sizes its quota, and hands dedicated tenants
 * their whole nodes. A tenant's name is its namespace, so platform namespaces are refused.
 */
import type { Diagnostics } from '../diagnostics';
import { ISOLATION_LABELS, LABELS, RESERVED_NAMESPACES } from '../platform';
import type { ResolvedTenant, Taint } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { didYouMean } from '../../lib/suggest';
import { nodeName } from './names';
import { perNodeShape } from './nodes';
import type { PoolDraft } from './pools';
import { checkDomainStart, checkWholeDomains, dedicatedDomains } from './nvlink';

export interface TenantsResult {
  readonly tenants: ResolvedTenant[];
  /** pool -> node index -> tenant that owns it. */
  readonly owners: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/**
 * `poolNames` are every declared pool, also those that did not resolve, so a tenant on a
 * broken pool is not reported again as naming a missing one.
 */
export function resolveTenants(
  specs: SiteSpec['spec']['tenants'],
  poolDrafts: readonly PoolDraft[],
  poolNames: readonly string[],
  d: Diagnostics,
  /** The site's own platform namespaces (spec.provisioning), reserved like the built-in ones. */
  siteNamespaces: readonly string[] = [],
): TenantsResult {
  const reserved = [...new Set([...RESERVED_NAMESPACES, ...siteNamespaces])];
  const poolByName = new Map(poolDrafts.map((p) => [p.spec.name, p]));
  const owners = new Map<string, Map<number, string>>(); // pool -> node index -> tenant
  const tenants: ResolvedTenant[] = [];
  const usedByPool = new Map<string, { dedicatedNodes: number; sharedGpus: number }>();
  const dedicated: DedicatedAsk[] = [];
  specs.forEach((t, i) => {
    const path = ['spec', 'tenants', i];
    if (reserved.includes(t.name)) {
      d.error('rackshift:tenant/reserved-name', [...path, 'name'], `"${t.name}" is a reserved namespace (${reserved.join(', ')})`);
    }
    const pool = poolByName.get(t.pool);
    if (!pool) {
      if (!poolNames.includes(t.pool)) d.error('rackshift:ref/pool', [...path, 'pool'], `no GPU pool "${t.pool}" (pools: ${poolNames.join(', ') || 'none'})${didYouMean(t.pool, poolNames)}`, { pool: t.pool });
      return;
    }
    const gpn = pool.system.gpusPerNode;
    const poolGpus = pool.nodeCount * gpn;
    if (t.gpus > poolGpus) {
      d.error('rackshift:tenant/gpus', [...path, 'gpus'], `asks for ${t.gpus} GPUs but pool ${t.pool} has ${poolGpus} (${pool.nodeCount} nodes × ${gpn}; short ${t.gpus - poolGpus})`);
    }
    const used = usedByPool.get(t.pool) ?? { dedicatedNodes: 0, sharedGpus: 0 };
    let dedicatedNodes = 0;
    let nvlinkDomains: number | undefined;
    if (t.isolation === 'dedicated' && pool.system.rackScale) {
      ({ domains: nvlinkDomains, nodes: dedicatedNodes } = dedicatedDomains(pool.system, t.gpus, t.name, path, d));
      checkDomainStart(pool.system, t.firstNode, t.name, path, d);
    } else if (t.isolation === 'dedicated') {
      dedicatedNodes = Math.ceil(t.gpus / gpn);
      if (t.gpus % gpn !== 0) {
        d.warn('rackshift:tenant/whole-nodes', [...path, 'gpus'], `dedicated tenants take whole nodes: ${t.gpus} GPUs round up to ${dedicatedNodes} nodes (${dedicatedNodes * gpn} GPUs; ${dedicatedNodes * gpn - t.gpus} idle)`);
      }
    }
    used.dedicatedNodes += dedicatedNodes;
    used.sharedGpus += t.isolation === 'shared' ? t.gpus : 0;
    usedByPool.set(t.pool, used);
    const freeGpus = (pool.nodeCount - used.dedicatedNodes) * gpn;
    if (t.gpus > poolGpus) {
      // Already reported above: the ask alone does not fit the pool.
    } else if (used.dedicatedNodes > pool.nodeCount) {
      d.error('rackshift:tenant/pool-full', [...path, 'gpus'], `dedicated tenants on ${t.pool} need ${used.dedicatedNodes} nodes; the pool has ${pool.nodeCount} (short ${used.dedicatedNodes - pool.nodeCount})`);
    } else if (used.sharedGpus > freeGpus) {
      d.error('rackshift:tenant/pool-full', [...path, 'gpus'], `tenants on ${t.pool} ask for ${used.sharedGpus} shared GPUs; ${freeGpus} GPUs remain after dedicated nodes (short ${used.sharedGpus - freeGpus})`);
    }
    // Whole nodes are handed out once every tenant is checked (see assignDedicatedNodes).
    const nodeNames: string[] = [];
    if (dedicatedNodes > 0) dedicated.push({ tenant: t.name, index: i, pool, count: dedicatedNodes, firstNode: t.firstNode, nodeNames });
    const share = t.gpus / gpn;
    const perNode = perNodeShape(pool.system, pool.spec.bios);
    const poolSelector = { [ISOLATION_LABELS.pool]: t.pool };
    const poolTaint: Taint = { key: LABELS.pool, value: t.pool, effect: 'NoSchedule' };
    tenants.push({
      name: t.name,
      pool: t.pool,
      gpus: t.gpus,
      isolation: t.isolation,
      dedicatedNodes,
      ...(nvlinkDomains !== undefined ? { nvlinkDomains } : {}),
      quotaGpus: t.gpus,
      quotaGpuResource: pool.gpuResource.name,
      quotaGpuUnits: t.gpus * pool.gpuResource.perGpu,
      quotaCpu: Math.floor(perNode.cpu * share),
      quotaMemoryGiB: Math.floor(perNode.memoryGiB * share),
      nodeNames,
      admins: [...t.admins],
      priority: t.priority,
      podSecurity: t.podSecurity,
      borrowing: t.borrowing,
      nodeSelector: t.isolation === 'dedicated' ? { ...poolSelector, [ISOLATION_LABELS.tenant]: t.name } : poolSelector,
      tolerations: t.isolation === 'dedicated' ? [poolTaint, { key: LABELS.tenant, value: t.name, effect: 'NoSchedule' }] : [poolTaint],
    });
  });

  assignDedicatedNodes(dedicated, owners, d);
  const tenantIndex = new Map(specs.map((t, i) => [t.name, i]));
  for (const p of poolDrafts) checkWholeDomains({ name: p.spec.name, system: p.system, declaredNodes: p.spec.nodes, retired: p.retired }, owners.get(p.spec.name), tenantIndex, d);
  return { tenants, owners };
}

interface DedicatedAsk {
  readonly tenant: string;
  /** Index of the tenant in spec.tenants. */
  readonly index: number;
  readonly pool: PoolDraft;
  readonly count: number;
  readonly firstNode?: number;
  /** Filled with the names of the nodes given. */
  readonly nodeNames: string[];
}

/**
 * Gives dedicated tenants their whole nodes. Tenants that pin `firstNode` go first and take
 * consecutive active nodes from there, so removing or shrinking another tenant never moves
 * their machines; the others then take the lowest free nodes, in the order they are declared
 * (stable when tenants are only added at the end, which the warning below says).
 */
function assignDedicatedNodes(asks: readonly DedicatedAsk[], owners: Map<string, Map<number, string>>, d: Diagnostics): void {
  const takenIn = (pool: string) => {
    let taken = owners.get(pool);
    if (!taken) owners.set(pool, (taken = new Map<number, string>()));
    return taken;
  };
  for (const ask of asks.filter((a) => a.firstNode !== undefined)) {
    const taken = takenIn(ask.pool.spec.name);
    const path = ['spec', 'tenants', ask.index, 'firstNode'];
    let idx = ask.firstNode!;
    for (; idx <= ask.pool.spec.nodes && ask.nodeNames.length < ask.count; idx++) {
      if (ask.pool.retired.has(idx)) continue;
      const other = taken.get(idx);
      if (other) {
        d.error('rackshift:tenant/node-overlap', path, `${ask.tenant} needs ${ask.count} nodes from node ${ask.firstNode}, but node ${nodeName(ask.pool.spec.name, idx)} belongs to ${other}`);
        break;
      }
      taken.set(idx, ask.tenant);
      ask.nodeNames.push(nodeName(ask.pool.spec.name, idx));
    }
    if (ask.nodeNames.length < ask.count && idx > ask.pool.spec.nodes) {
      d.error('rackshift:tenant/node-range', path, `${ask.tenant} needs ${ask.count} nodes from node ${ask.firstNode}; pool ${ask.pool.spec.name} has ${ask.nodeNames.length} active nodes from there to node ${ask.pool.spec.nodes} (short ${ask.count - ask.nodeNames.length})`);
    }
  }
  const unpinnedSeen = new Set<string>();
  for (const ask of asks.filter((a) => a.firstNode === undefined)) {
    const pool = ask.pool.spec.name;
    const taken = takenIn(pool);
    let first: number | undefined;
    for (let idx = 1; idx <= ask.pool.spec.nodes && ask.nodeNames.length < ask.count; idx++) {
      if (ask.pool.retired.has(idx) || taken.has(idx)) continue;
      first ??= idx;
      taken.set(idx, ask.tenant);
      ask.nodeNames.push(nodeName(pool, idx));
    }
    if (unpinnedSeen.has(pool) && first !== undefined) {
      d.warn('rackshift:tenant/unpinned-nodes', ['spec', 'tenants', ask.index, 'name'], `nodes of ${ask.tenant} follow those of tenants declared before it on ${pool}; pin them with "firstNode: ${first}" so removing or shrinking an earlier tenant never moves this tenant's machines`);
    }
    unpinnedSeen.add(pool);
  }
}
