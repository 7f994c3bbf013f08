/**
 * Resolve: from a checked site spec to the ResolvedSite every renderer reads. Budgets,
 * placement, names, addresses and the conversion are computed here and nowhere else, by the
 * parts in this folder (one per domain); resolveSite only composes them, in a fixed order.
 *
 * Every rule adds its problems to one Diagnostics collection; the site fails once, with all
 * of them (never at the first).
 */
import { Diagnostics, type Locator, SiteError } from '../diagnostics';
import { resolveClusters } from '../clusters';
import { resolveGitOps } from '../gitops';
import { bindInventory, type InventoryManifest } from '../inventory';
import type { ResolvedInventory, ResolvedPool, ResolvedSite } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { mergeCatalog } from './catalog';
import { resolveConversion } from './conversion';
import { resolveDispatch } from './dispatch';
import { indexZones, resolveZones } from './cooling';
import { deepFreeze, round, sum } from './math';
import { resolveFleets } from './mining';
import { checkUniqueNames } from './names';
import { resolveNetworks } from './networks';
import { buildPool } from './nodes';
import { resolvePools } from './pools';
import { resolveProvisioning } from './provisioning';
import { resolveFeeds, resolvePowerBudget } from './power';
import { resolveTenants } from './tenants';

export { mergeCatalog, type SiteCatalog } from './catalog';
export { hasDuplicateNames, nodeName, rackName } from './names';
export { perNodeShape } from './nodes';

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

export function resolveSite(spec: SiteSpec, options: ResolveOptions = {}): ResolvedSite {
  const d = options.diagnostics ?? new Diagnostics(options.file, options.locate);
  const s = spec.spec;
  const catalog = mergeCatalog(spec, d);
  checkUniqueNames(d, s);

  const supply = resolveFeeds(s.power, d);
  const zoneIndex = indexZones(s.cooling.zones);
  const fleets = resolveFleets(s.mining.fleets, catalog, zoneIndex, d);
  const poolDrafts = resolvePools(s.gpuPools, catalog, zoneIndex, d);
  const cooling = resolveZones(s.cooling.zones, poolDrafts, fleets, d);
  const { facilityKW } = cooling;
  const power = resolvePowerBudget(
    supply,
    poolDrafts.map((p) => ({ name: p.name, index: p.index, tier: p.spec.tier, itKW: p.itKW, facilityMW: facilityKW(p.itKW, p.zone) / 1000 })),
    fleets.map((f) => ({ name: f.name, curtailable: f.curtailable, running: f.running, itKW: f.itKW, hashrateTHs: f.hashrateTHs, efficiencyJTH: f.model.efficiencyJTH, facilityMW: facilityKW(f.itKW, f.zone) / 1000 })),
    d,
  );
  const networks = resolveNetworks(spec, poolDrafts, d);
  const { tenants, owners } = resolveTenants(s.tenants, poolDrafts, s.gpuPools.map((p) => p.name), d, [s.provisioning.metal3Namespace, s.provisioning.tinkerbellNamespace]);
  const pools: ResolvedPool[] = poolDrafts.map((p) => ({
    ...buildPool(spec.metadata.name, p, owners.get(p.name), networks, tenants),
    facilityKW: round(facilityKW(p.itKW, p.zone), 3),
  }));
  const conversion = resolveConversion(fleets, pools, power.curtailedWorstCase);
  const inventory: ResolvedInventory = options.inventory
    ? bindInventory(options.inventory, pools, d)
    : { ...(s.inventory ? { file: s.inventory.file } : {}), hosts: [], pending: pools.flatMap((p) => p.nodes.map((n) => n.name)) };

  // Tinkerbell's Hardware carries each host's DHCP lease: it needs the provisioning network's addresses.
  if (s.provisioning.backends.includes('tinkerbell') && !s.networks.provisioning) {
    const i = s.provisioning.backends.indexOf('tinkerbell');
    d.error('rackshift:provisioning/network', ['spec', 'provisioning', 'backends', i], 'the tinkerbell backend needs spec.networks.provisioning (each Hardware leases its host a provisioning address)');
  }
  const gitops = s.gitops ? resolveGitOps(s.gitops, spec.metadata.name, d) : undefined;
  const dispatch = resolveDispatch({ spec: s.dispatch, economics: s.economics, power: power.budget, zones: cooling.zones, fleets, pools, tenants }, d);

  if (d.errors.length > 0) throw new SiteError(d.all);

  const acknowledged = new Set(s.warningsAcknowledged);
  const resolved: ResolvedSite = {
    apiVersion: 'rackshift.dev/v1alpha1',
    name: spec.metadata.name,
    ...(spec.metadata.region ? { region: spec.metadata.region } : {}),
    ...(spec.metadata.description ? { description: spec.metadata.description } : {}),
    sourceFile: options.file ?? '',
    power: power.budget,
    zones: cooling.zones,
    fleets,
    pools,
    tenants,
    networks,
    conversion,
    inventory,
    // Fixed order, whatever order the site lists them in: output never depends on it.
    provisioning: resolveProvisioning(s, networks),
    ...(s.cohort ? { cohort: { name: s.cohort.name ?? `${spec.metadata.name}-gpus` } } : {}),
    ...(gitops ? { gitops } : {}),
    clusters: resolveClusters(spec.metadata.name, s.clusters, pools, tenants),
    economics: s.economics ?? {},
    offers: s.offers,
    dispatch,
    totals: {
      gpus: sum(pools.map((p) => p.gpuCount)),
      nodes: sum(pools.map((p) => p.nodeCount)),
      racks: sum(cooling.zones.map((z) => z.racksUsed)),
      miners: sum(fleets.map((f) => f.running)),
      hashrateTHs: round(sum(fleets.map((f) => f.hashrateTHs)), 1),
    },
    warnings: d.warnings.filter((w) => !acknowledged.has(w.rule)),
  };
  return deepFreeze(resolved);
}
