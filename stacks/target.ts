/**
 * A target renders a ResolvedSite into files under `DIR/<site>/`. Targets only read the
 * resolved site: they never re-derive budgets, names or addresses.
 */
import type { ResolvedSite } from '../constructs/resolved-site';

export interface OutputFile {
  /** Path relative to `DIR/<site>/`, with `/` separators, e.g. `kubernetes/tenants/acme.yaml`. */
  readonly path: string;
  readonly content: string;
}

/**
 * A file whose content is rendered each time it is read, and not kept: a writer that streams
 * the output reads it once, so a target's large files never all live in memory at once.
 */
export function lazyFile(path: string, render: () => string): OutputFile {
  return {
    path,
    get content() {
      return render();
    },
  };
}

export interface RenderContext {
  /** Absolute path of the site file the resolved site came from. */
  readonly siteFile: string;
}

export interface Target {
  /** Short name used in progress lines and `--target` filters: `summary`, `kubernetes`, … */
  readonly name: string;
  render(site: ResolvedSite, ctx: RenderContext): readonly OutputFile[] | Promise<readonly OutputFile[]>;
}
