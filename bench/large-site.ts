/**
 * A large, valid site for the plan benchmark and size test: `nodes` DGX H100 nodes in pools of
 * 2,048 (one rear-door zone each, one dedicated tenant each), two 2N feed groups sized to carry
 * all firm load, and a retired-in-part S19 XP fleet. Replace with bench/generate.ts's
 * generateSite once it is in main.
 */
import { stringify } from 'yaml';

const POOL_NODES = 2048;
/** DGX H100 maximum power per node, kW (catalog dgx-h100). */
const NODE_KW = 10.2;
const PUE = 1.2;

export function largeSiteYaml(nodes: number, name = 'big-1'): string {
  const pools = Math.ceil(nodes / POOL_NODES);
  const poolSpecs = Array.from({ length: pools }, (_, i) => ({
    name: `h100-${String(i + 1).padStart(2, '0')}`,
    system: 'dgx-h100',
    nodes: Math.min(POOL_NODES, nodes - i * POOL_NODES),
    nodesPerRack: 4,
    zone: `hall-${String(i + 1).padStart(2, '0')}`,
    tier: '2N',
  }));
  const zones = poolSpecs.map((p) => ({ name: p.zone, type: 'rear-door', capacityKW: Math.ceil((p.nodes * NODE_KW * 1.1) / 100) * 100, maxRackKW: 45, pue: PUE, racks: Math.ceil(p.nodes / 4) + 100 }));
  zones.push({ name: 'mining-hall', type: 'air', capacityKW: 20_000, maxRackKW: 30, pue: 1.3, racks: 1000 } as (typeof zones)[number]);
  // Each group alone must carry all firm load (2N): firm facility MW / 0.8 derating, + 10 %.
  const firmMW = (nodes * NODE_KW * PUE) / 1000;
  const feedMW = Math.ceil(((firmMW / 0.8) * 1.1) / 2);
  const spec = {
    apiVersion: 'rackshift.dev/v1alpha1',
    kind: 'Site',
    metadata: { name, region: 'us-tx-ercot' },
    spec: {
      power: {
        continuousLoadFactor: 0.8,
        feeds: [
          { name: 'sub-a1', capacityMW: feedMW, group: 'a' },
          { name: 'sub-a2', capacityMW: feedMW, group: 'a' },
          { name: 'sub-b1', capacityMW: feedMW, group: 'b' },
          { name: 'sub-b2', capacityMW: feedMW, group: 'b' },
        ],
      },
      cooling: { zones },
      mining: { fleets: [{ name: 's19xp', model: 'antminer-s19-xp', count: 6000, retire: 1000, zone: 'mining-hall' }] },
      gpuPools: poolSpecs,
      tenants: poolSpecs.map((p, i) => ({ name: `tenant-${String(i + 1).padStart(2, '0')}`, pool: p.name, gpus: p.nodes * 4, isolation: 'dedicated', admins: [`tenant-${i + 1}-admins`] })),
      networks: {
        bmc: { cidr: '10.0.0.0/16', vlan: 40 },
        provisioning: { cidr: '10.1.0.0/16', vlan: 41 },
        node: { cidr: '10.2.0.0/16', vlan: 42 },
        dns: ['10.0.0.2'],
        domain: `${name}.example.net`,
      },
      cohort: {},
    },
  };
  return stringify(spec);
}
