/** The fleet step on resolved sites: the shared GPU Operator view, and contradictions in it. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../constructs/diagnostics';
import { resolveFleet } from '../constructs/fleet';
import type { ResolvedSite } from '../constructs/resolved-site';
import { gpuOperatorObjects } from '../stacks/kubernetes/gpu-operator';
import { mutate, resolveText } from './helpers/fixture';

/** The small fixture as site `name`, its tenants renamed `<tenant>-<name>` so two copies may share a cluster. */
const site = (name: string, extra: readonly (readonly [string, string])[] = []): ResolvedSite =>
  resolveText(
    mutate([['name: small-1', `name: ${name}`], ...['acme', 'bravo', 'nova', 'lumen'].map((t) => [`{ name: ${t},`, `{ name: ${t}-${name},`] as const), ...extra]),
    `sites/${name}.yaml`,
  );

describe('resolveFleet', () => {
  it('gives every site of a workload cluster the same view: all its sites, every pool\'s device-plugin config', () => {
    const a = site('alpha');
    const b = site('bravo', [['- { name: h100-a, system: dgx-h100, nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N }', '- { name: h100-a, system: dgx-h100, nodes: 320, nodesPerRack: 4, zone: hall-rd, tier: 2N, mig: { strategy: single, profile: 1g.10gb } }']]);
    const r = resolveFleet([{ site: b, file: 'sites/bravo.yaml' }, { site: a, file: 'sites/alpha.yaml' }]);
    expect(r.diagnostics).toEqual([]);
    for (const s of r.sites) {
      expect(s.clusters.workload.sites).toEqual(['alpha', 'bravo']);
      expect(s.clusters.workload.gpuOperator.flatMap((p) => p.configs).map((c) => `${c.site}/${c.pool}: ${c.key} ${c.strategy}`)).toEqual(['bravo/h100-a: mig-single single']);
    }
    // Different workload clusters: each alone.
    const apart = resolveFleet([{ site: a, file: 'a' }, { site: b, file: 'b' }], {});
    expect(apart.sites[0]!.clusters.workload.sites).toEqual(['alpha', 'bravo']);
    const split = resolveFleet([{ site: { ...a, clusters: { ...a.clusters, workload: { ...a.clusters.workload, context: 'one' } } }, file: 'a' }, { site: b, file: 'b' }]);
    expect(split.sites.map((s) => s.clusters.workload.sites)).toEqual([['alpha'], ['bravo']]);
  });

  it('the override puts every site into one cluster', () => {
    const a = site('alpha');
    const b = site('bravo');
    const named = (s: ResolvedSite, context: string): ResolvedSite => ({ ...s, clusters: { ...s.clusters, workload: { ...s.clusters.workload, context } } });
    const r = resolveFleet([{ site: named(a, 'x'), file: 'a' }, { site: named(b, 'y'), file: 'b' }], { workload: 'z' });
    expect(r.sites.map((s) => [s.clusters.workload.context, s.clusters.workload.sites])).toEqual([['z', ['alpha', 'bravo']], ['z', ['alpha', 'bravo']]]);
  });

  it('two strategies for one device-plugin config in one cluster are an error naming both pools and places', () => {
    const a = site('alpha');
    const b = site('bravo');
    // The renderer derives the key from the strategy, so only a hand-made view can disagree: the check still holds.
    const use = (s: ResolvedSite, strategy: 'single' | 'mixed'): ResolvedSite => ({
      ...s,
      clusters: { ...s.clusters, workload: { ...s.clusters.workload, gpuOperator: [{ site: s.name, configs: [{ key: 'mig-custom', strategy, site: s.name, pool: 'h100-a', path: 'spec.gpuPools[0].mig' }], taints: [], pools: 1, operatorDriver: true }] } },
    });
    const at = (line: number) => () => ({ line, column: 7 });
    const r = resolveFleet([{ site: use(a, 'single'), file: 'sites/alpha.yaml', locate: at(26) }, { site: use(b, 'mixed'), file: 'sites/bravo.yaml', locate: at(27) }]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'sites/bravo.yaml:27:7 spec.gpuPools[0].mig: pool h100-a asks for device-plugin config "mig-custom" with MIG strategy mixed, but pool h100-a of site alpha (sites/alpha.yaml:26:7) asks for the same config with single, and both sites deploy into the cluster of the deploy context, which has one GPU Operator configuration',
    ]);
  });

  it("the shared ClusterPolicy runs the operator's driver when any pool of any site in the cluster wants it", () => {
    const a = site('alpha');
    const withParts = (parts: { operatorDriver: boolean }[]): ResolvedSite => ({
      ...a,
      clusters: { ...a.clusters, workload: { ...a.clusters.workload, gpuOperator: parts.map((p, i) => ({ site: `s${i}`, configs: [], taints: [], pools: 1, operatorDriver: p.operatorDriver })) } },
    });
    const driver = (s: ResolvedSite) => (gpuOperatorObjects(s).find((o) => o.kind === 'ClusterPolicy')!.spec as { driver: { enabled: boolean } }).driver.enabled;
    expect(driver(withParts([{ operatorDriver: false }, { operatorDriver: true }]))).toBe(true);
    expect(driver(withParts([{ operatorDriver: false }, { operatorDriver: false }]))).toBe(false);
  });
});
