/**
 * summary.json: the budgets, counts, conversion, economics and warnings of a site, with stable keys.
 * `rackshift plan` diffs two of these; reviewers read them.
 */
import type { ResolvedSite } from '../constructs/resolved-site';
import { formatDiagnostic } from '../constructs/diagnostics';
import { redactText } from '../lib/redact';
import { stableJson } from '../lib/json';
import type { Target } from './target';

export const SUMMARY_FILE = 'summary.json';

export function siteSummary(site: ResolvedSite) {
  return {
    apiVersion: site.apiVersion,
    kind: 'SiteSummary',
    site: site.name,
    region: site.region,
    source: site.sourceFile,
    totals: site.totals,
    power: {
      continuousLoadFactor: site.power.continuousLoadFactor,
      totalNameplateMW: site.power.totalNameplateMW,
      totalUsableMW: site.power.totalUsableMW,
      aiItMW: site.power.aiItMW,
      aiFacilityMW: site.power.aiFacilityMW,
      miningItMW: site.power.miningItMW,
      miningFacilityMW: site.power.miningFacilityMW,
      firmMW: site.power.firmMW,
      totalLoadMW: site.power.totalLoadMW,
      normalHeadroomMW: site.power.normalHeadroomMW,
      feeds: site.power.feeds,
      groups: site.power.groups,
      tiers: site.power.tiers,
      worstCase: site.power.worstCase,
    },
    cooling: site.zones,
    mining: site.fleets.map((f) => ({
      name: f.name,
      model: f.model.id,
      zone: f.zone,
      curtailable: f.curtailable,
      installed: f.installed,
      retired: f.retired,
      running: f.running,
      racks: f.racks,
      itKW: f.itKW,
      hashrateTHs: f.hashrateTHs,
      efficiencyJTH: f.model.efficiencyJTH,
    })),
    pools: site.pools.map((p) => ({
      name: p.name,
      system: p.system.id,
      gpu: p.gpu.id,
      zone: p.zone,
      tier: p.tier,
      nodes: p.nodeCount,
      gpus: p.gpuCount,
      unallocatedGpus: p.unallocatedGpus,
      nodesPerRack: p.nodesPerRack,
      racks: p.racks,
      nodeKW: p.nodeKW,
      rackKW: p.rackKW,
      itKW: p.itKW,
      powerCapKW: p.powerCapKW,
      addressBlock: p.addressBlock,
      gpuResource: p.gpuResource,
    })),
    tenants: site.tenants.map((t) => ({
      name: t.name,
      pool: t.pool,
      gpus: t.gpus,
      isolation: t.isolation,
      dedicatedNodes: t.dedicatedNodes,
      quota: { gpus: t.quotaGpus, gpuResource: t.quotaGpuResource, gpuUnits: t.quotaGpuUnits, cpu: t.quotaCpu, memoryGiB: t.quotaMemoryGiB },
      priority: t.priority,
    })),
    networks: site.networks,
    conversion: site.conversion,
    economics: site.finance,
    inventory: {
      file: site.inventory.file,
      hosts: site.inventory.hosts.length,
      pendingNodes: site.inventory.pending.length,
    },
    warnings: site.warnings.map((w) => ({ rule: w.rule, path: w.path, message: w.message, text: formatDiagnostic(w) })),
  };
}

export const summaryTarget: Target = {
  name: 'summary',
  // Redacted whole: summary.json is what dashboards and PR bots read.
  render: (site) => [{ path: SUMMARY_FILE, content: redactText(stableJson(siteSummary(site))) }],
};
