/**
 * --management-context / --workload-context (env RACKSHIFT_MANAGEMENT_CONTEXT,
 * RACKSHIFT_WORKLOAD_CONTEXT): send every site's bare-metal objects, or its tenancy, to one
 * context whatever the site files say. Given to synth, so the fleet step groups the sites by
 * the clusters they will really share.
 */
import { CONTEXT_NAME } from '../constructs/cluster-spec';
import type { ClusterOverrides } from '../constructs/clusters';
import { UsageError } from '../constructs/diagnostics';

export const CLUSTER_FLAGS = {
  'management-context': { type: 'string' },
  'workload-context': { type: 'string' },
} as const;

export const CLUSTER_FLAGS_USAGE = `  --management-context NAME  kubeconfig context for every site's bare-metal objects
                     (BareMetalHosts, BMC Secrets, Hardware), overriding spec.clusters.management
                     (env RACKSHIFT_MANAGEMENT_CONTEXT)
  --workload-context NAME    kubeconfig context for every site's tenancy, overriding
                     spec.clusters.workload (env RACKSHIFT_WORKLOAD_CONTEXT)`;

export function clusterOverrides(values: { 'management-context'?: string; 'workload-context'?: string }, env: NodeJS.ProcessEnv): ClusterOverrides {
  const pick = (flag: 'management-context' | 'workload-context', variable: string) => {
    const v = values[flag] ?? (env[variable] || undefined);
    if (v !== undefined && (!CONTEXT_NAME.test(v) || v.length > 253)) {
      throw new UsageError(`${values[flag] !== undefined ? `--${flag}` : variable} ${JSON.stringify(v)}: not a kubeconfig context name (letters, digits and . _ @ : / + -, starting with a letter or digit)`);
    }
    return v;
  };
  const management = pick('management-context', 'RACKSHIFT_MANAGEMENT_CONTEXT');
  const workload = pick('workload-context', 'RACKSHIFT_WORKLOAD_CONTEXT');
  return { ...(management ? { management } : {}), ...(workload ? { workload } : {}) };
}
