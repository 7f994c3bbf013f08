/** Loading example and fixture sites in tests: the resolved site, or a failure naming every problem. */
import { formatDiagnostic } from '../../constructs/diagnostics';
import { loadSite } from '../../constructs/load';
import type { ResolvedSite } from '../../constructs/resolved-site';

export async function resolvedSite(file: string): Promise<ResolvedSite> {
  const loaded = await loadSite(file);
  if (!loaded.site) throw new Error(`${file} did not resolve:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
  return loaded.site;
}
