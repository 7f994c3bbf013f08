/**
 * The whole synth on generated sites of 1k, 5k, 20k, 50k and 100k GPU nodes (5 miners per
 * node): load (YAML + schema) → resolve → render every target → write the output, streamed
 * as `rackshift synth` does. Prints `synth nodes=N gpus=G asics=M ms=T rss_mb=R` per size.
 * Goals: 20k nodes under 3 s; 100k/20k time ratio ≤ 5.5 (linear).
 *
 * Campus scale as a user meets it: `rackshift synth` in its own process on the 20k and 100k
 * sites, `synth-process nodes=N ms=T cpu_ms=C rss_mb=R` (wall time, the child's own CPU time
 * and peak RSS). Goal: 100k nodes in ≤ 5 s and ≤ 1 GB.
 *
 * Then the 20k-node site with a full delivery inventory, phase by phase, so a regression shows
 * where it is: `synth-split nodes=N load_ms=… resolve_ms=… render_ms=… write_ms=…` (load: site
 * YAML + schema + inventory file; resolve: construct tree, budgets, nodes, inventory binding;
 * render: every target; write: the atomic output write).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadInventory } from '../constructs/inventory';
import { readSiteFile } from '../constructs/site-file';
import { Site } from '../constructs/site';
import { synthesizeInto, writeOutput } from '../synth/synthesize';
import { TARGETS, type OutputFile } from '../stacks';
import { writeSiteWithInventory } from './bare-metal.bench';
import { generateSite } from './generate';

export const SIZES: readonly { nodes: number; miners: number }[] = [
  { nodes: 1_000, miners: 5_000 },
  { nodes: 5_000, miners: 25_000 },
  { nodes: 20_000, miners: 100_000 },
  // Campus scale: 100k nodes is about 680k GPUs (the generator's mix of GB200, B200, H100, L40S).
  { nodes: 50_000, miners: 250_000 },
  { nodes: 100_000, miners: 500_000 },
];

/** Sizes the whole-process line runs at: the ratio of the two is the linearity check. */
export const PROCESS_SIZES: readonly { nodes: number; miners: number }[] = [
  { nodes: 20_000, miners: 100_000 },
  { nodes: 100_000, miners: 500_000 },
];

/** Writes the generated site, synthesizes it into a fresh folder, and returns the timing. */
export async function timeSynth(dir: string, nodes: number, miners: number): Promise<{ nodes: number; gpus: number; asics: number; ms: number; rssMB: number }> {
  const file = join(dir, `bench-${nodes}.yaml`);
  await writeFile(file, stringify(generateSite({ nodes, miners })));
  const out = join(dir, `out-${nodes}`);
  const start = performance.now();
  const result = await synthesizeInto(out, [file]);
  if (!result.ok) throw new Error(`generated site bench-${nodes} does not synthesize:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  const ms = performance.now() - start;
  const site = result.sites[0]!.site;
  await rm(out, { recursive: true, force: true }); // the 100k tree is about 190 MB
  return { nodes: site.totals.nodes, gpus: site.totals.gpus, asics: site.fleets.reduce((n, f) => n + f.installed, 0), ms, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

/** `rackshift synth FILE --out DIR` in a child process: wall time, the child's CPU time and peak RSS. */
export async function timeSynthProcess(dir: string, nodes: number, miners: number): Promise<{ ms: number; cpuMs: number; rssMB: number }> {
  const file = join(dir, `process-${nodes}.yaml`);
  await writeFile(file, stringify(generateSite({ nodes, miners })));
  const out = join(dir, `process-out-${nodes}`);
  const here = dirname(fileURLToPath(import.meta.url));
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(join(here, 'process-usage.mjs')).href, join(here, '..', 'bin', 'rackshift.mjs'), 'synth', file, '--out', out], { encoding: 'utf8' });
  const ms = performance.now() - start;
  await rm(out, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`rackshift synth of ${nodes} nodes exited ${child.status}:\n${child.stderr}`);
  const usage = /process-usage cpu_ms=(\d+) rss_kb=(\d+)/.exec(child.stderr);
  if (!usage) throw new Error(`no process-usage line from the child:\n${child.stderr}`);
  return { ms, cpuMs: Number(usage[1]), rssMB: Number(usage[2]) / 1024 };
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
  await writeOutput(out, [{ site, files, ms: 0 }], { inputs: { files: [file] } });
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
      process.stdout.write(`synth nodes=${r.nodes} gpus=${r.gpus} asics=${r.asics} ms=${Math.round(r.ms)} rss_mb=${Math.round(r.rssMB)}\n`);
    }
    for (const { nodes, miners } of PROCESS_SIZES) {
      const r = await timeSynthProcess(dir, nodes, miners);
      process.stdout.write(`synth-process nodes=${nodes} ms=${Math.round(r.ms)} cpu_ms=${r.cpuMs} rss_mb=${Math.round(r.rssMB)}\n`);
    }
    const file = await writeSiteWithInventory(dir, 20_000);
    const s = await timeSynthSplit(file, join(dir, 'out-split'));
    process.stdout.write(`synth-split nodes=${s.nodes} load_ms=${Math.round(s.loadMs)} resolve_ms=${Math.round(s.resolveMs)} render_ms=${Math.round(s.renderMs)} write_ms=${Math.round(s.writeMs)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
