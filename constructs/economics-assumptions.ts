/**
 * Economics inputs resolved from layers (command line, offer, site file: first wins) or else
 * the sourced defaults, each recorded as an Assumption that says where its value came from.
 * Offers and the site summary both resolve through here, so a site's hashprice, power price
 * and revenue model mean the same thing in an offer and in a plan.
 */
import { ECONOMICS_DEFAULTS, GPU_HOUR_DEFAULTS } from './economics-defaults';
import type { EconomicsSpecT, RevenueModel } from './site-spec';

export interface Assumption {
  readonly key: string;
  readonly label: string;
  readonly value: number | string;
  readonly unit: string;
  readonly source: string;
  /** What a customer may read about the figure: a public source with its date, or "planning figure". */
  readonly publicSource?: string;
}

/** What a customer reads beside a figure given for this offer (command line, offer, site file). */
export const QUOTED = 'quoted for this offer';

/** A layer of economics inputs and what it is called in an assumption's source. */
export type EconomicsLayer = { readonly from: string; readonly values: EconomicsSpecT };

/** A feed's energy price, for the default power price. */
export interface FeedPrice {
  readonly name: string;
  readonly usableMW: number;
  readonly pricePerMWh?: number;
}

/** The site file's layer, named the same way everywhere. */
export const SITE_FILE_LAYER = 'site file (spec.economics)';

export function pickLayer<K extends keyof EconomicsSpecT>(layers: readonly EconomicsLayer[], key: K): { value: NonNullable<EconomicsSpecT[K]>; from: string } | undefined {
  for (const layer of layers) {
    const v = layer.values[key];
    if (v !== undefined) return { value: v as NonNullable<EconomicsSpecT[K]>, from: layer.from };
  }
  return undefined;
}

/** A numeric input: the first layer that gives it, else its sourced default. */
export function numberAssumption(layers: readonly EconomicsLayer[], key: keyof typeof ECONOMICS_DEFAULTS, label: string, unit: string): Assumption {
  const given = pickLayer(layers, key);
  const d = ECONOMICS_DEFAULTS[key];
  return given ? { key, label, value: given.value as number, unit, source: given.from, publicSource: QUOTED } : { key, label, value: d.value, unit, source: d.source, publicSource: d.publicSource };
}

/** $/MWh: given, else the usable-MW-weighted average of the feeds' own prices, else the default. */
export function powerPriceAssumption(layers: readonly EconomicsLayer[], feeds: readonly FeedPrice[]): Assumption {
  const given = pickLayer(layers, 'powerPricePerMWh');
  if (given) return { key: 'powerPricePerMWh', label: 'Power price', value: given.value, unit: 'USD/MWh', source: given.from, publicSource: QUOTED };
  const priced = feeds.filter((f) => f.pricePerMWh !== undefined);
  if (priced.length > 0) {
    const mwSum = priced.reduce((a, f) => a + f.usableMW, 0);
    const value = Number((priced.reduce((a, f) => a + f.usableMW * f.pricePerMWh!, 0) / mwSum).toFixed(2));
    return { key: 'powerPricePerMWh', label: 'Power price', value, unit: 'USD/MWh', source: `site feeds (${priced.map((f) => `${f.name} $${f.pricePerMWh}`).join(', ')}), weighted by usable MW`, publicSource: QUOTED };
  }
  return numberAssumption(layers, 'powerPricePerMWh', 'Power price', 'USD/MWh');
}

/** Colocation unless a model is given, or only a GPU-hour price is. */
export function revenueModelAssumption(layers: readonly EconomicsLayer[]): Assumption & { readonly value: RevenueModel } {
  const given = pickLayer(layers, 'revenueModel');
  const model: RevenueModel = given?.value ?? ((pickLayer(layers, 'gpuHourPrice') || pickLayer(layers, 'gpuHourPrices')) && !pickLayer(layers, 'colocationPerKWMonth') ? 'gpu-hour' : 'colocation');
  return {
    key: 'revenueModel',
    label: 'AI revenue model',
    value: model,
    unit: '',
    source: given ? given.from : model === 'gpu-hour' ? 'default: only a GPU-hour price is given' : 'default: colocation, the lease model of every miner-to-HPC deal in domain-facts §5.3',
    publicSource: model === 'colocation' ? 'public miner-to-HPC deals 2024–2026 are colocation leases' : QUOTED,
  };
}

/**
 * $/GPU-hour for a system: a price given for the system (gpuHourPrices), else one given for
 * every system (gpuHourPrice), else the default for its GPU model; undefined when none exists.
 */
export function gpuHourPriceAssumption(layers: readonly EconomicsLayer[], systemId: string, gpuModel: string): Assumption & { readonly value: number } | undefined {
  const key = `gpuHourPrice.${systemId}`;
  const label = `GPU-hour price (${systemId})`;
  for (const layer of layers) {
    const own = layer.values.gpuHourPrices?.[systemId];
    if (own !== undefined) return { key, label, value: own, unit: 'USD/GPU-hour', source: `${layer.from}, gpuHourPrices`, publicSource: QUOTED };
    if (layer.values.gpuHourPrice !== undefined) return { key, label, value: layer.values.gpuHourPrice, unit: 'USD/GPU-hour', source: layer.from, publicSource: QUOTED };
  }
  const fallback = GPU_HOUR_DEFAULTS[gpuModel];
  return fallback ? { key, label, value: fallback.price, unit: 'USD/GPU-hour', source: fallback.source, publicSource: fallback.publicSource } : undefined;
}
