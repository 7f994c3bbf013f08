/**
 * The bare-metal target on generated sites with a full delivery inventory (every node has a
 * BareMetalHost, two DHCP reservations and its cloud-init): render + write of the bare-metal
 * files alone (`emit`), and the whole synth of the site with every target (`synth … bare-metal`).
 * Prints `emit target=bare-metal nodes=N files=F ms=T rss_mb=R`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { formatDiagnostic } from '../constructs/diagnostics';
import { loadSite } from '../constructs/load';
import { synthesize, writeOutput } from '../synth/synthesize';
import { bareMetalTarget } from '../stacks/bare-metal';
import { generateSite } from './generate';

const SIZES = [1_000, 5_000, 20_000] as const;

/** A site file plus a CSV inventory naming every active node (locally administered MACs). */
export async function writeSiteWithInventory(dir: string, nodes: number, backends?: readonly ('metal3' | 'tinkerbell')[]): Promise<string> {
  const spec = generateSite({ nodes, miners: nodes * 5 });
  const plain = join(dir, `plain-${nodes}.yaml`);
  await writeFile(plain, stringify(spec));
  const loaded = await loadSite(plain);
  if (!loaded.site) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  // osDriveSerials: the systems have data drives too, so each host names its OS drive (bind.ts).
  const rows = ['serial,node,bmcMac,bootMac,osDriveSerials'];
  let n = 0;
  const mac = (kind: number, i: number) => `02:${kind.toString(16).padStart(2, '0')}:${[(i >> 16) & 255, (i >> 8) & 255, i & 255, 0].map((b) => b.toString(16).padStart(2, '0')).join(':')}`.slice(0, 17);
  for (const p of loaded.site.pools) {
    const osDrives = p.system.storage?.os.count ?? 1; // as many serials as the catalog's OS drives
    for (const node of p.nodes) {
      n++;
      const serials = Array.from({ length: osDrives }, (_, i) => `BENCH${n}-OS${i + 1}`).join(';');
      rows.push(`BENCH${n},${node.name},${mac(1, n)},${mac(2, n)},${serials}`);
    }
  }
  await writeFile(join(dir, `inventory-${nodes}.csv`), `${rows.join('\n')}\n`);
  const file = join(dir, `bench-bm-${nodes}${backends ? `-${backends.join('-')}` : ''}.yaml`);
  const provisioning = backends ? { provisioning: { backends: [...backends] } } : {};
  await writeFile(file, stringify({ ...spec, spec: { ...spec.spec, inventory: { file: `inventory-${nodes}.csv` }, ...provisioning } }));
  return file;
}

export default async function bareMetalBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rackshift-bench-bm-'));
  try {
    for (const nodes of SIZES) {
      const file = await writeSiteWithInventory(dir, nodes);
      const site = await emit(dir, file, nodes, '');
      // The whole synth (load, resolve with the inventory, every target, write).
      const t0 = performance.now();
      const all = await synthesize([file]);
      await writeOutput(join(dir, `synth-${nodes}`), all.sites);
      const total = performance.now() - t0;
      process.stdout.write(`synth nodes=${site.totals.nodes} inventory=${site.inventory.hosts.length} targets=all ms=${Math.round(total)} files=${all.sites[0]!.files.length}\n`);
    }
    // The opt-in Tinkerbell backend at the largest size: alone, and next to Metal3.
    const largest = SIZES[SIZES.length - 1];
    for (const backends of [['tinkerbell'], ['metal3', 'tinkerbell']] as const) {
      await emit(dir, await writeSiteWithInventory(dir, largest, backends), largest, ` backends=${backends.join(',')}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Emit: the bare-metal target alone, rendered and written; prints one `emit` line. */
async function emit(dir: string, file: string, nodes: number, tag: string) {
  const loaded = await synthesize([file], []);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const start = performance.now();
  const site = loaded.sites[0]!.site;
  const files = await bareMetalTarget.render(site, { siteFile: file });
  await writeOutput(join(dir, `emit-${nodes}${tag.replace(/\W+/g, '-')}`), [{ site, files, ms: 0 }]);
  const ms = performance.now() - start;
  process.stdout.write(`emit target=bare-metal${tag} nodes=${site.totals.nodes} files=${files.length} ms=${Math.round(ms)} rss_mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}\n`);
  return site;
}
