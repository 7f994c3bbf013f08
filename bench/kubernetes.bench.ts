/**
 * The Kubernetes emitters on generated 5k- and 20k-node sites, each beside its baseline:
 *   emit target=manifests …   vs  baseline target=yaml-stringify … (plain `yaml` stringify of the same objects)
 *   emit target=terraform …   vs  baseline target=cdktn-synth …    (cdktn's own synth of the same resources)
 * Goals: manifests within 2× of the yaml baseline; Terraform no slower than the cdktn one.
 * Each timing is the best of 5 runs, emitter and baseline alternating, after a warm-up
 * (module loading and JIT not charged).
 */
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { resolveSite } from '../constructs/resolve';
import { SiteFileSpec } from '../constructs/site-spec';
import type { ResolvedSite } from '../constructs/resolved-site';
import { renderManifests } from '../stacks/kubernetes/manifests';
import { kubernetesObjects } from '../stacks/kubernetes/objects';
import { renderTerraform, renderTerraformWithCdktn } from '../stacks/terraform/target';
import { generateSite } from './generate';

const SIZES = [
  { nodes: 5_000, miners: 25_000 },
  { nodes: 20_000, miners: 100_000 },
];
const RUNS = 5;

/** Best time of each of two functions, run alternately so machine noise hits both alike. */
function bestOfPair(emit: () => unknown, baseline: () => unknown): [number, number] {
  const best = [Infinity, Infinity] as [number, number];
  for (let i = 0; i < RUNS; i++) {
    [emit, baseline].forEach((f, j) => {
      const start = performance.now();
      f();
      best[j] = Math.min(best[j]!, performance.now() - start);
    });
  }
  return best;
}

const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const line = (kind: string, target: string, nodes: number, what: string, count: number, ms: number) =>
  process.stdout.write(`${kind} target=${target} nodes=${nodes} ${what}=${count} ms=${Math.round(ms)} rss_mb=${rssMB()}\n`);

function site(nodes: number, miners: number): ResolvedSite {
  return resolveSite(SiteFileSpec.parse(generateSite({ nodes, miners })));
}

export default async function kubernetesBench(): Promise<void> {
  const warm = site(100, 500);
  renderManifests(warm);
  renderTerraform(warm);
  renderTerraformWithCdktn(warm);
  for (const { nodes, miners } of SIZES) {
    const s = site(nodes, miners);
    const objects = kubernetesObjects(s);
    const n = s.totals.nodes;
    const [manifests, yaml] = bestOfPair(
      () => renderManifests(s),
      () => objects.map((o) => stringify(o)).join('---\n'),
    );
    line('emit', 'manifests', n, 'objects', objects.length, manifests);
    line('baseline', 'yaml-stringify', n, 'objects', objects.length, yaml);
    const [terraform, cdktn] = bestOfPair(
      () => renderTerraform(s),
      () => renderTerraformWithCdktn(s, objects),
    );
    line('emit', 'terraform', n, 'objects', objects.length, terraform);
    line('baseline', 'cdktn-synth', n, 'resources', objects.length, cdktn);
    process.stdout.write(`goal nodes=${n} manifests/yaml=${(manifests / yaml).toFixed(2)} (≤ 2) terraform/cdktn=${(terraform / cdktn).toFixed(2)} (≤ 1)\n`);
  }
}
