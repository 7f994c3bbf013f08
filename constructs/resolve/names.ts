/** Names: uniqueness of what a site lists, and the stable names of nodes and racks. */
import type { Diagnostics } from '../diagnostics';
import type { SiteSpec } from '../site-spec';

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

export function checkUniqueNames(d: Diagnostics, s: SiteSpec['spec']): void {
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

/** `h100-a-0007`: stable, never renumbered (indices of retired nodes are not reused). */
export function nodeName(pool: string, index: number): string {
  return `${pool}-${String(index).padStart(4, '0')}`;
}

export function rackName(pool: string, rack: number): string {
  return `${pool}-r${String(rack).padStart(3, '0')}`;
}
