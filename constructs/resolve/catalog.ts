/** The catalog a site resolves against: the built-in one plus the site's own models. */
import { ASIC_MODELS, GPU_MODELS, GPU_SYSTEMS, type AsicModel, type GpuSystem } from '../catalog';
import type { Diagnostics } from '../diagnostics';
import type { SiteSpec } from '../site-spec';
import { round } from './math';
import { didYouMean } from '../../lib/suggest';

export interface SiteCatalog {
  asic(id: string): AsicModel | undefined;
  system(id: string): GpuSystem | undefined;
  asicIds(): string[];
  systemIds(): string[];
}

/** The built-in catalog plus the site's own extensions (sizing looks systems up here too). */
export function mergeCatalog(spec: SiteSpec, d: Diagnostics): SiteCatalog {
  // Maps, not records: an id such as `constructor` or `__proto__` must never reach Object's own keys.
  const asics = new Map<string, AsicModel>(Object.entries(ASIC_MODELS));
  const systems = new Map<string, GpuSystem>(Object.entries(GPU_SYSTEMS));
  const ext = spec.spec.catalog;
  ext?.asics.forEach((a, i) => {
    if (Object.hasOwn(ASIC_MODELS, a.id)) d.warn('rackshift:catalog/override', ['spec', 'catalog', 'asics', i, 'id'], `overrides the built-in miner model ${a.id}`);
    asics.set(a.id, {
      id: a.id,
      vendor: a.vendor,
      displayName: `${a.vendor} ${a.id}`,
      hashrateTHs: a.hashrateTHs,
      wallW: a.wallW,
      efficiencyJTH: round(a.wallW / a.hashrateTHs, 2),
      cooling: a.cooling,
      unitsPerRack: a.unitsPerRack,
      source: a.source,
    });
  });
  ext?.systems.forEach((x, i) => {
    if (Object.hasOwn(GPU_SYSTEMS, x.id)) d.warn('rackshift:catalog/override', ['spec', 'catalog', 'systems', i, 'id'], `overrides the built-in GPU system ${x.id}`);
    if (!Object.hasOwn(GPU_MODELS, x.gpu)) d.error('rackshift:catalog/unknown-gpu', ['spec', 'catalog', 'systems', i, 'gpu'], `unknown GPU "${x.gpu}" (catalog: ${Object.keys(GPU_MODELS).join(', ')})${didYouMean(x.gpu, Object.keys(GPU_MODELS))}`);
    systems.set(x.id, {
      id: x.id,
      vendor: x.vendor,
      displayName: `${x.vendor} ${x.id}`,
      gpu: x.gpu,
      gpusPerNode: x.gpusPerNode,
      nodeMaxKW: x.nodeMaxKW,
      ...(x.rackUnits !== undefined ? { rackUnits: x.rackUnits } : {}),
      recommendedNodesPerRack: x.recommendedNodesPerRack,
      cooling: x.cooling,
      cpuArch: x.cpuArch,
      cpuCores: x.cpuCores,
      cpuThreads: x.cpuThreads ?? x.cpuCores,
      memoryGiB: x.memoryGiB,
      fabricNics: 8,
      fabricGbps: 400,
      bmcDriver: x.bmcDriver,
      leadTimeWeeks: x.leadTimeWeeks,
      source: x.source,
    });
  });
  return {
    asic: (id: string) => asics.get(id),
    system: (id: string) => systems.get(id),
    asicIds: () => [...asics.keys()].sort(),
    systemIds: () => [...systems.keys()].sort(),
  };
}
