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

export interface RenderContext {
  /** Absolute path of the site file the resolved site came from. */
  readonly siteFile: string;
}

export interface Target {
  /** Short name used in progress lines and `--target` filters: `summary`, `kubernetes`, … */
  readonly name: string;
  render(site: ResolvedSite, ctx: RenderContext): readonly OutputFile[] | Promise<readonly OutputFile[]>;
}
