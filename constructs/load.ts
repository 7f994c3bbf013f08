/**
 * From a site file on disk to a ResolvedSite: read and check the YAML, build the construct
 * tree, resolve. All problems of one file come back together.
 */
import { resolve as resolvePath, dirname, relative } from 'node:path';
import type { Diagnostic } from './diagnostics';
import { SiteError } from './diagnostics';
import type { ResolvedSite } from './resolved-site';
import { readSiteFile } from './site-file';
import { Site } from './site';
import { loadInventory } from './inventory';
import { hasDuplicateNames, resolveSite } from './resolve';

export interface LoadedSite {
  readonly file: string;
  readonly site?: ResolvedSite;
  /** Errors and warnings (warnings also when the site resolved). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Loads one site file. Never throws for problems in the input: they are in `diagnostics`. */
export async function loadSite(file: string): Promise<LoadedSite> {
  const shown = displayPath(file);
  const parsed = await readSiteFile(file);
  if (!parsed.spec) return { file, diagnostics: relabel(parsed.diagnostics.all, shown) };
  try {
    const inventory = await loadInventory(parsed.spec, dirname(resolvePath(file)), parsed.diagnostics);
    const options = { file: shown, diagnostics: parsed.diagnostics, ...(inventory ? { inventory } : {}) };
    // A construct tree cannot hold two children of one kind with one name; such a site is
    // resolved from its spec directly, which reports the duplicates with every other problem.
    const site = hasDuplicateNames(parsed.spec) ? resolveSite(parsed.spec, options) : Site.fromSpec(parsed.spec).resolve(options);
    return { file, site, diagnostics: relabel(site.warnings, shown) };
  } catch (err) {
    if (err instanceof SiteError) return { file, diagnostics: relabel(err.diagnostics, shown) };
    throw err;
  }
}

/** Paths in messages are relative to the working directory, as the user typed them. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolvePath(file));
  return rel.startsWith('..') ? resolvePath(file) : rel;
}

function relabel(ds: readonly Diagnostic[], file: string): Diagnostic[] {
  return ds.map((d) => (d.file === undefined || d.file !== file ? { ...d, file } : d));
}
