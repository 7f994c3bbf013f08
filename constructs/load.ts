/**
 * From a site file on disk to a ResolvedSite: read and check the YAML, build the construct
 * tree, resolve. All problems of one file come back together.
 */
import { resolve as resolvePath, dirname } from 'node:path';
import type { Diagnostic, Locator } from './diagnostics';
import { SiteError } from './diagnostics';
import type { ResolvedSite } from './resolved-site';
import { readSiteFile } from './site-file';
import { Site } from './site';
import { loadInventory } from './inventory';
import { displayPath } from './display-path';
import { hasDuplicateNames, resolveSite } from './resolve';
import { salvagedErrors } from './salvage';

export { displayPath };

export interface LoadedSite {
  readonly file: string;
  readonly site?: ResolvedSite;
  /** Errors and warnings (warnings also when the site resolved). */
  readonly diagnostics: readonly Diagnostic[];
  /** Places a field path in the site file (for problems found across sites). */
  readonly locate?: Locator;
}

/**
 * Loads one site file, `file` relative to `cwd` (which messages are relative to too). Never
 * throws for problems in the input: they are in `diagnostics`.
 */
export async function loadSite(file: string, cwd: string = process.cwd()): Promise<LoadedSite> {
  const full = resolvePath(cwd, file);
  const shown = displayPath(full, cwd);
  const parsed = await readSiteFile(full);
  if (!parsed.spec) {
    // Schema errors, and the semantic errors of the rest of the file (one pass, see salvage.ts).
    const semantic = parsed.salvaged ? salvagedErrors(parsed.salvaged.salvage, full, parsed.salvaged.locate) : [];
    return { file, diagnostics: relabel([...parsed.diagnostics.all, ...semantic], full, shown) };
  }
  try {
    const inventory = await loadInventory(parsed.spec, dirname(full), parsed.diagnostics, cwd);
    const options = { file: shown, diagnostics: parsed.diagnostics, ...(inventory ? { inventory } : {}) };
    // A construct tree cannot hold two children of one kind with one name; such a site is
    // resolved from its spec directly, which reports the duplicates with every other problem.
    const site = hasDuplicateNames(parsed.spec) ? resolveSite(parsed.spec, options) : Site.fromSpec(parsed.spec).resolve(options);
    return { file, site, diagnostics: relabel(site.warnings, full, shown), locate: (path) => parsed.diagnostics.place(path) };
  } catch (err) {
    if (err instanceof SiteError) return { file, diagnostics: relabel(err.diagnostics, full, shown) };
    throw err;
  }
}

/** Shows the site file's problems under its display path; problems placed in other files (the inventory) keep theirs. */
function relabel(ds: readonly Diagnostic[], file: string, shown: string): Diagnostic[] {
  return ds.map((d) => (d.file === undefined || d.file === file ? { ...d, file: shown } : d));
}
