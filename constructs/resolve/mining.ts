/** Mining fleets: what runs after retirements, its racks, power and hashrate. */
import type { Diagnostics } from '../diagnostics';
import type { ResolvedFleet } from '../resolved-site';
import type { SiteSpec } from '../site-spec';
import type { SiteCatalog } from './catalog';
import { checkZoneFit, type ZoneIndex } from './cooling';
import { round } from './math';

/** What `units` miners of a model draw and hash: kW at the wall and TH/s. */
export function fleetLoad(model: { readonly wallW: number; readonly hashrateTHs: number }, units: number): { readonly itKW: number; readonly hashrateTHs: number } {
  return { itKW: round((units * model.wallW) / 1000), hashrateTHs: round(units * model.hashrateTHs) };
}

export function resolveFleets(specs: SiteSpec['spec']['mining']['fleets'], catalog: SiteCatalog, zones: ZoneIndex, d: Diagnostics): ResolvedFleet[] {
  const fleets: ResolvedFleet[] = [];
  specs.forEach((f, i) => {
    const path = ['spec', 'mining', 'fleets', i];
    const model = catalog.asic(f.model);
    if (!model) {
      d.error('rackshift:catalog/unknown-asic', [...path, 'model'], `unknown miner model "${f.model}" (catalog: ${catalog.asicIds().join(', ')}; add it under spec.catalog.asics)`);
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
      ...fleetLoad(model, running),
      retiredKW: fleetLoad(model, retired).itKW,
      retiredTHs: fleetLoad(model, retired).hashrateTHs,
    });
  });
  return fleets;
}
