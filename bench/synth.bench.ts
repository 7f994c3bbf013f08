/**
 * The whole synth on generated sites of 1k, 5k and 20k GPU nodes (about 100k miners on the
 * largest): load (YAML + schema) → resolve → render every target → write the output.
 * Prints `synth nodes=N asics=M ms=T rss_mb=R` per size. Goal: 20k nodes under 3 s, linear.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { synthesize, writeOutput } from '../cli/synthesize';
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

export default async function synthBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-'));
  try {
    // Warm-up: module loading and JIT, so the first size is not charged for them.
    await timeSynth(dir, 100, 500);
    for (const { nodes, miners } of SIZES) {
      const r = await timeSynth(dir, nodes, miners);
      process.stdout.write(`synth nodes=${r.nodes} asics=${r.asics} ms=${Math.round(r.ms)} rss_mb=${Math.round(r.rssMB)}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
