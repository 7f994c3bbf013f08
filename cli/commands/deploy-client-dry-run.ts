/**
 * `deploy --dry-run=client`: what deploy would send to which cluster, and how it differs from
 * the output folder of the last synth or deploy, without contacting any API server and
 * without writing anything. What the cluster itself holds is not known here: a server-side
 * dry run (`--dry-run`, `--dry-run=server`) asks it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planClusters } from '../../deploy/cluster-units';
import { readSiteObjects } from '../../deploy/manifests';
import type { OutStream } from '../../deploy/progress';
import { buildPlan } from '../../plan/build-plan';
import { isOutputFolder, readOutputTree, type OutputTree } from '../../plan/output-tree';
import { writeOutput, type SiteOutput } from '../../synth/synthesize';

export async function clientDryRun(out: string, sites: readonly SiteOutput[], stdout: OutStream): Promise<void> {
  // Rendered exactly as deploy renders them, into a private folder that is removed after.
  const tmp = await mkdtemp(join(tmpdir(), 'rackshift-dry-run-'));
  try {
    const rendered = join(tmp, 'out');
    await writeOutput(rendered, sites);
    const bySite = [];
    for (const s of sites) bySite.push({ site: s.site.name, clusters: s.site.clusters, objects: await readSiteObjects(rendered, s.site.name) });
    stdout.write('dry run (client): no API server was contacted and nothing was written\n');
    for (const target of planClusters(bySite)) {
      stdout.write(`would deploy to ${target.context ? `context ${target.context}` : 'the --context given (else the current context)'} for ${target.uses.join(', ')}\n`);
      for (const unit of target.units) stdout.write(`  ${unit.owner}: ${unit.objects.length} object${unit.objects.length === 1 ? '' : 's'} (${kinds(unit.objects.map((o) => o.object.kind))})\n`);
    }
    const previous: OutputTree = (await isOutputFolder(out)) ? await readOutputTree(out) : new Map();
    const plan = buildPlan(previous, await readOutputTree(rendered), { base: out, head: 'this synth' });
    stdout.write(`against ${out} (the last synth or deploy output, not the cluster): ${counts(plan.counts)}\n`);
    for (const s of plan.sites) stdout.write(`  ${s.name}: ${s.status}, ${counts(s.counts)}\n`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function counts(c: { add: number; change: number; destroy: number; unchanged: number }): string {
  return `+${c.add} to add, ~${c.change} to change, -${c.destroy} to destroy, ${c.unchanged} unchanged`;
}

/** `12 ResourceQuota, 3 Namespace`: most first, then by name. */
function kinds(list: readonly string[]): string {
  const n = new Map<string, number>();
  for (const k of list) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, c]) => `${c} ${k}`).join(', ');
}
