/**
 * The synth layer, below cli/, plan/ and deploy/: find site files, load and resolve every one
 * (collecting all problems), render every target, and write the output atomically. Paths are
 * taken relative to a working directory given as a parameter (default: the process's), so a
 * caller synthesizing another tree (plan, for a git revision) never changes the process's.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../constructs/diagnostics';
import { UsageError } from '../constructs/diagnostics';
import type { ClusterOverrides } from '../constructs/clusters';
import { fleetOfLoaded } from '../constructs/fleet';
import { displayPath, loadSite } from '../constructs/load';
import type { ResolvedSite } from '../constructs/resolved-site';
import type { OutputFile, Target } from '../stacks';
import { OutputTransaction, type OutputInputs, type OutputOptions } from './output-writer';

export interface SiteOutput {
  readonly site: ResolvedSite;
  /** The files rendered (empty when synthesizeInto streamed them to disk). */
  readonly files: readonly OutputFile[];
  readonly ms: number;
}

/** A site rendered: for progress lines. */
export interface SiteProgress {
  readonly site: ResolvedSite;
  readonly files: number;
  readonly ms: number;
}

export interface SynthResult {
  readonly sites: readonly SiteOutput[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  /** What the run read (site files, inventories, folders named), which the output may not overlap. */
  readonly inputs: OutputInputs;
}

/** Site files named by PATHs: files as given; folders contribute their top-level *.yaml / *.yml. */
export async function findSiteFiles(paths: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(resolve(cwd, p));
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const entries = (await readdir(resolve(cwd, p), { withFileTypes: true }))
        .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
        .map((e) => join(p, e.name))
        .sort();
      if (entries.length === 0) throw new UsageError(`${p}: no site files (*.yaml, *.yml) in this folder`);
      files.push(...entries);
    } else {
      files.push(p);
    }
  }
  return [...new Set(files)];
}

export interface SynthOptions {
  /** Directory the site paths are relative to, and file names in messages (default process.cwd()). */
  readonly cwd?: string;
  /** Called as each site is rendered (progress lines). */
  readonly onSite?: (p: SiteProgress) => void;
  /** --management-context / --workload-context: every site's clusters, overridden. */
  readonly clusters?: ClusterOverrides;
}

interface Prepared {
  readonly diagnostics: Diagnostic[];
  readonly ok: boolean;
  readonly sites: readonly { readonly site: ResolvedSite; readonly siteFile: string; readonly loadMs: number }[];
  readonly inputs: OutputInputs;
}

/** Loads and resolves every site; renders them when all are valid, keeping every file in memory. */
export async function synthesize(paths: readonly string[], targets?: readonly Target[], options: SynthOptions = {}): Promise<SynthResult> {
  const prepared = await prepare(paths, options);
  if (!prepared.ok) return { sites: [], diagnostics: prepared.diagnostics, ok: false, inputs: prepared.inputs };
  const sites: SiteOutput[] = [];
  for (const { site, siteFile, loadMs } of prepared.sites) {
    const start = performance.now();
    const files: OutputFile[] = [];
    await renderSite(site, targets, siteFile, (f) => {
      files.push(f);
    });
    const out = { site, files, ms: loadMs + performance.now() - start };
    options.onSite?.({ site, files: files.length, ms: out.ms });
    sites.push(out);
  }
  return { sites, diagnostics: prepared.diagnostics, ok: true, inputs: prepared.inputs };
}

/**
 * synthesize, writing into `outDir/<site>/` as it renders: each file goes to the temporary
 * tree when it is produced and is not kept, so memory does not grow with the output. Every
 * site is swapped in at the end, or none (see OutputTransaction). Nothing is written when a
 * site is invalid; OutputRefused is thrown, before any change, when the output folder is not
 * rackshift's to replace. The result's sites carry no files.
 */
export async function synthesizeInto(outDir: string, paths: readonly string[], targets?: readonly Target[], options: SynthOptions = {}): Promise<SynthResult> {
  const prepared = await prepare(paths, options);
  if (!prepared.ok) return { sites: [], diagnostics: prepared.diagnostics, ok: false, inputs: prepared.inputs };
  const cwd = options.cwd ?? process.cwd();
  const tx = await OutputTransaction.begin(resolve(cwd, outDir), prepared.sites.map((s) => s.site.name), { inputs: prepared.inputs, cwd });
  const sites: SiteOutput[] = [];
  try {
    for (const { site, siteFile, loadMs } of prepared.sites) {
      const start = performance.now();
      let count = 0;
      await renderSite(site, targets, siteFile, (f) => {
        count++;
        return tx.write(site.name, f.path, f.content);
      });
      const ms = loadMs + performance.now() - start;
      options.onSite?.({ site, files: count, ms });
      sites.push({ site, files: [], ms });
    }
  } catch (err) {
    await tx.abort();
    throw err;
  }
  await tx.commit();
  return { sites, diagnostics: prepared.diagnostics, ok: true, inputs: prepared.inputs };
}

/**
 * Every target's files for one site, handed to `emit` one by one as each target renders.
 * Targets default to every one (stacks/index.ts), imported only here, so a caller of
 * `findSiteFiles` alone (validate without --crds) never loads a renderer.
 */
async function renderSite(site: ResolvedSite, targets: readonly Target[] | undefined, siteFile: string, emit: (f: OutputFile) => void | Promise<void>): Promise<void> {
  for (const t of targets ?? (await import('../stacks')).TARGETS) {
    for (const f of await t.render(site, { siteFile })) await emit(f);
  }
}

/** Finds, loads and resolves every site file, and checks them together. */
async function prepare(paths: readonly string[], options: SynthOptions): Promise<Prepared> {
  const cwd = options.cwd ?? process.cwd();
  const files = await findSiteFiles(paths, cwd);
  const loaded = await Promise.all(files.map((f) => timed(() => loadSite(f, cwd))));
  const diagnostics: Diagnostic[] = loaded.flatMap(({ value }) => value.diagnostics);
  const seen = new Map<string, string>();
  for (const { value } of loaded) {
    if (!value.site) continue;
    const other = seen.get(value.site.name);
    if (other) {
      diagnostics.push({ severity: 'error', rule: 'rackshift:names/duplicate-site', path: 'metadata.name', file: displayPath(value.file, cwd), message: `site name "${value.site.name}" is also used by ${other}` });
    }
    seen.set(value.site.name, displayPath(value.file, cwd));
  }
  // The sites sharing a workload cluster, looked at together: names, and the one GPU Operator config.
  const resolved = loaded.filter(({ value }) => value.site);
  const fleet = fleetOfLoaded(
    resolved.map(({ value }) => value),
    cwd,
    options.clusters,
  );
  diagnostics.push(...fleet.diagnostics);
  const sites = resolved.map(({ value, ms }, i) => ({ site: fleet.sites[i]!, siteFile: resolve(cwd, value.file), loadMs: ms }));
  const inputs: OutputInputs = {
    files: [...sites.map((s) => s.siteFile), ...sites.flatMap((s) => (s.site.inventory.file ? [resolve(dirname(s.siteFile), s.site.inventory.file)] : []))],
    folders: await foldersAmong(paths, cwd),
  };
  return { diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), sites, inputs };
}

/** The PATHs that are folders, absolute. */
async function foldersAmong(paths: readonly string[], cwd: string): Promise<string[]> {
  const folders: string[] = [];
  for (const p of paths) if ((await stat(resolve(cwd, p)).catch(() => null))?.isDirectory()) folders.push(resolve(cwd, p));
  return folders;
}

/**
 * Writes every site's files under `outDir/<site>/`, all or nothing (see OutputTransaction):
 * refuses, before any change, a site folder rackshift did not write and an output folder that
 * overlaps `inputs`; a failure part-way leaves the previous output as it was.
 */
export async function writeOutput(outDir: string, sites: readonly SiteOutput[], options: OutputOptions = {}): Promise<void> {
  const tx = await OutputTransaction.begin(outDir, sites.map((s) => s.site.name), options);
  try {
    for (const s of sites) for (const f of s.files) await tx.write(s.site.name, f.path, f.content);
  } catch (err) {
    await tx.abort();
    throw err;
  }
  await tx.commit();
}


async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await f();
  return { value, ms: performance.now() - start };
}
