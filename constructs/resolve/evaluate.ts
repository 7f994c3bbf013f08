/**
 * Evaluation: the resolver parts of this folder (one per domain) composed in a fixed order,
 * every rule adding its problems to one Diagnostics collection.
 */
import { Diagnostics, type Locator, type PathNamer } from '../diagnostics';
import { resolveClusters } from '../clusters';
import { resolveGitOps } from '../gitops';
import { bindInventory, type InventoryManifest } from '../inventory';
import type { ResolvedInventory, ResolvedPool, ResolvedSite } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import { mergeCatalog } from './catalog';
import { resolveConversion } from './conversion';
import { siteEconomics } from './economics';
import { resolveDispatch } from './dispatch';
import { indexZones, resolveZones } from './cooling';
import { round, sum } from './math';
import { resolveFleets } from './mining';
import { checkUniqueNames } from './names';
import { resolveNetworks } from './networks';
import { buildPool } from './nodes';
import { resolvePools } from './pools';
import { resolveProvisioning } from './provisioning';
import { resolveFeeds, resolvePowerBudget } from './power';
import { resolveTenants } from './tenants';

export interface ResolveOptions {
  /** Site file path, for messages and the resolved site's `sourceFile`. */
  readonly file?: string;
  /** Maps field paths to file positions. */
  readonly locate?: Locator;
  /** The delivery inventory as read from its file; matched to nodes here (see inventory.ts). */
  readonly inventory?: InventoryManifest;
  /** Problems found before resolving (inventory), reported together with the site's. */
  readonly diagnostics?: Diagnostics;
  /** How field paths are named in messages when `diagnostics` is not given (default `spec.gpuPools[1].zone`). */
  readonly namePath?: PathNamer;
}

/**
 * Every figure of the site and every problem in it, without throwing: the site is built even
 * when rules fail (figures of parts that did not resolve, such as a pool with an unknown
 * system, are left out). Sizing reads it to see what a hypothetical change would do
 * (what-if.ts); resolveSite refuses it when there are errors.
 */
export function evaluateSite(spec: SiteSpec, options: ResolveOptions = {}): { site: ResolvedSite; diagnostics: Diagnostics } {
  const d = options.diagnostics ?? new Diagnostics(options.file, options.locate, options.namePath);
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

  const acknowledged = new Set(s.warningsAcknowledged);
  const resolved: Omit<ResolvedSite, 'finance'> = {
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
  // Money from the resolved figures, once, here: renderers and plan read it, never work it out.
  return { site: { ...resolved, finance: siteEconomics(resolved) }, diagnostics: d };
}
