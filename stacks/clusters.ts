/**
 * clusters.json: which cluster each of the site's output folders is for, so a reader of the
 * output (and `deploy`, and `plan`) sees where every file's objects go without the site file.
 */
import { ROLE_FOLDERS, type ClusterRole } from '../constructs/clusters';
import type { ResolvedSite } from '../constructs/resolved-site';
import { stableJson } from '../lib/json';
import { MANIFESTS_DIR, SHARED_FILE } from './kubernetes/manifests';
import type { Target } from './target';

export const CLUSTERS_FILE = 'clusters.json';

/** What `context: null` means, written into the file so it explains itself. */
export const DEPLOY_CONTEXT = 'the context deploy is given (--context, else the kubeconfig current-context)';

export function clustersDocument(site: ResolvedSite) {
  const role = (r: ClusterRole) => ({
    context: site.clusters[r].context ?? null,
    folders: ROLE_FOLDERS[r],
  });
  return {
    apiVersion: site.apiVersion,
    kind: 'SiteClusters',
    site: site.name,
    ...(site.clusters.management.context === undefined || site.clusters.workload.context === undefined ? { contextNull: DEPLOY_CONTEXT } : {}),
    management: role('management'),
    workload: {
      ...role('workload'),
      // Applied once per cluster as its shared unit; the same content in every site listed.
      shared: { files: [`${MANIFESTS_DIR}/${SHARED_FILE}`], sites: site.clusters.workload.sites },
    },
  };
}

export const clustersTarget: Target = {
  name: 'clusters',
  render: (site) => [{ path: CLUSTERS_FILE, content: stableJson(clustersDocument(site)) }],
};
