/**
 * The hardware delivery inventory (serials, MACs, BMC addresses) named by `spec.inventory`.
 * Until an inventory arrives, every node is pending and nothing that needs a MAC is invented.
 */
import type { Diagnostics } from './diagnostics';
import type { ResolvedInventory } from './resolved-site';
import type { SiteSpec } from './site-spec';

/**
 * Reads the site's inventory file, if it names one. Problems go into `diagnostics`.
 * Returns undefined when the site names no inventory (the resolver then marks every node pending).
 */
export async function loadInventory(spec: SiteSpec, _siteDir: string, _diagnostics: Diagnostics): Promise<ResolvedInventory | undefined> {
  if (!spec.spec.inventory) return undefined;
  // Parsing of CSV/YAML delivery manifests lands with the bare-metal target.
  return undefined;
}
