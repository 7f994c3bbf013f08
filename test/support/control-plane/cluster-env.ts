/**
 * What the cluster tests share: which cluster each example site's tests run against (its own
 * local control plane, when global-setup started them), the sites' synthesized objects, an
 * admin client, polling, and the GPU Node objects the model describes.
 */
import { readFileSync } from 'node:fs';
import type { ResolvedSite } from '../../../constructs/resolved-site';
import { KubeApiError, KubeClient } from '../../../deploy/kube-client';
import type { KubeObject } from '../../../deploy/kube-object';
import { loadKubeConfig } from '../../../deploy/kubeconfig';
import { mapLimit } from '../../../deploy/map-limit';
import { kubernetesObjects } from '../../../stacks/kubernetes/objects';
import { resolvedSite } from '../../helpers/sites';
import type { ControlPlaneInfo } from './local-cluster';

/** The example sites; the local control plane runs one cluster for each, as a site is deployed to a cluster of its own. */
export const EXAMPLE_SITES = ['permian-1', 'red-river'] as const;
export const siteFile = (site: string): string => `sites/${site}.yaml`;

/** What global-setup started: one local control plane per example site. */
export interface LocalClusters {
  readonly sites: Record<string, ControlPlaneInfo>;
}

export function localClusters(): LocalClusters | undefined {
  const file = process.env.RACKSHIFT_CONTROL_PLANE;
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as LocalClusters) : undefined;
}

export interface SiteCluster {
  readonly kubeconfig: string;
  /** Set on the local control plane (Node objects may be registered, Kueue runs). */
  readonly local?: ControlPlaneInfo;
}

/**
 * The cluster a site's tests deploy to: its own local control plane, or KUBECONFIG's cluster
 * for the first example site only (the scenarios deploy one site per cluster, without the
 * cluster's shared unit that several sites of one cluster need); undefined: skip.
 */
export function clusterFor(site: string): SiteCluster | undefined {
  const local = localClusters()?.sites[site];
  if (local) return { kubeconfig: local.kubeconfig, local };
  if (!process.env.KUBECONFIG) return undefined;
  return site === EXAMPLE_SITES[0] ? { kubeconfig: process.env.KUBECONFIG.split(':')[0]! } : undefined;
}

export async function adminClient(kubeconfig: string): Promise<KubeClient> {
  return KubeClient.connect(loadKubeConfig({ kubeconfig }), { requestTimeoutMs: 30_000 });
}

export async function siteObjects(name: string): Promise<{ site: ResolvedSite; objects: KubeObject[] }> {
  const site = await resolvedSite(siteFile(name));
  return { site, objects: kubernetesObjects(site) as unknown as KubeObject[] };
}

/** GET that answers undefined for 404. */
export async function getOrUndefined<T = KubeObject>(client: KubeClient, path: string): Promise<T | undefined> {
  return client.request<T>({ method: 'GET', path }).then(
    (r) => r.body,
    (e: unknown) => (e instanceof KubeApiError && e.status === 404 ? undefined : Promise.reject(e)),
  );
}

/** Polls until `probe` returns a value (not undefined); fails with `what` and the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, opts: { timeoutMs?: number; describe?: () => Promise<string> } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not within ${(opts.timeoutMs ?? 60_000) / 1000}s: ${what}${opts.describe ? `; ${await opts.describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Node objects for every node of the site's pools, as they are once joined and labelled:
 * the kubelet's labels and taints, the isolation labels deploy sets, and capacity = the pool's per-node shape with GPUs in the
 * extended resource the nodes advertise (× MIG slices per GPU where the pool uses MIG).
 */
export function gpuNodes(site: ResolvedSite): KubeObject[] {
  return site.pools.flatMap((pool) => {
    const capacity = {
      cpu: String(pool.perNode.cpu),
      memory: `${pool.perNode.memoryGiB}Gi`,
      pods: '110',
      [pool.gpuResource.name]: String(pool.perNode.gpus * pool.gpuResource.perGpu),
    };
    return pool.nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      // The kubelet's labels, plus the isolation labels rackshift deploy sets once a node joins.
      metadata: { name: n.name, labels: { ...n.labels, ...n.isolationLabels, 'kubernetes.io/hostname': n.name } },
      spec: { taints: n.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })) },
      status: { capacity, allocatable: capacity, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'registered by the rackshift cluster tests' }] },
    }));
  });
}

/** Creates (or leaves as they are) the site's GPU Node objects; returns how many exist. */
export async function registerGpuNodes(client: KubeClient, site: ResolvedSite): Promise<number> {
  const nodes = gpuNodes(site);
  await mapLimit(nodes, 16, async (node) => {
    await client.request({ method: 'POST', path: '/api/v1/nodes', body: node }).catch((e: unknown) => {
      if (!(e instanceof KubeApiError && e.status === 409)) throw e;
    });
    // The API server's TaintNodesByCondition admission adds node.kubernetes.io/not-ready to a
    // new Node; the node lifecycle controller (not run here) lifts it once the node is Ready.
    await client.request({ method: 'PATCH', path: `/api/v1/nodes/${node.metadata.name}`, contentType: 'application/merge-patch+json', body: { spec: node.spec } });
  });
  return nodes.length;
}
