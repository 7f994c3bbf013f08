/**
 * `rackshift plan` on the 20,000- and 100,000-node generated sites: read both synthesized
 * outputs, diff them, render the comment (cut to GitHub's limit), the full Markdown and the
 * JSON. Synthesis is not timed. The change (bench/plan-change.ts) removes a tenant, halves
 * another and retires 100 nodes of a DGX H100 pool. Prints `plan nodes=N changed=K ms=T
 * rss_mb=R`. Goals: 20k under 2 s, 100k under 4 s.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatDiagnostic } from '../constructs/diagnostics';
import { synthesizeInto } from '../synth/synthesize';
import { buildPlan } from '../plan/build-plan';
import { fitComment } from '../plan/fit-comment';
import { planBlocks, renderMarkdown } from '../plan/markdown';
import { loadSide } from '../plan/plan-side';
import { stableJson } from '../lib/json';
import { fixtureTargets } from '../test/plan/fixture-targets';
import { stringify } from 'yaml';
import { generateSite } from './generate';
import { planChange } from './plan-change';

/** Sizes, and the pool of each that retires nodes (the last DGX H100 pool generateSite makes). */
const SIZES = [
  { nodes: 20_000, pool: 'dgx-h100-7' },
  { nodes: 100_000, pool: 'dgx-h100-33' },
] as const;

async function synthTo(dir: string, name: string, nodes: number, text: string): Promise<string> {
  await mkdir(join(dir, name, 'sites'), { recursive: true });
  await writeFile(join(dir, name, 'sites', `bench-${nodes}.yaml`), text);
  // Every real target, plus a Node object per node (test/plan/fixture-targets.ts). From the
  // folder itself, so both sides name their site file `sites/bench-N.yaml`. Streamed to disk.
  const result = await synthesizeInto(join(dir, `${name}-out`), ['sites'], fixtureTargets(), { cwd: join(dir, name) });
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return join(dir, `${name}-out`);
}

export default async function planBench(): Promise<void> {
  for (const { nodes, pool } of SIZES) await planAt(nodes, pool);
}

async function planAt(nodes: number, pool: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-plan-'));
  try {
    const site = generateSite({ nodes, miners: nodes * 5 });
    const baseOut = await synthTo(dir, 'base', nodes, stringify(site));
    const headOut = await synthTo(dir, 'head', nodes, stringify(planChange(site, pool)));
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
    process.stdout.write(`plan nodes=${plan.sites[0]!.metrics.find((m) => m.key === 'nodes')!.old} changed=${changed} ms=${Math.round(ms)} rss_mb=${Math.round(rssMB)}\n`);
    process.stderr.write(`plan: comment ${comment.text.length} chars (${comment.cut} parts cut), full Markdown ${full.length}, JSON ${json.length}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
