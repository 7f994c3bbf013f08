/**
 * One pass for schema and semantic errors: when a site file breaks the schema, the parts
 * that broke are set aside (an unknown key is dropped; an item of a list with a bad field is
 * left out) and the rest is resolved, so its semantic errors are reported with the schema's.
 * A semantic check that depends on what was set aside is not reported (a tenant on a pool
 * that was left out, the power budget when a feed was); neither is anything when the broken
 * field is outside the lists (metadata, spec.power.continuousLoadFactor…).
 */
import type { z } from 'zod';
import { Diagnostics, formatPath, type Diagnostic, type Locator } from './diagnostics';
import { evaluateSite } from './resolve';
import { closest } from '../lib/suggest';
import { keysAt } from './schema-keys';
import { SiteFileSpec, type SiteSpec } from './site-spec';

type Path = readonly (string | number)[];

/** Lists whose items can be left out, by their path under the document root. */
const LISTS: readonly Path[] = [
  ['spec', 'power', 'feeds'],
  ['spec', 'cooling', 'zones'],
  ['spec', 'mining', 'fleets'],
  ['spec', 'gpuPools'],
  ['spec', 'tenants'],
  ['spec', 'offers'],
  ['spec', 'catalog', 'asics'],
  ['spec', 'catalog', 'systems'],
];

interface LeftOut {
  readonly list: string;
  readonly name?: string;
}

export interface Salvage {
  readonly spec: SiteSpec;
  /** Maps a path in the salvaged spec back to the file's (indices of lists with items left out). */
  readonly mapBack: (path: Path) => Path;
  readonly leftOut: readonly LeftOut[];
}

const startsWith = (path: Path, prefix: Path) => prefix.every((p, i) => path[i] === p);

function at(data: unknown, path: Path): unknown {
  let here = data;
  for (const p of path) here = here !== null && typeof here === 'object' ? (here as Record<string | number, unknown>)[p] : undefined;
  return here;
}

/** The site data with the broken parts set aside, or undefined when a broken field is outside every list. */
export function salvage(data: unknown, issues: readonly z.core.$ZodIssue[]): Salvage | undefined {
  const copy = structuredClone(data) as Record<string, unknown>;
  const drop = new Map<string, Set<number>>(); // list path -> indices left out
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      // A key that is nobody's typo is dropped. One that looks like a known field misspelt
      // (maxRackKw) meant that field: what depends on it is set aside like a bad value.
      const known = keysAt(SiteFileSpec, path);
      if (!issue.keys.some((k) => closest(k, known) !== undefined)) {
        const parent = at(copy, path);
        if (parent && typeof parent === 'object') for (const k of issue.keys) delete (parent as Record<string, unknown>)[k];
        continue;
      }
    }
    const list = LISTS.find((l) => startsWith(path, l) && typeof path[l.length] === 'number');
    if (list) {
      const key = list.join('.');
      if (!drop.has(key)) drop.set(key, new Set());
      drop.get(key)!.add(path[list.length] as number);
    } else if (startsWith(path, ['spec', 'networks']) && typeof path[2] === 'string' && path.length > 2) {
      const nets = at(copy, ['spec', 'networks']) as Record<string, unknown>;
      delete nets[path[2]];
      drop.set(`spec.networks.${path[2]}`, new Set());
    } else {
      return undefined;
    }
  }
  const leftOut: LeftOut[] = [];
  const kept = new Map<string, number[]>(); // list path -> original index of each kept item
  for (const [key, indices] of drop) {
    const list = at(copy, key.split('.'));
    if (!Array.isArray(list)) {
      leftOut.push({ list: key });
      continue;
    }
    const originals: number[] = [];
    const items = list.filter((item, i) => {
      if (indices.has(i)) {
        const name = (item as { name?: unknown } | null)?.name;
        leftOut.push({ list: key, ...(typeof name === 'string' ? { name } : {}) });
        return false;
      }
      originals.push(i);
      return true;
    });
    const parts = key.split('.');
    (at(copy, parts.slice(0, -1)) as Record<string, unknown>)[parts.at(-1)!] = items;
    kept.set(key, originals);
  }
  const again = SiteFileSpec.safeParse(copy);
  if (!again.success) return undefined;
  const mapBack = (path: Path): Path => {
    for (const [key, originals] of kept) {
      const list = key.split('.');
      if (startsWith(path, list) && typeof path[list.length] === 'number') {
        const out = [...path];
        out[list.length] = originals[path[list.length] as number] ?? (path[list.length] as number);
        return out;
      }
    }
    return path;
  };
  return { spec: again.data, mapBack, leftOut };
}

/** Semantic errors of the salvaged site, placed in the file, without those that depend on what was left out. */
export function salvagedErrors(s: Salvage, file: string, locate: Locator): Diagnostic[] {
  const d = new Diagnostics(file, (p) => locate(s.mapBack(p)), (p) => formatPath(s.mapBack(p)));
  evaluateSite(s.spec, { diagnostics: d });
  const names = (list: string) => new Set(s.leftOut.filter((l) => l.list === list).map((l) => l.name));
  const zones = names('spec.cooling.zones');
  const pools = names('spec.gpuPools');
  const lost = (prefix: string) => s.leftOut.some((l) => l.list.startsWith(prefix));
  return d.errors.filter((e) => {
    if (e.rule.startsWith('rackshift:power/') && lost('spec.power.feeds')) return false;
    if (e.rule === 'rackshift:ref/zone' && zones.has(e.facts?.zone)) return false;
    if (e.rule === 'rackshift:ref/pool' && pools.has(e.facts?.pool)) return false;
    if (e.rule.startsWith('rackshift:catalog/unknown-') && lost('spec.catalog')) return false;
    if ((e.rule.startsWith('rackshift:network/') || e.rule === 'rackshift:provisioning/network') && lost('spec.networks')) return false;
    return true;
  });
}
