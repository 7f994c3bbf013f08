/** Mining fleets: what runs after retirements, its racks, power and hashrate. */
import type { AsicModel } from '../catalog';
import type { Diagnostics } from '../diagnostics';
import type { ResolvedFleet } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import type { SiteCatalog } from './catalog';
import { checkZoneFit, type ZoneIndex } from './cooling';
import { round } from './math';
import { didYouMean } from '../../lib/suggest';

export function resolveFleets(specs: SiteSpec['spec']['mining']['fleets'], catalog: SiteCatalog, zones: ZoneIndex, d: Diagnostics): ResolvedFleet[] {
  const fleets: ResolvedFleet[] = [];
  specs.forEach((f, i) => {
    const path = ['spec', 'mining', 'fleets', i];
    const model = catalog.asic(f.model);
    if (!model) {
      d.error('rackshift:catalog/unknown-asic', [...path, 'model'], `unknown miner model "${f.model}" (catalog: ${catalog.asicIds().join(', ')}; add it under spec.catalog.asics)${didYouMean(f.model, catalog.asicIds())}`);
      return;
    }
    checkZoneFit(zones, f.zone, model.cooling, model.displayName, path, d);
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
      ...minerFigures(model, running),
      ...renameRetired(minerFigures(model, retired)),
    });
  });
  return fleets;
}

/** What `units` miners of a model draw at the wall (kW) and hash (TH/s). */
export function minerFigures(model: Pick<AsicModel, 'wallW' | 'hashrateTHs'>, units: number): { itKW: number; hashrateTHs: number } {
  return { itKW: round((units * model.wallW) / 1000), hashrateTHs: round(units * model.hashrateTHs) };
}

const renameRetired = (f: { itKW: number; hashrateTHs: number }) => ({ retiredKW: f.itKW, retiredTHs: f.hashrateTHs });
