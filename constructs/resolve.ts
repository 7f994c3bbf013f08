/**
 * Resolve: from a checked site spec to the ResolvedSite every renderer reads. Budgets,
 * placement, names, addresses and the conversion are computed here and nowhere else.
 *
 * Every rule adds its problems to one Diagnostics collection; the site fails once, with all
 * of them (never at the first).
 */
import { resolveClusters } from './clusters';
import type { AsicModel, GpuModel, GpuSystem } from './catalog-types';
import {
  ASIC_MODELS,
  COOLING_MAX_RACK_KW_DEFAULTS,
  COOLING_PUE_DEFAULTS,
  GPU_MODELS,
  GPU_SYSTEMS,
  ZONE_ACCEPTS,
} from './catalog';
import { Diagnostics, type Locator, kw, mw, SiteError } from './diagnostics';
import { formatIPv4, hostAddress, parseCidr, parseIPv4, contains } from './ipv4';
import type {
  ConversionStep,
  ResolvedFeed,
  ResolvedFleet,
  ResolvedGroup,
  ResolvedInventory,
  ResolvedNetwork,
  ResolvedNode,
  ResolvedPool,
  ResolvedSite,
  ResolvedTenant,
  ResolvedZone,
  Taint,
  TierBudget,
} from './resolved-site';
import { PROVISIONING_BACKENDS, type SiteSpec, type Tier } from './site-spec';
import { bindInventory, type InventoryManifest } from './inventory';
import { resolveGitOps } from './gitops';
import { migInstancesPerGpu } from './mig';

export interface ResolveOptions {
  /** Site file path, for messages and the resolved site's `sourceFile`. */
  readonly file?: string;
  /** Maps field paths to file positions. */
  readonly locate?: Locator;
  /** The delivery inventory as read from its file; matched to nodes here (see inventory.ts). */
  readonly inventory?: InventoryManifest;
  /** Problems found before resolving (inventory), reported together with the site's. */
  readonly diagnostics?: Diagnostics;
}

/** Label keys rackshift puts on nodes; the Kubernetes and bare-metal targets share them. */
export const LABELS = {
  site: 'rackshift.dev/site',
  pool: 'rackshift.dev/pool',
  zone: 'rackshift.dev/zone',
  gpu: 'rackshift.dev/gpu',
  system: 'rackshift.dev/system',
  tenant: 'rackshift.dev/tenant',
  rack: 'rackshift.dev/rack',
  migConfig: 'nvidia.com/mig.config',
  /** Names the GPU Operator device-plugin config a node uses: how MIG is exposed, per pool. */
  devicePluginConfig: 'nvidia.com/device-plugin.config',
} as const;

/** Namespaces a tenant may not take: they belong to Kubernetes or to the platform. */
const RESERVED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'gpu-operator', 'kueue-system', 'metal3', 'baremetal-operator-system'];

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export function resolveSite(spec: SiteSpec, options: ResolveOptions = {}): ResolvedSite {
  const d = options.diagnostics ?? new Diagnostics(options.file, options.locate);
  const s = spec.spec;
  const catalog = mergeCatalog(spec, d);

  checkUniqueNames(d, s);

  // ---- power feeds and groups ----------------------------------------------------------
  const clf = s.power.continuousLoadFactor;
  const feeds: ResolvedFeed[] = s.power.feeds.map((f, i) => {
    let nameplate = f.capacityMW ?? 0;
    if (f.capacityMW !== undefined && f.electrical) {
      d.error('rackshift:power/feed-capacity', ['spec', 'power', 'feeds', i], `feed ${f.name} gives both capacityMW and electrical; give one`);
    } else if (f.electrical) {
      const e = f.electrical;
      // P = √3 × V(line-to-line) × I × PF for three phases; V × I × PF for one (kV × A = kW).
      nameplate = ((e.phases === 3 ? Math.sqrt(3) : 1) * e.voltageKV * e.amps * e.powerFactor) / 1000;
    } else if (f.capacityMW === undefined) {
      d.error('rackshift:power/feed-capacity', ['spec', 'power', 'feeds', i], `feed ${f.name} needs capacityMW or electrical (voltageKV, amps, phases, powerFactor)`);
    }
    return {
      name: f.name,
      group: f.group,
      nameplateMW: round(nameplate),
      usableMW: round(nameplate * clf),
      ...(f.pricePerMWh !== undefined ? { pricePerMWh: f.pricePerMWh } : {}),
    };
  });
  const totalUsableMW = round(sum(feeds.map((f) => f.usableMW)));
  const groupNames = [...new Set(feeds.map((f) => f.group))];
  const groups: ResolvedGroup[] = groupNames.map((g) => {
    const members = feeds.filter((f) => f.group === g);
    const usable = round(sum(members.map((f) => f.usableMW)));
    return { name: g, feeds: members.map((f) => f.name), usableMW: usable, survivingMW: round(totalUsableMW - usable) };
  });

  // ---- zones (defaults first; loads are added once pools and fleets are known) ----------
  const zoneSpecs = new Map(s.cooling.zones.map((z, i) => [z.name, { z, i }]));
  const zoneNames = s.cooling.zones.map((z) => z.name);

  // ---- mining fleets ------------------------------------------------------------------
  const fleets: ResolvedFleet[] = [];
  s.mining.fleets.forEach((f, i) => {
    const path = ['spec', 'mining', 'fleets', i];
    const model = catalog.asic(f.model);
    if (!model) {
      d.error('rackshift:catalog/unknown-asic', [...path, 'model'], `unknown miner model "${f.model}" (catalog: ${catalog.asicIds().join(', ')}; add it under spec.catalog.asics)`);
      return;
    }
    const zone = zoneSpecs.get(f.zone);
    if (!zone) {
      d.error('rackshift:ref/zone', [...path, 'zone'], `no zone "${f.zone}" (zones: ${zoneNames.join(', ')})`);
    } else if (!ZONE_ACCEPTS[zone.z.type].includes(model.cooling)) {
      d.error('rackshift:cooling/type', [...path, 'zone'], `${model.displayName} needs ${model.cooling} cooling; zone ${f.zone} is ${zone.z.type} (takes ${ZONE_ACCEPTS[zone.z.type].join(', ')})`);
    }
    if (f.retire > f.count) {
      d.error('rackshift:mining/retire', [...path, 'retire'], `retires ${f.retire} miners but only ${f.count} are installed (over by ${f.retire - f.count})`);
    }
    const retired = Math.min(f.retire, f.count);
    const running = f.count - retired;
    const unitsPerRack = f.unitsPerRack || model.unitsPerRack;
    fleets.push({
      name: f.name,
      model,
      zone: f.zone,
      curtailable: f.curtailable,
      installed: f.count,
      retired,
      running,
      unitsPerRack,
      racks: Math.ceil(running / unitsPerRack),
      itKW: round((running * model.wallW) / 1000),
      hashrateTHs: round(running * model.hashrateTHs),
      retiredKW: round((retired * model.wallW) / 1000),
      retiredTHs: round(retired * model.hashrateTHs),
    });
  });

  // ---- GPU pools ----------------------------------------------------------------------
  const poolDrafts: PoolDraft[] = [];
  s.gpuPools.forEach((p, i) => {
    const path = ['spec', 'gpuPools', i];
    const system = catalog.system(p.system);
    if (!system) {
      d.error('rackshift:catalog/unknown-system', [...path, 'system'], `unknown GPU system "${p.system}" (catalog: ${catalog.systemIds().join(', ')}; add it under spec.catalog.systems)`);
      return;
    }
    const gpu = GPU_MODELS[system.gpu];
    if (!gpu) {
      d.error('rackshift:catalog/unknown-gpu', [...path, 'system'], `system ${system.id} names GPU "${system.gpu}", which is not in the catalog (${Object.keys(GPU_MODELS).join(', ')})`);
      return;
    }
    const zone = zoneSpecs.get(p.zone);
    if (!zone) d.error('rackshift:ref/zone', [...path, 'zone'], `no zone "${p.zone}" (zones: ${zoneNames.join(', ')})`);
    else if (!ZONE_ACCEPTS[zone.z.type].includes(system.cooling)) {
      d.error('rackshift:cooling/type', [...path, 'zone'], `${system.displayName} needs ${system.cooling} cooling; zone ${p.zone} is ${zone.z.type} (takes ${ZONE_ACCEPTS[zone.z.type].join(', ')})`);
    }
    let nodesPerRack = p.nodesPerRack ?? system.rackScale?.nodesPerRack ?? system.recommendedNodesPerRack;
    if (system.rackScale && p.nodesPerRack !== undefined && p.nodesPerRack !== system.rackScale.nodesPerRack) {
      d.error('rackshift:pool/rack-scale', [...path, 'nodesPerRack'], `${system.displayName} is a rack-scale system with ${system.rackScale.nodesPerRack} nodes per rack; got ${p.nodesPerRack}`);
      nodesPerRack = system.rackScale.nodesPerRack;
    }
    if (nodesPerRack < 1) {
      d.error('rackshift:pool/nodes-per-rack', [...path, 'nodesPerRack'], 'must be at least 1');
      nodesPerRack = 1;
    }
    if (system.rackScale && p.nodes % system.rackScale.nodesPerRack !== 0) {
      d.warn('rackshift:pool/partial-rack', [...path, 'nodes'], `${p.nodes} nodes is not a whole number of ${system.displayName} racks (${system.rackScale.nodesPerRack} trays each); the last rack is partly filled`);
    }
    const retired = new Set<number>();
    p.retire.forEach((idx, j) => {
      if (idx > p.nodes) d.error('rackshift:pool/retire', [...path, 'retire', j], `node index ${idx} is beyond the pool's ${p.nodes} nodes`);
      else retired.add(idx);
    });
    if (p.powerCapKW !== undefined && p.powerCapKW > system.nodeMaxKW) {
      d.warn('rackshift:pool/cap-above-max', [...path, 'powerCapKW'], `cap ${p.powerCapKW} kW is above the system's maximum ${system.nodeMaxKW} kW; it has no effect`);
    }
    const nodeKW = Math.min(system.nodeMaxKW, p.powerCapKW ?? Infinity);
    const rackKW = system.rackScale && p.powerCapKW === undefined ? system.rackScale.rackKW : round(nodesPerRack * nodeKW, 3);
    const nodeCount = p.nodes - retired.size;
    const gpuPowerLimitW = gpuPowerLimit(system, gpu, p.powerCapKW);
    if (gpuPowerLimitW !== undefined && gpuPowerLimitW < 1) {
      const restKW = (system.nodeMaxKW * 1000 - system.gpusPerNode * gpu.tdpW) / 1000;
      d.error('rackshift:pool/cap-too-low', [...path, 'powerCapKW'], `cap ${p.powerCapKW} kW leaves no power for the GPUs: the rest of a ${system.displayName} draws up to ${round(restKW, 3)} kW (short ${round(restKW - p.powerCapKW!, 3)} kW)`);
    }
    const gpuResource = resolveGpuResource(gpu, p.mig, [...path, 'mig'], d);
    poolDrafts.push({ spec: p, index: i, system, gpu, nodesPerRack, nodeKW, rackKW, retired, nodeCount, itKW: round(nodeCount * nodeKW, 3), gpuResource, ...(gpuPowerLimitW !== undefined ? { gpuPowerLimitW } : {}) });
  });

  // ---- cooling zones: loads, density, floor -------------------------------------------
  // Facility factor per zone, unrounded: a fixed overheadKW must add exactly that many kW.
  const zonePue = new Map<string, number>();
  const zones: ResolvedZone[] = s.cooling.zones.map((z, i) => {
    const path = ['spec', 'cooling', 'zones', i];
    const zonePools = poolDrafts.filter((p) => p.spec.zone === z.name);
    const zoneFleets = fleets.filter((f) => f.zone === z.name);
    const itLoadKW = round(sum(zonePools.map((p) => p.itKW)) + sum(zoneFleets.map((f) => f.itKW)), 3);
    const maxRackKW = z.maxRackKW ?? COOLING_MAX_RACK_KW_DEFAULTS[z.type];
    let pue: number;
    let overheadKW: number;
    if (z.overheadKW !== undefined && z.pue !== undefined) {
      d.error('rackshift:cooling/overhead', path, `zone ${z.name} gives both pue and overheadKW; give one`);
    }
    if (z.overheadKW !== undefined) {
      overheadKW = z.overheadKW;
      zonePue.set(z.name, itLoadKW > 0 ? 1 + overheadKW / itLoadKW : 1);
      pue = round(zonePue.get(z.name)!);
    } else {
      pue = z.pue ?? COOLING_PUE_DEFAULTS[z.type];
      zonePue.set(z.name, pue);
      overheadKW = round(itLoadKW * (pue - 1), 3);
    }
    // IT power ends up as heat the zone must reject.
    const heatLoadKW = itLoadKW;
    if (heatLoadKW > z.capacityKW) {
      d.error('rackshift:cooling/capacity', [...path, 'capacityKW'], `zone ${z.name} must reject ${kw(heatLoadKW)} of heat but can reject ${kw(z.capacityKW)} (short ${kw(heatLoadKW - z.capacityKW)})`);
    }
    for (const p of zonePools) {
      if (p.rackKW > maxRackKW) {
        d.error('rackshift:cooling/rack-density', ['spec', 'gpuPools', p.index, 'nodesPerRack'], `racks of ${p.spec.name} draw ${p.rackKW} kW (${p.nodesPerRack} × ${p.nodeKW} kW) but zone ${z.name} takes at most ${maxRackKW} kW per rack (over by ${round(p.rackKW - maxRackKW, 2)} kW)`);
      }
    }
    const poolRacks = sum(zonePools.map((p) => Math.ceil(p.spec.nodes / p.nodesPerRack)));
    const racksUsed = poolRacks + sum(zoneFleets.map((f) => f.racks));
    if (racksUsed > z.racks) {
      d.error('rackshift:floor/racks', [...path, 'racks'], `zone ${z.name} needs ${racksUsed} rack positions (${poolRacks} GPU, ${racksUsed - poolRacks} mining) but has ${z.racks} (short ${racksUsed - z.racks})`);
    }
    return {
      name: z.name,
      type: z.type,
      capacityKW: z.capacityKW,
      maxRackKW,
      pue,
      overheadKW,
      itLoadKW,
      heatLoadKW,
      headroomKW: round(z.capacityKW - heatLoadKW, 3),
      racks: z.racks,
      racksUsed,
      racksFree: z.racks - racksUsed,
      pools: zonePools.map((p) => p.spec.name),
      fleets: zoneFleets.map((f) => f.name),
    };
  });
  const facility = (itKW: number, zone: string) => itKW * (zonePue.get(zone) ?? 1);

  // ---- power budgets by tier --------------------------------------------------------------
  const tierRank: Record<Tier, number> = { N: 0, 'N+1': 1, '2N': 2 };
  const poolFacilityMW = (p: PoolDraft) => facility(p.itKW, p.spec.zone) / 1000;
  const firmMiningMW = sum(fleets.filter((f) => !f.curtailable).map((f) => facility(f.itKW, f.zone) / 1000));
  const curtailableMiningMW = sum(fleets.filter((f) => f.curtailable).map((f) => facility(f.itKW, f.zone) / 1000));
  const aiItMW = sum(poolDrafts.map((p) => p.itKW)) / 1000;
  const aiFacilityMW = sum(poolDrafts.map(poolFacilityMW));
  const miningItMW = sum(fleets.map((f) => f.itKW)) / 1000;
  const miningFacilityMW = firmMiningMW + curtailableMiningMW;
  const firmMW = aiFacilityMW + firmMiningMW;
  const totalLoadMW = firmMW + curtailableMiningMW;

  // Ties go to the first name, not the first in the file: reordering a site changes nothing.
  const largestFeed = maxBy(byName(feeds), (f) => f.usableMW);
  const largestGroup = maxBy(byName(groups), (g) => g.usableMW);
  const lossFor: Record<Tier, { availableMW: number; lost?: string; describe: string }> = {
    N: { availableMW: totalUsableMW, describe: 'the feeds give' },
    'N+1': largestFeed
      ? { availableMW: totalUsableMW - largestFeed.usableMW, lost: `feed ${largestFeed.name}`, describe: `losing feed ${largestFeed.name} leaves` }
      : { availableMW: 0, describe: 'no feed is left' },
    '2N':
      groups.length > 1 && largestGroup
        ? { availableMW: totalUsableMW - largestGroup.usableMW, lost: `group ${largestGroup.name}`, describe: `losing group ${largestGroup.name} leaves` }
        : { availableMW: 0, lost: largestGroup ? `group ${largestGroup.name}` : undefined, describe: `the site has one redundancy group (${groupNames.join(', ')}); nothing survives losing it, which leaves` },
  };
  const tiers: TierBudget[] = (['N', 'N+1', '2N'] as const).map((tier) => {
    const protectedPools = poolDrafts.filter((p) => tierRank[p.spec.tier] >= tierRank[tier]);
    const requiredMW = sum(protectedPools.map(poolFacilityMW)) + (tier === 'N' ? firmMiningMW : 0);
    const loss = lossFor[tier];
    if (requiredMW > loss.availableMW + 1e-9) {
      // Blame the pool whose addition first goes over, so the author knows where to look.
      let running = tier === 'N' ? firmMiningMW : 0;
      let culprit = protectedPools[protectedPools.length - 1];
      for (const p of protectedPools) {
        running += poolFacilityMW(p);
        if (running > loss.availableMW + 1e-9) {
          culprit = p;
          break;
        }
      }
      const names = protectedPools.map((p) => p.spec.name).join(', ');
      const path = culprit ? ['spec', 'gpuPools', culprit.index] : ['spec', 'power'];
      d.error(
        `rackshift:power/tier-${tier.toLowerCase().replace('+', 'plus')}`,
        path,
        `${tier} power for ${names || 'firm load'} needs ${mw(requiredMW)}; ${loss.describe} ${mw(loss.availableMW)} (short ${mw(requiredMW - loss.availableMW)})`,
      );
    }
    return {
      tier,
      availableMW: round(loss.availableMW),
      requiredMW: round(requiredMW),
      headroomMW: round(loss.availableMW - requiredMW),
      ...(loss.lost ? { worstLoss: loss.lost } : {}),
    };
  });
  if (totalLoadMW > totalUsableMW + 1e-9) {
    d.error(
      'rackshift:power/normal-load',
      ['spec', 'power', 'feeds'],
      `normal operation draws ${mw(totalLoadMW)} (AI ${mw(aiFacilityMW)}, mining ${mw(miningFacilityMW)}, cooling and losses included) but the feeds give ${mw(totalUsableMW)} usable at ${round(clf * 100, 1)} % continuous load (short ${mw(totalLoadMW - totalUsableMW)}); retire miners (spec.mining.fleets[].retire) or shrink pools`,
    );
  }
  const headroomAfterFirm = tiers[0]!.headroomMW;
  if (headroomAfterFirm >= 0 && headroomAfterFirm < 0.05 * totalUsableMW && poolDrafts.length > 0) {
    d.warn('rackshift:power/near-limit', ['spec', 'power'], `firm load leaves ${mw(headroomAfterFirm)} of ${mw(totalUsableMW)} usable (under 5 %)`);
  }

  // Worst single failure: a whole group when there are two or more, else the largest feed.
  const worstLoss = groups.length > 1 ? lossFor['2N'] : lossFor['N+1'];
  const worstAvailable = Math.max(0, worstLoss.availableMW);
  const miningRoom = Math.max(0, worstAvailable - firmMW);
  const miningRunningMW = Math.min(curtailableMiningMW, miningRoom);
  const curtailedMW = curtailableMiningMW - miningRunningMW;
  // Shed the least efficient miners first (highest J/TH): they earn least per MWh.
  const shedOrder = fleets
    .filter((f) => f.curtailable && f.running > 0)
    .sort((a, b) => b.model.efficiencyJTH - a.model.efficiencyJTH || a.name.localeCompare(b.name));
  let toShedMW = curtailedMW;
  const curtailedWorstCase: { fleet: string; itKW: number; hashrateTHs: number }[] = [];
  for (const f of shedOrder) {
    if (toShedMW <= 1e-9) break;
    const fleetMW = facility(f.itKW, f.zone) / 1000;
    const shedMW = Math.min(fleetMW, toShedMW);
    const share = fleetMW > 0 ? shedMW / fleetMW : 0;
    curtailedWorstCase.push({ fleet: f.name, itKW: round(f.itKW * share, 3), hashrateTHs: round(f.hashrateTHs * share, 1) });
    toShedMW -= shedMW;
  }
  const poolsLosingPower = firmMW > worstAvailable + 1e-9 ? poolDrafts.filter((p) => p.spec.tier === 'N').map((p) => p.spec.name) : [];
  if (poolsLosingPower.length > 0) {
    d.warn('rackshift:power/n-tier-loss', ['spec', 'gpuPools'], `N-tier pools ${poolsLosingPower.join(', ')} lose power when ${worstLoss.lost ?? 'the worst failure'} is lost (firm ${mw(firmMW)}, available ${mw(worstAvailable)})`);
  }

  // ---- networks ------------------------------------------------------------------------
  const networks = resolveNetworks(spec, poolDrafts, d);

  // ---- tenants and node ownership ----------------------------------------------------------
  const poolByName = new Map(poolDrafts.map((p) => [p.spec.name, p]));
  const owners = new Map<string, Map<number, string>>(); // pool -> node index -> tenant
  const tenants: ResolvedTenant[] = [];
  const poolNames = s.gpuPools.map((p) => p.name);
  const usedByPool = new Map<string, { dedicatedNodes: number; sharedGpus: number }>();
  const dedicated: DedicatedAsk[] = [];
  s.tenants.forEach((t, i) => {
    const path = ['spec', 'tenants', i];
    if (RESERVED_NAMESPACES.includes(t.name)) {
      d.error('rackshift:tenant/reserved-name', [...path, 'name'], `"${t.name}" is a reserved namespace (${RESERVED_NAMESPACES.join(', ')})`);
    }
    const pool = poolByName.get(t.pool);
    if (!pool) {
      if (!poolNames.includes(t.pool)) d.error('rackshift:ref/pool', [...path, 'pool'], `no GPU pool "${t.pool}" (pools: ${poolNames.join(', ') || 'none'})`);
      return;
    }
    const gpn = pool.system.gpusPerNode;
    const poolGpus = pool.nodeCount * gpn;
    if (t.gpus > poolGpus) {
      d.error('rackshift:tenant/gpus', [...path, 'gpus'], `asks for ${t.gpus} GPUs but pool ${t.pool} has ${poolGpus} (${pool.nodeCount} nodes × ${gpn}; short ${t.gpus - poolGpus})`);
    }
    const used = usedByPool.get(t.pool) ?? { dedicatedNodes: 0, sharedGpus: 0 };
    let dedicatedNodes = 0;
    if (t.isolation === 'dedicated') {
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
    const perNode = perNodeShape(pool.system);
    const poolSelector = { [LABELS.pool]: t.pool };
    const poolTaint: Taint = { key: LABELS.pool, value: t.pool, effect: 'NoSchedule' };
    tenants.push({
      name: t.name,
      pool: t.pool,
      gpus: t.gpus,
      isolation: t.isolation,
      dedicatedNodes,
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
      nodeSelector: t.isolation === 'dedicated' ? { ...poolSelector, [LABELS.tenant]: t.name } : poolSelector,
      tolerations: t.isolation === 'dedicated' ? [poolTaint, { key: LABELS.tenant, value: t.name, effect: 'NoSchedule' }] : [poolTaint],
    });
  });

  assignDedicatedNodes(dedicated, owners, d);

  // ---- pools with their nodes ------------------------------------------------------------
  const pools: ResolvedPool[] = poolDrafts.map((p) => ({
    ...buildPool(spec.metadata.name, p, owners.get(p.spec.name), networks, tenants),
    facilityKW: round(facility(p.itKW, p.spec.zone), 3),
  }));

  // ---- conversion ------------------------------------------------------------------------
  const retiredSteps: ConversionStep[] = fleets
    .filter((f) => f.retired > 0)
    .map((f) => ({
      fleet: f.name,
      zone: f.zone,
      model: f.model.id,
      units: f.retired,
      itKW: f.retiredKW,
      hashrateTHs: f.retiredTHs,
      ...conversionTarget(pools, f.zone),
    }));

  // ---- inventory ---------------------------------------------------------------------------
  const allNodes = pools.flatMap((p) => p.nodes.map((n) => n.name));
  const inventory: ResolvedInventory = options.inventory ? bindInventory(options.inventory, pools, d) : {
    ...(s.inventory ? { file: s.inventory.file } : {}),
    hosts: [],
    pending: allNodes,
  };

  // Tinkerbell's Hardware carries each host's DHCP lease: it needs the provisioning network's addresses.
  if (s.provisioning.backends.includes('tinkerbell') && !s.networks.provisioning) {
    const i = s.provisioning.backends.indexOf('tinkerbell');
    d.error('rackshift:provisioning/network', ['spec', 'provisioning', 'backends', i], 'the tinkerbell backend needs spec.networks.provisioning (each Hardware leases its host a provisioning address)');
  }
  const gitops = s.gitops ? resolveGitOps(s.gitops, spec.metadata.name, d) : undefined;

  if (d.errors.length > 0) throw new SiteError(d.all);

  const acknowledged = new Set(s.warningsAcknowledged);
  const worstHeadroom = worstAvailable - Math.min(firmMW, worstAvailable) - miningRunningMW;
  const resolved: ResolvedSite = {
    apiVersion: 'rackshift.dev/v1alpha1',
    name: spec.metadata.name,
    ...(spec.metadata.region ? { region: spec.metadata.region } : {}),
    ...(spec.metadata.description ? { description: spec.metadata.description } : {}),
    sourceFile: options.file ?? '',
    power: {
      continuousLoadFactor: clf,
      feeds,
      groups,
      totalNameplateMW: round(sum(feeds.map((f) => f.nameplateMW))),
      totalUsableMW,
      tiers,
      aiItMW: round(aiItMW),
      aiFacilityMW: round(aiFacilityMW),
      miningItMW: round(miningItMW),
      miningFacilityMW: round(miningFacilityMW),
      firmMW: round(firmMW),
      totalLoadMW: round(totalLoadMW),
      normalHeadroomMW: round(totalUsableMW - totalLoadMW),
      worstCase: {
        lost: worstLoss.lost ?? 'none',
        availableMW: round(worstAvailable),
        firmMW: round(firmMW),
        miningRunningMW: round(miningRunningMW),
        miningCurtailedMW: round(curtailedMW),
        miningCurtailedTHs: round(sum(curtailedWorstCase.map((c) => c.hashrateTHs)), 1),
        headroomMW: round(worstHeadroom),
      },
    },
    zones,
    fleets,
    pools,
    tenants,
    networks,
    conversion: {
      retired: retiredSteps,
      retiredMW: round(sum(retiredSteps.map((r) => r.itKW)) / 1000),
      retiredTHs: round(sum(retiredSteps.map((r) => r.hashrateTHs)), 1),
      curtailedWorstCase,
    },
    inventory,
    // Fixed order, whatever order the site lists them in: output never depends on it.
    provisioning: { backends: PROVISIONING_BACKENDS.filter((b) => s.provisioning.backends.includes(b)) },
    ...(s.cohort ? { cohort: { name: s.cohort.name ?? `${spec.metadata.name}-gpus` } } : {}),
    ...(gitops ? { gitops } : {}),
    clusters: resolveClusters(spec.metadata.name, s.clusters, pools, tenants),
    economics: s.economics ?? {},
    offers: s.offers,
    totals: {
      gpus: sum(pools.map((p) => p.gpuCount)),
      nodes: sum(pools.map((p) => p.nodeCount)),
      racks: sum(zones.map((z) => z.racksUsed)),
      miners: sum(fleets.map((f) => f.running)),
      hashrateTHs: round(sum(fleets.map((f) => f.hashrateTHs)), 1),
    },
    warnings: d.warnings.filter((w) => !acknowledged.has(w.rule)),
  };
  return deepFreeze(resolved);
}

/**
 * The resource a pool's nodes advertise for GPUs, and units per physical GPU (see mig.ts).
 * A MIG profile the GPU does not support is an error; MIG `mixed` without a profile mixes
 * instance sizes, so no single count exists: quotas stay in whole GPUs, with a warning.
 */
function resolveGpuResource(
  gpu: GpuModel,
  mig: SiteSpec['spec']['gpuPools'][number]['mig'],
  path: (string | number)[],
  d: Diagnostics,
): { name: string; perGpu: number } {
  if (!mig) return { name: gpu.resourceName, perGpu: 1 };
  if (gpu.migProfiles.length === 0) {
    d.error('rackshift:pool/mig', path, `${gpu.displayName} does not support MIG`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  if (!mig.profile) {
    if (mig.strategy === 'single') d.error('rackshift:pool/mig', [...path, 'strategy'], `MIG strategy single needs a profile (${gpu.displayName}: ${gpu.migProfiles.join(', ')})`);
    else d.warn('rackshift:pool/mig-quota', path, `MIG mixed without a profile mixes instance sizes: tenant quotas count whole nvidia.com/gpu and do not bound MIG instances; name a profile to quota nvidia.com/mig-<profile>`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  const perGpu = migInstancesPerGpu(gpu, mig.profile);
  if (perGpu === undefined) {
    d.error('rackshift:pool/mig', [...path, 'profile'], `${gpu.displayName} has no MIG profile "${mig.profile}" (profiles: ${gpu.migProfiles.join(', ')})`);
    return { name: gpu.resourceName, perGpu: 1 };
  }
  return { name: mig.strategy === 'single' ? gpu.resourceName : `nvidia.com/mig-${mig.profile}`, perGpu };
}

interface PoolDraft {
  readonly spec: SiteSpec['spec']['gpuPools'][number];
  readonly index: number;
  readonly system: GpuSystem;
  readonly gpu: GpuModel;
  readonly nodesPerRack: number;
  readonly nodeKW: number;
  readonly rackKW: number;
  readonly retired: ReadonlySet<number>;
  readonly nodeCount: number;
  readonly itKW: number;
  readonly gpuPowerLimitW?: number;
  readonly gpuResource: { readonly name: string; readonly perGpu: number };
  /** Set by resolveNetworks. */
  addressBlock?: { offset: number; size: number };
}

/**
 * Per-GPU power limit (W) that keeps a capped node within its cap even when CPUs, NICs and
 * fans draw their maximum: the GPUs share what the cap leaves after the rest of the node
 * (nodeMaxKW − GPUs × TDP), never above TDP. Undefined when the pool is not capped below the
 * node's maximum.
 */
function gpuPowerLimit(system: GpuSystem, gpu: GpuModel, capKW: number | undefined): number | undefined {
  if (capKW === undefined || capKW >= system.nodeMaxKW) return undefined;
  const restW = Math.max(0, system.nodeMaxKW * 1000 - system.gpusPerNode * gpu.tdpW);
  return Math.min(gpu.tdpW, Math.floor((capKW * 1000 - restW) / system.gpusPerNode));
}

/** Which pools a retirement in `zone` makes room for (see ConversionStep.forPools). */
function conversionTarget(pools: readonly ResolvedPool[], zone: string): Pick<ConversionStep, 'forPools' | 'frees'> {
  const local = pools.filter((p) => p.zone === zone).map((p) => p.name);
  if (local.length > 0) return { forPools: local, frees: 'power-cooling-floor' };
  return { forPools: pools.map((p) => p.name), frees: 'power' };
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

/** `h100-a-0007`: stable, never renumbered (indices of retired nodes are not reused). */
export function nodeName(pool: string, index: number): string {
  return `${pool}-${String(index).padStart(4, '0')}`;
}

export function rackName(pool: string, rack: number): string {
  return `${pool}-r${String(rack).padStart(3, '0')}`;
}

/**
 * Allocatable share of a node for quotas: the kubelet and system daemons keep some CPU and
 * memory (kube-reserved/system-reserved), so quotas use what pods can actually get.
 * rackshift planning default: reserve max(2, 3 %) of cores and 5 % of memory.
 */
export function perNodeShape(system: GpuSystem): { gpus: number; cpu: number; memoryGiB: number } {
  const reservedCores = Math.max(2, Math.ceil(system.cpuCores * 0.03));
  return { gpus: system.gpusPerNode, cpu: system.cpuCores - reservedCores, memoryGiB: Math.floor(system.memoryGiB * 0.95) };
}

function buildPool(
  site: string,
  p: PoolDraft,
  owners: Map<number, string> | undefined,
  networks: ResolvedSite['networks'],
  tenants: readonly ResolvedTenant[],
): ResolvedPool {
  const name = p.spec.name;
  const labels: Record<string, string> = {
    [LABELS.site]: site,
    [LABELS.pool]: name,
    [LABELS.zone]: p.spec.zone,
    [LABELS.system]: p.system.id,
    [LABELS.gpu]: p.gpu.id,
  };
  if (p.spec.mig) {
    // The MIG manager reconfigures a node to the profile named by this label.
    labels[LABELS.migConfig] = p.spec.mig.strategy === 'single' && p.spec.mig.profile ? `all-${p.spec.mig.profile}` : 'all-balanced';
    // The device plugin reads its MIG strategy from the config this label names, so pools
    // with different strategies can share one cluster.
    labels[LABELS.devicePluginConfig] = `mig-${p.spec.mig.strategy}`;
  }
  const taints: Taint[] = [{ key: LABELS.pool, value: name, effect: 'NoSchedule' }];
  const block = p.addressBlock ?? { offset: 0, size: 0 };
  // Parsed once per pool, not per node.
  const nets = (['bmc', 'provisioning', 'node'] as const).flatMap((kind) => {
    const net = networks[kind];
    return net ? [{ kind, cidr: parseCidr(net.cidr)!, first: net.reserved + block.offset }] : [];
  });
  // Nodes in one rack with one owner have equal labels and taints: they share one (frozen)
  // object instead of a copy each, which keeps a 20k-node site's heap and freeze walk small.
  const tenantTaints = new Map<string, readonly Taint[]>();
  const taintsOf = (tenant: string | undefined): readonly Taint[] => {
    if (!tenant) return taints;
    let t = tenantTaints.get(tenant);
    if (!t) tenantTaints.set(tenant, (t = [...taints, { key: LABELS.tenant, value: tenant, effect: 'NoSchedule' }]));
    return t;
  };
  let shared: { rack: number; tenant: string | undefined; labels: Record<string, string> } | undefined;
  const nodes: ResolvedNode[] = [];
  for (let idx = 1; idx <= p.spec.nodes; idx++) {
    if (p.retired.has(idx)) continue;
    const rack = Math.floor((idx - 1) / p.nodesPerRack) + 1;
    const tenant = owners?.get(idx);
    if (!shared || shared.rack !== rack || shared.tenant !== tenant) {
      const nodeLabels: Record<string, string> = { ...labels, [LABELS.rack]: rackName(name, rack) };
      if (tenant) nodeLabels[LABELS.tenant] = tenant;
      shared = { rack, tenant, labels: nodeLabels };
    }
    const addresses: { bmc?: string; provisioning?: string; node?: string } = {};
    for (const n of nets) addresses[n.kind] = hostAddress(n.cidr, n.first + idx);
    nodes.push({
      name: nodeName(name, idx),
      pool: name,
      index: idx,
      rack: shared.labels[LABELS.rack]!,
      slot: ((idx - 1) % p.nodesPerRack) + 1,
      ...(tenant ? { tenant } : {}),
      addresses,
      labels: shared.labels,
      taints: taintsOf(tenant),
    });
  }
  const gpuCount = p.nodeCount * p.system.gpusPerNode;
  const allocated = sum(tenants.filter((t) => t.pool === name).map((t) => (t.isolation === 'dedicated' ? t.dedicatedNodes * p.system.gpusPerNode : t.gpus)));
  return {
    name,
    system: p.system,
    gpu: p.gpu,
    zone: p.spec.zone,
    tier: p.spec.tier,
    nodesPerRack: p.nodesPerRack,
    nodeCount: p.nodeCount,
    gpuCount,
    nodeKW: p.nodeKW,
    ...(p.spec.powerCapKW !== undefined ? { powerCapKW: p.spec.powerCapKW } : {}),
    ...(p.gpuPowerLimitW !== undefined ? { gpuPowerLimitW: p.gpuPowerLimitW } : {}),
    rackKW: p.rackKW,
    racks: Math.ceil(p.spec.nodes / p.nodesPerRack),
    itKW: p.itKW,
    facilityKW: 0, // set by the caller, which knows the zone PUE
    perNode: perNodeShape(p.system),
    labels,
    taints,
    ...(p.spec.mig ? { mig: { ...p.spec.mig } } : {}),
    gpuResource: p.gpuResource,
    ...(p.spec.bios ? { bios: { ...p.spec.bios } } : {}),
    addressBlock: block,
    nodes,
    unallocatedGpus: Math.max(0, gpuCount - allocated),
  };
}

/**
 * Address blocks: each pool gets a block of `maxNodes` addresses (default: its node count
 * rounded up to a power of two, at least 16) in every network, in the order pools are
 * declared, unless it pins `addressOffset`. Node i of a pool always gets offset i in its
 * block, so adding or retiring a node never moves another node's address.
 */
function resolveNetworks(spec: SiteSpec, pools: PoolDraft[], d: Diagnostics): ResolvedSite['networks'] {
  const n = spec.spec.networks;
  let cursor = 0;
  const hasNetworks = Boolean(n.bmc ?? n.provisioning ?? n.node);
  const taken: { start: number; end: number; pool: string; index: number }[] = [];
  for (const p of pools) {
    const size = p.spec.maxNodes ?? Math.max(16, nextPow2(p.spec.nodes));
    if (p.spec.maxNodes !== undefined && p.spec.maxNodes < p.spec.nodes) {
      d.error('rackshift:network/pool-block', ['spec', 'gpuPools', p.index, 'maxNodes'], `maxNodes ${p.spec.maxNodes} is below the pool's ${p.spec.nodes} nodes (short ${p.spec.nodes - p.spec.maxNodes})`);
    }
    const offset = p.spec.addressOffset ?? cursor;
    if (p.spec.addressOffset === undefined && offset > 0 && hasNetworks) {
      // Without a pin, this block follows the blocks before it: if one of them outgrows its
      // block, this pool's addresses move. Say so, with the value to pin.
      d.warn('rackshift:network/unpinned-block', ['spec', 'gpuPools', p.index, 'name'], `address block of ${p.spec.name} starts at offset ${offset}, after the blocks of the pools declared before it; pin it with "addressOffset: ${offset}" so growing an earlier pool never moves these addresses`);
    }
    const clash = taken.find((t) => offset < t.end && offset + size > t.start);
    if (clash) {
      d.error('rackshift:network/pool-overlap', ['spec', 'gpuPools', p.index, 'addressOffset'], `address block ${offset}-${offset + size - 1} of ${p.spec.name} overlaps ${clash.pool} (${clash.start}-${clash.end - 1})`);
    }
    taken.push({ start: offset, end: offset + size, pool: p.spec.name, index: p.index });
    p.addressBlock = { offset, size };
    cursor = Math.max(cursor, offset + size);
  }
  const needed = cursor;
  const out: { bmc?: ResolvedNetwork; provisioning?: ResolvedNetwork; node?: ResolvedNetwork } = {};
  for (const kind of ['bmc', 'provisioning', 'node'] as const) {
    const range = n[kind];
    if (!range) continue;
    const path = ['spec', 'networks', kind];
    const c = parseCidr(range.cidr);
    if (!c) {
      d.error('rackshift:network/cidr', [...path, 'cidr'], `"${range.cidr}" is not a network address (host bits set, or out of range)`);
      continue;
    }
    const gatewayIp = range.gateway ? parseIPv4(range.gateway) : c.network + 1;
    if (gatewayIp === undefined || !contains(c, gatewayIp)) {
      d.error('rackshift:network/gateway', [...path, 'gateway'], `gateway ${range.gateway} is not inside ${range.cidr}`);
    }
    const used = sum(pools.map((p) => p.nodeCount));
    if (range.reserved + needed > c.hosts) {
      d.error('rackshift:network/exhausted', [...path, 'cidr'], `${kind} network ${range.cidr} has ${c.hosts} host addresses; ${range.reserved} reserved + ${needed} in pool blocks need ${range.reserved + needed} (short ${range.reserved + needed - c.hosts})`);
    }
    const gateway = gatewayIp ?? c.network + 1;
    let bootServer: string | undefined;
    if (kind === 'provisioning') {
      // The boot server takes the first reserved address that is not the gateway.
      const first = c.network + (c.prefix >= 31 ? 0 : 1);
      const pick = first === gateway ? first + 1 : first;
      if (pick - first + 1 > range.reserved) {
        d.error('rackshift:network/boot-server', [...path, 'reserved'], `the provisioning network needs a reserved address for the boot server besides the gateway; ${range.reserved} reserved (need at least ${pick - first + 1})`);
      } else {
        bootServer = formatIPv4(pick);
      }
    }
    out[kind] = {
      name: kind,
      cidr: range.cidr,
      gateway: formatIPv4(gateway),
      ...(bootServer ? { bootServer } : {}),
      reserved: range.reserved,
      size: c.hosts,
      used,
      ...(range.vlan !== undefined ? { vlan: range.vlan } : {}),
    };
  }
  return { ...out, dns: [...n.dns], ntp: [...n.ntp], ...(n.domain ? { domain: n.domain } : {}) };
}

/** The lists whose names must be unique, with where they are in the site file. */
function namedLists(s: SiteSpec['spec']): [string, { name: string }[]][] {
  return [
    ['power.feeds', s.power.feeds],
    ['cooling.zones', s.cooling.zones],
    ['mining.fleets', s.mining.fleets],
    ['gpuPools', s.gpuPools],
    ['tenants', s.tenants],
  ];
}

/** True when two feeds, zones, fleets, pools or tenants share a name. */
export function hasDuplicateNames(spec: SiteSpec): boolean {
  return namedLists(spec.spec).some(([, items]) => new Set(items.map((i) => i.name)).size !== items.length);
}

function checkUniqueNames(d: Diagnostics, s: SiteSpec['spec']): void {
  for (const [where, items] of namedLists(s)) {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.name);
      const path = ['spec', ...where.split('.'), i, 'name'];
      if (first !== undefined) d.error('rackshift:names/duplicate', path, `duplicate name "${item.name}" (also at spec.${where}[${first}])`);
      else seen.set(item.name, i);
    });
  }
}

/** The built-in catalog plus the site's own extensions (sizing looks systems up here too). */
export function mergeCatalog(spec: SiteSpec, d: Diagnostics) {
  const asics: Record<string, AsicModel> = { ...ASIC_MODELS };
  const systems: Record<string, GpuSystem> = { ...GPU_SYSTEMS };
  const ext = spec.spec.catalog;
  ext?.asics.forEach((a, i) => {
    if (ASIC_MODELS[a.id]) d.warn('rackshift:catalog/override', ['spec', 'catalog', 'asics', i, 'id'], `overrides the built-in miner model ${a.id}`);
    asics[a.id] = {
      id: a.id,
      vendor: a.vendor,
      displayName: `${a.vendor} ${a.id}`,
      hashrateTHs: a.hashrateTHs,
      wallW: a.wallW,
      efficiencyJTH: round(a.wallW / a.hashrateTHs, 2),
      cooling: a.cooling,
      unitsPerRack: a.unitsPerRack,
      source: a.source,
    };
  });
  ext?.systems.forEach((x, i) => {
    if (GPU_SYSTEMS[x.id]) d.warn('rackshift:catalog/override', ['spec', 'catalog', 'systems', i, 'id'], `overrides the built-in GPU system ${x.id}`);
    if (!GPU_MODELS[x.gpu]) d.error('rackshift:catalog/unknown-gpu', ['spec', 'catalog', 'systems', i, 'gpu'], `unknown GPU "${x.gpu}" (catalog: ${Object.keys(GPU_MODELS).join(', ')})`);
    systems[x.id] = {
      id: x.id,
      vendor: x.vendor,
      displayName: `${x.vendor} ${x.id}`,
      gpu: x.gpu,
      gpusPerNode: x.gpusPerNode,
      nodeMaxKW: x.nodeMaxKW,
      ...(x.rackUnits !== undefined ? { rackUnits: x.rackUnits } : {}),
      recommendedNodesPerRack: x.recommendedNodesPerRack,
      cooling: x.cooling,
      cpuCores: x.cpuCores,
      memoryGiB: x.memoryGiB,
      fabricNics: 8,
      fabricGbps: 400,
      bmcDriver: x.bmcDriver,
      leadTimeWeeks: x.leadTimeWeeks,
      source: x.source,
    };
  });
  return {
    asic: (id: string) => asics[id],
    system: (id: string) => systems[id],
    asicIds: () => Object.keys(asics).sort(),
    systemIds: () => Object.keys(systems).sort(),
  };
}

function sum(xs: readonly number[]): number {
  let t = 0;
  for (const x of xs) t += x;
  return t;
}

function byName<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function maxBy<T>(xs: readonly T[], f: (x: T) => number): T | undefined {
  let best: T | undefined;
  for (const x of xs) if (best === undefined || f(x) > f(best)) best = x;
  return best;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
