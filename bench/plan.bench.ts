/**
 * `rackshift plan` on a 20,000-node site: read both synthesized outputs, diff them, render the
 * comment (cut to GitHub's limit), the full Markdown and the JSON. Synthesis is not timed.
 * The change grows a pool by 32 nodes, halves one tenant and removes another (about 1,600
 * objects change). Prints `plan nodes=N changed=K ms=T rss_mb=R`. Goal: under 2 s.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatDiagnostic } from '../constructs/diagnostics';
import { synthesize, writeOutput } from '../cli/synthesize';
import { buildPlan } from '../plan/build-plan';
import { fitComment } from '../plan/fit-comment';
import { planBlocks, renderMarkdown } from '../plan/markdown';
import { loadSide } from '../plan/plan-side';
import { stableJson } from '../stacks/json';
import { fixtureTargets } from '../test/plan/fixture-targets';
import { largeSiteYaml } from './large-site';

const NODES = 20_000;

async function synthTo(dir: string, name: string, text: string): Promise<string> {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, 'big-1.yaml'), text);
  // Real targets plus stand-in Kubernetes/bare-metal objects (one BareMetalHost per node).
  const result = await synthesize([join(dir, name)], fixtureTargets());
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  await writeOutput(join(dir, `${name}-out`), result.sites);
  return join(dir, `${name}-out`);
}

export default async function planBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-plan-'));
  try {
    const base = largeSiteYaml(NODES);
    const head = base
      .replace('nodes: 1568', 'nodes: 1600')
      .replace('name: tenant-02\n      pool: h100-02\n      gpus: 8192', 'name: tenant-02\n      pool: h100-02\n      gpus: 4096')
      .replace(/ {4}- name: tenant-03\n(?: {6}.*\n)+/, '');
    const baseOut = await synthTo(dir, 'base', base);
    const headOut = await synthTo(dir, 'head', head);
    const start = performance.now();
    const a = await loadSide(baseOut, { paths: [] });
    const b = await loadSide(headOut, { paths: [] });
    const plan = buildPlan(a.tree, b.tree, { base: a.label, head: b.label });
    const comment = fitComment(planBlocks(plan));
    const full = renderMarkdown(plan);
    const json = stableJson(plan);
    const ms = performance.now() - start;
    const changed = plan.counts.add + plan.counts.change + plan.counts.destroy;
    const rssMB = process.memoryUsage().rss / 2 ** 20;
    process.stdout.write(`plan nodes=${plan.sites[0]!.metrics.find((m) => m.key === 'nodes')!.new} changed=${changed} ms=${Math.round(ms)} rss_mb=${Math.round(rssMB)}\n`);
    process.stderr.write(`plan: comment ${comment.text.length} chars (${comment.cut} parts cut), full Markdown ${full.length}, JSON ${json.length}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
