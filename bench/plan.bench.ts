/**
 * `rackshift plan` on the 20,000-node generated site: read both synthesized outputs, diff them,
 * render the comment (cut to GitHub's limit), the full Markdown and the JSON. Synthesis is not
 * timed. The change (bench/plan-change.ts) removes a tenant, halves another and retires 100
 * nodes. Prints `plan nodes=N changed=K ms=T rss_mb=R`. Goal: under 2 s.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatDiagnostic } from '../constructs/diagnostics';
import { synthesize, writeOutput } from '../synth/synthesize';
import { buildPlan } from '../plan/build-plan';
import { fitComment } from '../plan/fit-comment';
import { planBlocks, renderMarkdown } from '../plan/markdown';
import { loadSide } from '../plan/plan-side';
import { stableJson } from '../lib/json';
import { fixtureTargets } from '../test/plan/fixture-targets';
import { stringify } from 'yaml';
import { generateSite } from './generate';
import { planChange } from './plan-change';

const NODES = 20_000;

async function synthTo(dir: string, name: string, text: string): Promise<string> {
  await mkdir(join(dir, name, 'sites'), { recursive: true });
  await writeFile(join(dir, name, 'sites', 'bench-20000.yaml'), text);
  // Every real target, plus a Node object per node (test/plan/fixture-targets.ts). From the
  // folder itself, so both sides name their site file `sites/bench-20000.yaml`.
  const previous = process.cwd();
  process.chdir(join(dir, name));
  let result;
  try {
    result = await synthesize(['sites'], fixtureTargets());
  } finally {
    process.chdir(previous);
  }
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  await writeOutput(join(dir, `${name}-out`), result.sites);
  return join(dir, `${name}-out`);
}

export default async function planBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-plan-'));
  try {
    const site = generateSite({ nodes: NODES, miners: 100_000 });
    const baseOut = await synthTo(dir, 'base', stringify(site));
    const headOut = await synthTo(dir, 'head', stringify(planChange(site)));
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
