/**
 * Which cluster a change lands in, read from the site's clusters.json (head's, else base's):
 * `workload cluster texas-gpu`, or `management cluster (the deploy context)`. Nothing for
 * folders that hold no Kubernetes objects, or output written before clusters.json existed.
 */
import { CLUSTER_ROLES } from '../constructs/clusters';
import { CLUSTERS_FILE } from '../stacks/clusters';

interface ClustersFile {
  readonly [role: string]: { readonly context?: string | null; readonly folders?: readonly string[] } | unknown;
}

export function clusterOfTarget(files: ReadonlyMap<string, string> | undefined, fallback: ReadonlyMap<string, string> | undefined): (target: string) => string | undefined {
  const text = files?.get(CLUSTERS_FILE) ?? fallback?.get(CLUSTERS_FILE);
  let doc: ClustersFile | undefined;
  try {
    doc = text ? (JSON.parse(text) as ClustersFile) : undefined;
  } catch {
    doc = undefined;
  }
  const byFolder = new Map<string, string>();
  for (const role of CLUSTER_ROLES) {
    const entry = doc?.[role] as { context?: unknown; folders?: unknown } | undefined;
    if (!entry || !Array.isArray(entry.folders)) continue;
    const context = typeof entry.context === 'string' ? entry.context : '(the deploy context)';
    for (const f of entry.folders) if (typeof f === 'string') byFolder.set(f, `${role} cluster ${context}`);
  }
  return (target) => byFolder.get(target);
}
