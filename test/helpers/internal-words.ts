/**
 * Words that must never reach a customer: internal capex and the mining given up, rule ids,
 * catalog and site-file field names, internal documents, and the internal finance figures.
 */
export const INTERNAL_WORDS = [
  'capex',
  'given up',
  'rackshift:',
  'domain-facts',
  '§',
  'leadTimeWeeks',
  'nodeMaxKW',
  'recommendedNodesPerRack',
  'GpuSystem',
  'spec.economics',
  'hashprice',
  'mining revenue',
  'mining margin',
  'NPV',
  'IRR',
  'payback',
  'sensitivity',
  'retire',
  'curtail',
] as const;
