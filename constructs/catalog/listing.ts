/**
 * The catalog as rows for `rackshift catalog`: every id with its figures and source. Figures
 * that are rackshift's own planning choices (no source) are named as such.
 */
import { ASIC_MODELS } from './asics';
import { GPU_MODELS } from './gpus';
import { GPU_SYSTEMS } from './systems';

export const CATALOG_KINDS = ['asic', 'system', 'gpu'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export interface CatalogRow {
  readonly kind: CatalogKind;
  readonly id: string;
  readonly name: string;
  /** Figure name (with its unit) to value. */
  readonly figures: Readonly<Record<string, number | string>>;
  /** Figures that are rackshift planning figures, not sourced. */
  readonly planningFigures: readonly string[];
  readonly source: string;
}

const sorted = <T extends { id: string }>(xs: Record<string, T>) => Object.values(xs).sort((a, b) => a.id.localeCompare(b.id));

export function catalogRows(kind?: CatalogKind): CatalogRow[] {
  const rows: CatalogRow[] = [];
  if (!kind || kind === 'asic') {
    for (const a of sorted(ASIC_MODELS)) {
      rows.push({
        kind: 'asic',
        id: a.id,
        name: a.displayName,
        figures: { hashrateTHs: a.hashrateTHs, wallW: a.wallW, efficiencyJTH: a.efficiencyJTH, cooling: a.cooling, unitsPerRack: a.unitsPerRack },
        planningFigures: ['unitsPerRack'],
        source: a.source,
      });
    }
  }
  if (!kind || kind === 'system') {
    for (const s of sorted(GPU_SYSTEMS)) {
      rows.push({
        kind: 'system',
        id: s.id,
        name: s.displayName,
        figures: {
          gpu: s.gpu,
          gpusPerNode: s.gpusPerNode,
          nodeMaxKW: s.nodeMaxKW,
          ...(s.rackScale ? { rackScaleNodesPerRack: s.rackScale.nodesPerRack, rackKW: s.rackScale.rackKW } : { recommendedNodesPerRack: s.recommendedNodesPerRack }),
          cooling: s.cooling,
          leadTimeWeeks: s.leadTimeWeeks,
        },
        planningFigures: ['leadTimeWeeks'],
        source: s.source,
      });
    }
  }
  if (!kind || kind === 'gpu') {
    for (const g of sorted(GPU_MODELS)) {
      rows.push({
        kind: 'gpu',
        id: g.id,
        name: g.displayName,
        figures: { tdpW: g.tdpW, memoryGB: g.memoryGB, resource: g.resourceName, migProfiles: g.migProfiles.length },
        planningFigures: [],
        source: g.source,
      });
    }
  }
  return rows;
}

/** Plain text: one line per id, `figure=value` pairs, planning figures marked, then the source. */
export function catalogText(rows: readonly CatalogRow[]): string {
  const width = Math.max(0, ...rows.map((r) => r.id.length));
  const lines: string[] = [];
  let kind: CatalogKind | undefined;
  for (const r of rows) {
    if (r.kind !== kind) {
      if (kind) lines.push('');
      lines.push(`${r.kind === 'asic' ? 'ASIC miners' : r.kind === 'system' ? 'GPU systems' : 'GPUs'} (spec.${r.kind === 'asic' ? 'mining.fleets[].model' : r.kind === 'system' ? 'gpuPools[].system' : 'catalog.systems[].gpu'}):`);
      kind = r.kind;
    }
    const figures = Object.entries(r.figures)
      .map(([k, v]) => `${k}=${v}${r.planningFigures.includes(k) ? ' (planning figure)' : ''}`)
      .join('  ');
    lines.push(`  ${r.id.padEnd(width)}  ${figures}  source: ${r.source}`);
  }
  return `${lines.join('\n')}\n`;
}
