/**
 * The whole synth on generated sites of 1k, 5k and 20k GPU nodes (about 100k miners on the
 * largest): load (YAML + schema) → resolve → render every target → write the output.
 * Prints `synth nodes=N asics=M ms=T rss_mb=R` per size. Goal: 20k nodes under 3 s, linear.
 *
 * Then the 20k-node site with a full delivery inventory, phase by phase, so a regression shows
 * where it is: `synth-split nodes=N load_ms=… resolve_ms=… render_ms=… write_ms=…` (load: site
 * YAML + schema + inventory file; resolve: construct tree, budgets, nodes, inventory binding;
 * render: every target; write: the atomic output write).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadInventory } from '../constructs/inventory';
import { readSiteFile } from '../constructs/site-file';
import { Site } from '../constructs/site';
import { synthesize, writeOutput } from '../synth/synthesize';
import { TARGETS, type OutputFile } from '../stacks';
import { writeSiteWithInventory } from './bare-metal.bench';
import { generateSite } from './generate';

export const SIZES: readonly { nodes: number; miners: number }[] = [
  { nodes: 1_000, miners: 5_000 },
  { nodes: 5_000, miners: 25_000 },
  { nodes: 20_000, miners: 100_000 },
];

/** Writes the generated site, synthesizes it into a fresh folder, and returns the timing. */
export async function timeSynth(dir: string, nodes: number, miners: number): Promise<{ nodes: number; asics: number; ms: number; rssMB: number }> {
  const file = join(dir, `bench-${nodes}.yaml`);
  await writeFile(file, stringify(generateSite({ nodes, miners })));
  const out = join(dir, `out-${nodes}`);
  const start = performance.now();
  const result = await synthesize([file]);
  if (!result.ok) throw new Error(`generated site bench-${nodes} does not synthesize:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  await writeOutput(out, result.sites);
  const ms = performance.now() - start;
  const site = result.sites[0]!.site;
  return { nodes: site.totals.nodes, asics: site.fleets.reduce((n, f) => n + f.installed, 0), ms, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

export interface SynthSplit {
  readonly nodes: number;
  readonly loadMs: number;
  readonly resolveMs: number;
  readonly renderMs: number;
  readonly writeMs: number;
}

/**
 * The steps of `synthesize` + `writeOutput` (cli/synthesize.ts, constructs/load.ts) for one
 * valid site, timed one by one. Throws when the site has problems.
 */
export async function timeSynthSplit(file: string, out: string): Promise<SynthSplit> {
  const t0 = performance.now();
  const parsed = await readSiteFile(file);
  if (!parsed.spec) throw new Error(parsed.diagnostics.all.map(formatDiagnostic).join('\n'));
  const inventory = await loadInventory(parsed.spec, dirname(resolvePath(file)), parsed.diagnostics);
  const t1 = performance.now();
  const site = Site.fromSpec(parsed.spec).resolve({ file, diagnostics: parsed.diagnostics, ...(inventory ? { inventory } : {}) });
  const t2 = performance.now();
  const files: OutputFile[] = [];
  for (const t of TARGETS) files.push(...(await t.render(site, { siteFile: resolvePath(file) })));
  const t3 = performance.now();
  await writeOutput(out, [{ site, files, ms: 0 }]);
  const t4 = performance.now();
  return { nodes: site.totals.nodes, loadMs: t1 - t0, resolveMs: t2 - t1, renderMs: t3 - t2, writeMs: t4 - t3 };
}

export default async function synthBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-'));
  try {
    // Warm-up: module loading and JIT, so the first size is not charged for them.
    await timeSynth(dir, 100, 500);
    for (const { nodes, miners } of SIZES) {
      const r = await timeSynth(dir, nodes, miners);
      process.stdout.write(`synth nodes=${r.nodes} asics=${r.asics} ms=${Math.round(r.ms)} rss_mb=${Math.round(r.rssMB)}\n`);
    }
    const file = await writeSiteWithInventory(dir, 20_000);
    const s = await timeSynthSplit(file, join(dir, 'out-split'));
    process.stdout.write(`synth-split nodes=${s.nodes} load_ms=${Math.round(s.loadMs)} resolve_ms=${Math.round(s.resolveMs)} render_ms=${Math.round(s.renderMs)} write_ms=${Math.round(s.writeMs)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
